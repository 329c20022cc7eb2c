using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>One school's backfill preferences for one school year (domain §5.2), as Get-BackfillPreference shows them.</summary>
public sealed record BackfillPreferenceInfo
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>"2025-26".</summary>
    public required string SchoolYear { get; init; }
    public bool Enabled { get; init; }
    public bool RealtimeEnabled { get; init; }
    public string? ProgramName { get; init; }
    public decimal TargetHoursPerDay { get; init; } = 3.0m;
    public decimal MaxWorkExperienceHoursPerDay { get; init; }
    public DateTime? BackfillStartDate { get; init; }
    /// <summary>False when the school has no stored preferences for the year and the values above are the defaults.</summary>
    public bool IsStored { get; init; }
    internal int SchoolRef { get; init; }
    internal int SchoolYearNumber { get; init; }

    public override string ToString() => $"{School} {SchoolYear}";
}

/// <summary>The validated preferences a backfill run works with, in minutes.</summary>
public sealed record BackfillSettings
{
    public required int SchoolRef { get; init; }
    public required string SchoolId { get; init; }
    public required string SchoolName { get; init; }
    public required int SchoolYear { get; init; }
    public required DateOnly YearEnd { get; init; }
    public required bool RealtimeEnabled { get; init; }
    public required int ProgramRef { get; init; }
    public required string ProgramName { get; init; }
    public required BackfillRules Rules { get; init; }

    public override string ToString() => $"{SchoolName} ({SchoolId}) {SchoolYearText.Format(SchoolYear)}";
}

/// <summary>Reads, validates and writes <c>BackfillPreference</c> rows (domain §5.2, §5.7).</summary>
public static class BackfillPreferences
{
    private const string Columns = "p.SchoolRef, p.SchoolYear, p.Enabled, p.RealtimeEnabled, p.ProgramName, p.TargetHoursPerDay, p.MaxWorkExperienceHoursPerDay, p.BackfillStartDate";

    /// <summary>The stored preferences of one school and year, or the defaults (<c>IsStored = false</c>).</summary>
    internal static BackfillPreferenceInfo Read(DbConnection c, DbTransaction? tx, SchoolRow school, int year)
    {
        var rows = c.Query($"SELECT {Columns} FROM BackfillPreference p WHERE p.SchoolRef = @s AND p.SchoolYear = @y", r => Map(r, school), tx,
            ("s", school.SchoolRef), ("y", year));
        return rows.Count > 0 ? rows[0] : new BackfillPreferenceInfo
        {
            School = school.Name, SchoolId = school.SchoolId, SchoolYear = SchoolYearText.Format(year), SchoolRef = school.SchoolRef, SchoolYearNumber = year,
        };
    }

    private static BackfillPreferenceInfo Map(DbDataReader r, SchoolRow school) => new()
    {
        School = school.Name, SchoolId = school.SchoolId, SchoolRef = r.GetInt32(0), SchoolYearNumber = r.GetInt32(1), SchoolYear = SchoolYearText.Format(r.GetInt32(1)),
        Enabled = r.GetBool(2), RealtimeEnabled = r.GetBool(3), ProgramName = r.NullableString(4),
        TargetHoursPerDay = DbValue.Decimal(r.GetString(5)), MaxWorkExperienceHoursPerDay = DbValue.Decimal(r.GetString(6)),
        BackfillStartDate = r.NullableDate(7) is { } d ? d.ToDateTime(TimeOnly.MinValue) : null, IsStored = true,
    };

    /// <summary>Get-BackfillPreference: the schools the patterns name (default: every school with stored preferences), for one year.</summary>
    public static List<BackfillPreferenceInfo> Find(AttendanceStore store, IReadOnlyList<string> schools, int? schoolYear, Action<AttendanceException> notFound)
    {
        using var c = store.OpenConnection();
        var year = Lookups.ChosenYear(c, schoolYear, notFound);
        if (year is null) return [];
        var all = Lookups.Schools(c);
        var chosen = Lookups.ResolveSchools(schools, all, notFound);
        return all.Where(s => chosen?.Contains(s.SchoolRef) ?? true)
            .Select(s => Read(c, null, s, year.Value.Year))
            .Where(p => schools.Count > 0 || p.IsStored)
            .ToList();
    }

    /// <summary>
    /// The settings a run of <paramref name="school"/> in <paramref name="year"/> uses, validated:
    /// <c>BackfillNotEnabled</c>, <c>BackfillPreferenceInvalid</c> (naming the field) or <c>BackfillProgramMissing</c>.
    /// </summary>
    internal static BackfillSettings Settings(DbConnection c, DbTransaction? tx, SchoolRow school, int year)
    {
        var p = Read(c, tx, school, year);
        if (!p.Enabled)
            throw new AttendanceException("BackfillNotEnabled", FailureKind.InvalidOperation,
                $"Backfill is not enabled for {school.Name} ({school.SchoolId}) in {SchoolYearText.Format(year)}.", school.SchoolId,
                $"Run Set-BackfillPreference -School {school.SchoolId} -SchoolYear {SchoolYearText.Format(year)} -Enabled $true with the program and start date.");
        var bounds = Lookups.YearBounds(c, year) ?? throw NotFound.SchoolYear(SchoolYearText.Format(year));
        var programRef = Validate(c, tx, school, year, bounds, p);
        return new BackfillSettings
        {
            SchoolRef = school.SchoolRef, SchoolId = school.SchoolId, SchoolName = school.Name, SchoolYear = year, YearEnd = bounds.End,
            RealtimeEnabled = p.RealtimeEnabled, ProgramRef = programRef, ProgramName = p.ProgramName!,
            Rules = new BackfillRules((int)(p.TargetHoursPerDay * 60), (int)(p.MaxWorkExperienceHoursPerDay * 60), DateOnly.FromDateTime(p.BackfillStartDate!.Value)),
        };
    }

    /// <summary>Every rule of §5.2; returns the program's key.</summary>
    private static int Validate(DbConnection c, DbTransaction? tx, SchoolRow school, int year, (DateOnly Begin, DateOnly End) bounds, BackfillPreferenceInfo p)
    {
        var where = $"{school.Name} ({school.SchoolId}) in {SchoolYearText.Format(year)}";
        if (school.IsDistrictOffice)
            throw Invalid("School", school.SchoolId, $"{school.Name} ({school.SchoolId}) is the district office; continuation students are not taught there, so it has no backfill.",
                "Set the preferences on the continuation school.");
        if (string.IsNullOrWhiteSpace(p.ProgramName))
            throw Invalid("ProgramName", "", $"The backfill preferences of {where} name no program; ProgramName is required.", "Pass -ProgramName with the school's continuation program.");
        var programRef = c.ScalarLong("SELECT COALESCE(MAX(ProgramRef), 0) FROM Program WHERE SchoolRef = @s AND ProgramName = @n", tx,
            ("s", school.SchoolRef), ("n", p.ProgramName));
        if (programRef == 0)
            throw new AttendanceException("BackfillProgramMissing", FailureKind.NotFound,
                $"{school.Name} ({school.SchoolId}) has no program named '{p.ProgramName}' (the ProgramName of its backfill preferences for {SchoolYearText.Format(year)}).",
                p.ProgramName, "Import the program (programs.csv) or name an existing program of the school with -ProgramName.");
        if (p.TargetHoursPerDay <= 0 || p.TargetHoursPerDay > 24 || p.TargetHoursPerDay * 60 != decimal.Truncate(p.TargetHoursPerDay * 60))
            throw Invalid("TargetHoursPerDay", Text(p.TargetHoursPerDay),
                $"TargetHoursPerDay {Text(p.TargetHoursPerDay)} of {where} is not valid: it must be more than 0 and at most 24, in whole minutes.", "California uses 3 (hours per day).");
        if (p.MaxWorkExperienceHoursPerDay < 0 || p.MaxWorkExperienceHoursPerDay > 24
            || p.MaxWorkExperienceHoursPerDay * 60 != decimal.Truncate(p.MaxWorkExperienceHoursPerDay * 60))
            throw Invalid("MaxWorkExperienceHoursPerDay", Text(p.MaxWorkExperienceHoursPerDay),
                $"MaxWorkExperienceHoursPerDay {Text(p.MaxWorkExperienceHoursPerDay)} of {where} is not valid: it must be from 0 to 24, in whole minutes.", null);
        if (p.BackfillStartDate is not { } start)
            throw Invalid("BackfillStartDate", "", $"The backfill preferences of {where} have no BackfillStartDate; it is required.",
                "Pass -BackfillStartDate with the first day of the reporting period.");
        var d = DateOnly.FromDateTime(start);
        if (d < bounds.Begin || d > bounds.End)
            throw Invalid("BackfillStartDate", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"BackfillStartDate {d:yyyy-MM-dd} of {where} is outside the school year ({bounds.Begin:yyyy-MM-dd} to {bounds.End:yyyy-MM-dd}).",
                "Choose a date inside the school year.");
        return (int)programRef;
    }

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static AttendanceException Invalid(string field, string value, string message, string? action)
        => new("BackfillPreferenceInvalid", FailureKind.InvalidArgument, $"{message} (field {field})", field + "=" + value, action);

    /// <summary>What Set-BackfillPreference changes; null leaves the stored (or default) value.</summary>
    public sealed record Change
    {
        public required string School { get; init; }
        public int? SchoolYear { get; init; }
        public bool? Enabled { get; init; }
        public bool? RealtimeEnabled { get; init; }
        public string? ProgramName { get; init; }
        public decimal? TargetHoursPerDay { get; init; }
        public decimal? MaxWorkExperienceHoursPerDay { get; init; }
        public DateOnly? BackfillStartDate { get; init; }
        public string? LockToken { get; init; }
    }

    /// <summary>The preferences after the change, validated (a disabled school is validated too, so a bad value is never stored).</summary>
    public static (BackfillPreferenceInfo Before, BackfillPreferenceInfo After) Plan(AttendanceStore store, Change change)
    {
        using var c = store.OpenConnection();
        return Plan(c, null, change);
    }

    private static (BackfillPreferenceInfo, BackfillPreferenceInfo) Plan(DbConnection c, DbTransaction? tx, Change change)
    {
        var schools = Lookups.Schools(c);
        var school = schools.FirstOrDefault(s => string.Equals(s.SchoolId, change.School, StringComparison.OrdinalIgnoreCase))
                     ?? schools.FirstOrDefault(s => string.Equals(s.Name, change.School, StringComparison.OrdinalIgnoreCase))
                     ?? throw NotFound.School(change.School);
        AttendanceException? missing = null;
        var year = Lookups.ChosenYear(c, change.SchoolYear, e => missing = e) ?? throw missing ?? NotFound.SchoolYear("(current)");
        var before = Read(c, tx, school, year.Year);
        var after = before with
        {
            Enabled = change.Enabled ?? before.Enabled,
            RealtimeEnabled = change.RealtimeEnabled ?? before.RealtimeEnabled,
            ProgramName = change.ProgramName ?? before.ProgramName,
            TargetHoursPerDay = change.TargetHoursPerDay ?? before.TargetHoursPerDay,
            MaxWorkExperienceHoursPerDay = change.MaxWorkExperienceHoursPerDay ?? before.MaxWorkExperienceHoursPerDay,
            BackfillStartDate = change.BackfillStartDate is { } d ? d.ToDateTime(TimeOnly.MinValue) : before.BackfillStartDate,
            IsStored = true,
        };
        Validate(c, tx, school, year.Year, (year.Begin, year.End), after);
        return (before, after);
    }

    /// <summary>Writes the changed preferences with a run-log row through the engine's <see cref="WriteProtocol"/>; nothing when they are already so.</summary>
    public static BackfillPreferenceInfo Apply(AttendanceStore store, Change change, IOperationObserver observer)
        => WriteProtocol.Apply(store, "BackfillPreference", change.LockToken, tx =>
        {
            var (before, after) = Plan(tx.Connection, tx.Transaction, change);
            if (before == after)
            {
                observer.Verbose($"The backfill preferences of {after} are already so; nothing was written.");
                return after;
            }
            var started = store.Clock.GetUtcNow();
            var scope = $"Preferences: {after.School} ({after.SchoolId}) {after.SchoolYear}";
            var runId = RunLog.Start(tx.Connection, tx.Transaction, "BackfillPreference", scope, started);
            var journal = new RunJournal(tx.Connection, tx.Transaction, runId);
            var image = Image(after);
            tx.Connection.Execute("DELETE FROM BackfillPreference WHERE SchoolRef = @s AND SchoolYear = @y", tx.Transaction, ("s", after.SchoolRef), ("y", after.SchoolYearNumber));
            tx.Connection.Execute(
                "INSERT INTO BackfillPreference (SchoolRef, SchoolYear, Enabled, RealtimeEnabled, ProgramName, TargetHoursPerDay, MaxWorkExperienceHoursPerDay, BackfillStartDate) " +
                "VALUES (@s, @y, @e, @r, @p, @t, @w, @d)", tx.Transaction, [.. image.Select(kv => (Param(kv.Key), kv.Value))]);
            if (before.IsStored) journal.Updated(Storage.Schema.Tables.BackfillPreference, Image(before), image);
            else journal.Inserted(Storage.Schema.Tables.BackfillPreference, image);
            RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
            {
                Operation = "BackfillPreference", Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = started,
                FinishedAt = store.Clock.GetUtcNow(), Inserted = before.IsStored ? 0 : 1, Updated = before.IsStored ? 1 : 0, UndoRef = "journal",
            });
            observer.Verbose($"Saved the backfill preferences of {after} (run {runId}).");
            return after;
        }, observer, CancellationToken.None);

    private static string Param(string column) => column switch
    {
        "SchoolRef" => "s", "SchoolYear" => "y", "Enabled" => "e", "RealtimeEnabled" => "r", "ProgramName" => "p",
        "TargetHoursPerDay" => "t", "MaxWorkExperienceHoursPerDay" => "w", _ => "d",
    };

    private static RowImage Image(BackfillPreferenceInfo p) => new()
    {
        ["SchoolRef"] = (long)p.SchoolRef, ["SchoolYear"] = (long)p.SchoolYearNumber, ["Enabled"] = p.Enabled ? 1L : 0L,
        ["RealtimeEnabled"] = p.RealtimeEnabled ? 1L : 0L, ["ProgramName"] = p.ProgramName, ["TargetHoursPerDay"] = DbValue.Decimal(p.TargetHoursPerDay),
        ["MaxWorkExperienceHoursPerDay"] = DbValue.Decimal(p.MaxWorkExperienceHoursPerDay),
        ["BackfillStartDate"] = p.BackfillStartDate is { } d ? (long)DbValue.Date(DateOnly.FromDateTime(d)) : null,
    };
}
