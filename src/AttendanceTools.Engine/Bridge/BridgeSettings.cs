using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>A school's attendance settings for one year (Get-/Set-AttendanceBridge).</summary>
public sealed record AttendanceBridgeInfo
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>"2025-26".</summary>
    public required string SchoolYear { get; init; }
    /// <summary>"Daily" or "Meeting"; "Daily" when the school has no settings for the year.</summary>
    public required string RecordingMethod { get; init; }
    /// <summary>"None", "OneWay" or "TwoWay".</summary>
    public required string BridgeMode { get; init; }
    /// <summary>False when the year has no AttendanceSettings row and the two values above are the defaults.</summary>
    public bool HasAttendanceSettings { get; init; }
    /// <summary>The date the school changed to <see cref="RecordingMethod"/> during the year; null when it did not.</summary>
    public DateTime? RecordingMethodSince { get; init; }
    /// <summary>The method before <see cref="RecordingMethodSince"/>.</summary>
    public string? PreviousRecordingMethod { get; init; }
    /// <summary>The direction Sync-AttendanceBridge runs in for this recording method.</summary>
    public string SyncDirection => BridgeNames.DirectionFor(RecordingMethod).ToString();
    public int SchoolYearNumber { get; init; }

    public override string ToString() => $"{School} {SchoolYear}: {RecordingMethod}, {BridgeMode}";
}

/// <summary>What Set-AttendanceBridge changes; null values stay as they are.</summary>
public sealed record BridgeSettingsRequest
{
    public required string School { get; init; }
    public int? SchoolYear { get; init; }
    public string? RecordingMethod { get; init; }
    public string? BridgeMode { get; init; }
    /// <summary>The first day of the new recording method; default today (district time), inside the year.</summary>
    public DateOnly? EffectiveDate { get; init; }
    public DateOnly? AsOf { get; init; }
    public string? LockToken { get; init; }
}

/// <summary>Reads and writes AttendanceSettings and the recorded changes of recording method.</summary>
public static class BridgeSettings
{
    public const string OperationName = "BridgeSettings";

    /// <summary>The settings of the schools the patterns select (all but the district office when none), for one year.</summary>
    public static List<AttendanceBridgeInfo> Find(AttendanceStore store, IReadOnlyList<string> schools, int? schoolYear, Action<AttendanceException>? notFound)
    {
        using var c = store.OpenConnection();
        var year = Lookups.ChosenYear(c, schoolYear, notFound);
        if (year is null) return [];
        var all = Lookups.Schools(c);
        var refs = Lookups.ResolveSchools(schools, all, notFound);
        return all.Where(s => refs is null ? !s.IsDistrictOffice : refs.Contains(s.SchoolRef))
            .Select(s => Info(c, null, new BridgeSchoolRow(s.SchoolRef, s.SchoolId, s.Name, s.IsDistrictOffice), year.Value.Year))
            .ToList();
    }

    internal static AttendanceBridgeInfo Info(DbConnection c, DbTransaction? tx, BridgeSchoolRow school, int year)
    {
        var st = BridgeLoader.Settings(c, tx, school.SchoolRef, year);
        return new AttendanceBridgeInfo
        {
            School = school.Name, SchoolId = school.SchoolId, SchoolYear = SchoolYearText.Format(year), SchoolYearNumber = year,
            RecordingMethod = st.RecordingMethod, BridgeMode = st.BridgeMode, HasAttendanceSettings = st.Exists,
            RecordingMethodSince = st.MethodChangedOn?.ToDateTime(TimeOnly.MinValue), PreviousRecordingMethod = st.PreviousMethod,
        };
    }

    /// <summary>What the change would make of the settings, checked, without writing (for -WhatIf and the confirmation text).</summary>
    public static (AttendanceBridgeInfo Before, AttendanceBridgeInfo After) Plan(AttendanceStore store, BridgeSettingsRequest request)
    {
        using var c = store.OpenConnection();
        return Resolve(store, c, null, request);
    }

    /// <summary>Writes the settings through the engine's <see cref="WriteProtocol"/> (the store's writer lease, one transaction with the run log).</summary>
    public static AttendanceBridgeInfo Apply(AttendanceStore store, BridgeSettingsRequest request, IOperationObserver? observer = null)
    {
        if (request.AsOf is null)
        {
            // The district clock reads a store setting on its own connection: read it before the write transaction starts.
            using var c = store.OpenConnection();
            request = request with { AsOf = DateOnly.FromDateTime(DistrictClock.LocalNow(store, c)) };
        }
        return WriteProtocol.Apply(store, OperationName, request.LockToken, tx =>
        {
            var (before, after) = Resolve(store, tx.Connection, tx.Transaction, request);
            var school = BridgeLoader.FindSchool(tx.Connection, tx.Transaction, request.School)!;
            var started = store.Clock.GetUtcNow();
            (string, object?) s = ("s", school.SchoolRef), y = ("y", after.SchoolYearNumber);
            var changed = 0;
            if (!before.HasAttendanceSettings || before.RecordingMethod != after.RecordingMethod || before.BridgeMode != after.BridgeMode)
            {
                tx.Connection.Execute("DELETE FROM AttendanceSettings WHERE SchoolRef = @s AND SchoolYear = @y", tx.Transaction, s, y);
                tx.Connection.Execute("INSERT INTO AttendanceSettings (SchoolRef, SchoolYear, RecordingMethod, BridgeMode) VALUES (@s, @y, @m, @b)", tx.Transaction,
                    s, y, ("m", after.RecordingMethod), ("b", after.BridgeMode));
                changed++;
            }
            if (after.RecordingMethodSince != before.RecordingMethodSince && after.RecordingMethodSince is { } since)
            {
                var date = DbValue.Date(DateOnly.FromDateTime(since));
                tx.Connection.Execute("DELETE FROM RecordingMethodChange WHERE SchoolRef = @s AND SchoolYear = @y AND EffectiveDate = @d", tx.Transaction, s, y, ("d", date));
                tx.Connection.Execute(
                    "INSERT INTO RecordingMethodChange (SchoolRef, SchoolYear, EffectiveDate, PreviousMethod, RecordingMethod, RecordedAt, RecordedBy) " +
                    "VALUES (@s, @y, @d, @p, @m, @at, @by)", tx.Transaction,
                    s, y, ("d", date), ("p", after.PreviousRecordingMethod), ("m", after.RecordingMethod), ("at", DbValue.Timestamp(started)), ("by", RunLog.CurrentUser));
                changed++;
            }
            if (changed > 0)
                RunLog.Write(tx.Connection, tx.Transaction, new RunInfo
                {
                    Operation = OperationName, Scope = $"{after.School} {after.SchoolYear}: {after.RecordingMethod}, {after.BridgeMode}" +
                        (after.RecordingMethodSince is { } d && d != before.RecordingMethodSince ? $" since {d:yyyy-MM-dd}" : ""),
                    StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = store.Clock.GetUtcNow(),
                    Inserted = before.HasAttendanceSettings ? 0 : 1, Updated = before.HasAttendanceSettings ? 1 : 0,
                });
            return after;
        }, observer ?? NullObserver.Instance, CancellationToken.None);
    }

    private static (AttendanceBridgeInfo, AttendanceBridgeInfo) Resolve(AttendanceStore store, DbConnection c, DbTransaction? tx, BridgeSettingsRequest request)
    {
        var school = BridgeLoader.FindSchool(c, tx, request.School) ?? throw NotFound.School(request.School);
        if (school.IsDistrictOffice)
            throw new AttendanceException("BridgeDistrictOffice", FailureKind.InvalidOperation,
                $"{school.Name} is the district office; it takes no attendance, so it has no recording method or bridge.", school.Name);
        var year = request.SchoolYear ?? BridgeLoader.CurrentYear(c, tx) ?? throw NotFound.SchoolYear("(current)");
        var bounds = c.Query("SELECT BeginDate, EndDate FROM SchoolYear WHERE SchoolYear = @y", r => (r.GetDate(0), r.GetDate(1)), tx, ("y", year));
        if (bounds.Count == 0) throw NotFound.SchoolYear(SchoolYearText.Format(year));
        var before = Info(c, tx, school, year);
        var method = Canonical(request.RecordingMethod, BridgeNames.RecordingMethods, "RecordingMethod") ?? before.RecordingMethod;
        var mode = Canonical(request.BridgeMode, BridgeNames.BridgeModes, "BridgeMode") ?? before.BridgeMode;
        var after = before with { RecordingMethod = method, BridgeMode = mode, HasAttendanceSettings = true };
        if (request.EffectiveDate is not null && request.RecordingMethod is null)
            throw new AttendanceException("EffectiveDateWithoutMethod", FailureKind.InvalidArgument,
                $"{school.Name}: -EffectiveDate dates a change of recording method; give -RecordingMethod with it.", school.Name);
        // A change of method on a school that already had settings is a mid-year switch; an explicit
        // -EffectiveDate records one even on the first settings. Its date lets the sync default to the gap.
        var switches = method != before.RecordingMethod && before.HasAttendanceSettings;
        if (switches || request.EffectiveDate is not null)
        {
            var (begin, end) = bounds[0];
            var today = request.AsOf ?? DateOnly.FromDateTime(DistrictClock.LocalNow(store, c));
            var date = request.EffectiveDate ?? (today < begin ? begin : today > end ? end : today);
            if (date < begin || date > end)
                throw new AttendanceException("BridgeDateRangeInvalid", FailureKind.InvalidArgument,
                    $"{school.Name}: the effective date {date:yyyy-MM-dd} is outside school year {SchoolYearText.Format(year)} ({begin:yyyy-MM-dd}..{end:yyyy-MM-dd}).", date);
            after = after with
            {
                RecordingMethodSince = date.ToDateTime(TimeOnly.MinValue),
                PreviousRecordingMethod = method != before.RecordingMethod ? before.RecordingMethod
                    : before.PreviousRecordingMethod ?? (method == "Daily" ? "Meeting" : "Daily"),
            };
        }
        return (before, after);
    }

    /// <summary>Records changes of recording method as they are (the demo store's switcher school), in one transaction.</summary>
    public static void WriteMethodChanges(AttendanceStore store, IReadOnlyList<RecordingMethodChange> changes)
    {
        if (changes.Count == 0) return;
        WriteProtocol.Apply(store, OperationName, null, tx =>
        {
            foreach (var change in changes)
            {
                var school = BridgeLoader.FindSchool(tx.Connection, tx.Transaction, change.SchoolId) ?? throw NotFound.School(change.SchoolId);
                tx.Connection.Execute(
                    "INSERT INTO RecordingMethodChange (SchoolRef, SchoolYear, EffectiveDate, PreviousMethod, RecordingMethod, RecordedAt, RecordedBy) VALUES (@s, @y, @d, @p, @m, @at, @by)",
                    tx.Transaction, ("s", school.SchoolRef), ("y", change.SchoolYear), ("d", DbValue.Date(change.EffectiveDate)), ("p", change.PreviousMethod.ToString()),
                    ("m", change.RecordingMethod.ToString()), ("at", DbValue.Timestamp(store.Clock.GetUtcNow())), ("by", RunLog.CurrentUser));
            }
            return changes.Count;
        }, NullObserver.Instance, CancellationToken.None);
    }

    private static string? Canonical(string? value, string[] allowed, string field)
    {
        if (value is null) return null;
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
               ?? throw new AttendanceException("InvalidSetting", FailureKind.InvalidArgument,
                   $"'{value}' is not a {field}; use one of {string.Join(", ", allowed)}.", value);
    }
}
