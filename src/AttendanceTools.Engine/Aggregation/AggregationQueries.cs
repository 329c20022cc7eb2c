using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>One stored day aggregate, as Get-AttendanceAggregation shows it.</summary>
public sealed record DayAggregateInfo
{
    public required string Student { get; init; }
    public required string School { get; init; }
    public required string Calendar { get; init; }
    public required string SchoolYear { get; init; }
    /// <summary>The day (date part only), comparable with Get-Date.</summary>
    public required DateTime Date { get; init; }
    public required int ScheduledMinutes { get; init; }
    public required int AbsentMinutes { get; init; }
    public required int UnexcusedAbsentMinutes { get; init; }
    public string? MostCommonExcuse { get; init; }
    public required DateTimeOffset LastModified { get; init; }
}

/// <summary>One row of Get-ChronicAbsenteeism.</summary>
public sealed record ChronicAbsenteeismInfo
{
    public required string Student { get; init; }
    public required string Name { get; init; }
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string SchoolYear { get; init; }
    /// <summary>First and last day counted (date part only).</summary>
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    public required string Rule { get; init; }
    public required int EnrolledDays { get; init; }
    /// <summary>The exact sum of the rule's day values (a Fractional sum with no finite decimal to 28 significant digits); views round.</summary>
    public required decimal DaysAbsent { get; init; }
    /// <summary>DaysAbsent ÷ EnrolledDays, 0 to 1, exact (28 significant digits); views round, never up to the threshold.</summary>
    public required decimal Rate { get; init; }
    /// <summary>The chronic threshold as a fraction (0.1 = 10 %): IsChronic is Rate ≥ Threshold, compared exactly.</summary>
    public decimal Threshold { get; init; } = ChronicAbsenteeism.DefaultThreshold;
    public required bool IsChronic { get; init; }
    /// <summary>Why a student is not counted (<c>BelowMinimumDays</c>), else null.</summary>
    public string? Reason { get; init; }
}

public sealed record AggregateFilter
{
    public IReadOnlyList<string> Students { get; init; } = [];
    public IReadOnlyList<string> Schools { get; init; } = [];
    public IReadOnlyList<string> Calendars { get; init; } = [];
    /// <summary>Empty: the current school year.</summary>
    public IReadOnlyList<int> SchoolYears { get; init; } = [];
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool AbsentOnly { get; init; }
}

public sealed record ChronicRequest
{
    public IReadOnlyList<string> Students { get; init; } = [];
    public IReadOnlyList<string> Schools { get; init; } = [];
    public int? SchoolYear { get; init; }
    public DateOnly? From { get; init; }
    /// <summary>The as-of date; default the latest aggregated day of the year.</summary>
    public DateOnly? AsOf { get; init; }
    public DayAbsentRule Rule { get; init; } = DayAbsentRule.HalfDay;
    public decimal Threshold { get; init; } = ChronicAbsenteeism.DefaultThreshold;
    public int MinimumEnrolledDays { get; init; } = ChronicAbsenteeism.DefaultMinimumEnrolledDays;
}

public static class AggregationQueries
{
    /// <summary>
    /// Streams stored day aggregates in calendar, date and student order. A school, calendar, school
    /// year or student that names nothing is reported to <paramref name="notFound"/> (never a silent empty result).
    /// </summary>
    public static IEnumerable<DayAggregateInfo> Read(AttendanceStore store, AggregateFilter filter, Action<AttendanceException>? notFound = null,
        CancellationToken ct = default)
    {
        Lookups.CheckRange(filter.From, filter.To);
        return ReadChecked(store, filter, notFound ?? (e => throw e), ct);
    }

    private static IEnumerable<DayAggregateInfo> ReadChecked(AttendanceStore store, AggregateFilter filter, Action<AttendanceException> notFound, CancellationToken ct)
    {
        var calendars = CalendarQuery.Find(store, new CalendarFilter
        {
            Calendars = filter.Calendars, Schools = filter.Schools, SchoolYears = filter.SchoolYears, CurrentYearOnly = filter.SchoolYears.Count == 0,
        }, notFound);
        using var c = store.OpenConnection();
        var students = StudentRefs(c, filter.Students, notFound);
        var codes = c.Query("SELECT CodeRef, Code FROM AttendanceCode", r => (r.GetInt32(0), r.GetString(1))).ToDictionary(p => p.Item1, p => p.Item2);
        foreach (var cal in calendars)
        {
            ct.ThrowIfCancellationRequested();
            using var cmd = c.Command(
                "SELECT a.Date, a.StudentRef, s.StudentUniqueId, a.ScheduledMinutes, a.AbsentMinutes, a.UnexcusedAbsentMinutes, a.MostCommonExcuseRef, a.LastModified " +
                "FROM DayAggregate a JOIN Student s ON s.StudentRef = a.StudentRef WHERE a.CalendarRef = @c AND a.Date BETWEEN @f AND @t" +
                (filter.AbsentOnly ? " AND a.AbsentMinutes > 0" : "") + " ORDER BY a.Date, a.StudentRef", null,
                ("c", cal.CalendarRef), ("f", filter.From is { } f ? DbValue.Date(f) : 0), ("t", filter.To is { } t ? DbValue.Date(t) : 99991231));
            using var r = cmd.OpenReader();
            while (r.Read())
            {
                if (students is not null && !students.Contains(r.GetInt32(1))) continue;
                yield return new DayAggregateInfo
                {
                    Student = r.GetString(2), School = cal.School, Calendar = cal.Name, SchoolYear = cal.SchoolYear, Date = DbValue.Date(r.GetInt32(0)).ToDateTime(TimeOnly.MinValue),
                    ScheduledMinutes = r.GetInt32(3), AbsentMinutes = r.GetInt32(4), UnexcusedAbsentMinutes = r.GetInt32(5),
                    MostCommonExcuse = r.IsDBNull(6) ? null : codes.GetValueOrDefault(r.GetInt32(6)),
                    LastModified = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                };
            }
        }
    }

    /// <summary>
    /// Chronic absenteeism per student and school (domain §7.5), sorted by school then student: every
    /// student with an enrolment at the school that overlaps [From, To] (none of whose days aggregated:
    /// EnrolledDays 0, BelowMinimumDays), and any other student with rows there; never a deleted student,
    /// nor rows whose student no longer exists. Days absent and the rate are summed and compared exactly.
    /// </summary>
    public static List<ChronicAbsenteeismInfo> Chronic(AttendanceStore store, ChronicRequest request, Action<AttendanceException>? notFound = null,
        CancellationToken ct = default)
    {
        // Engine callers without a callback get the failure thrown; cmdlets report it and go on with the other names.
        notFound ??= e => throw e;
        Lookups.CheckRange(request.From, request.AsOf, "-From", "-AsOf");
        using var c = store.OpenConnection();
        var year = request.SchoolYear ?? (int)c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1");
        var yearRow = c.Query("SELECT BeginDate, EndDate FROM SchoolYear WHERE SchoolYear = @y", r => (r.GetInt32(0), r.GetInt32(1)), null, ("y", year));
        if (yearRow.Count == 0)
            throw NotFound.SchoolYear(SchoolYearText.Format(year));
        var calendars = CalendarQuery.Find(store, new CalendarFilter { Schools = request.Schools, SchoolYears = [year] }, notFound);
        var from = request.From is { } f ? DbValue.Date(f) : yearRow[0].Item1;
        var to = request.AsOf is { } a ? DbValue.Date(a)
            : (int)c.ScalarLong("SELECT COALESCE(MAX(a.Date), 0) FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef WHERE k.SchoolYear = @y", null, ("y", year));
        if (to == 0) to = yearRow[0].Item2;
        var students = StudentRefs(c, request.Students, notFound);
        var thresholds = c.Query("SELECT CalendarRef, WholeDayAbsenceMinutes, HalfDayAbsenceMinutes FROM Calendar",
            r => (r.GetInt32(0), r.NullableInt(1), r.NullableInt(2))).ToDictionary(p => p.Item1, p => (Whole: p.Item2, Half: p.Item3));
        // Students that exist and are not deleted: rows of anyone else are neither counted nor listed.
        var names = c.Query("SELECT StudentRef, StudentUniqueId, LastSurname, FirstName FROM Student WHERE IsDeleted = 0",
            r => (r.GetInt32(0), Id: r.GetString(1), Name: r.GetString(2) + ", " + r.GetString(3))).ToDictionary(p => p.Item1, p => (p.Id, p.Name));
        bool Counted(int student) => names.ContainsKey(student) && (students is null || students.Contains(student));

        var tallies = new Dictionary<(int Student, int School), AbsenceTally>();
        AbsenceTally Tally(int student, int school)
        {
            if (!tallies.TryGetValue((student, school), out var t)) tallies[(student, school)] = t = new AbsenceTally();
            return t;
        }
        var schoolRefs = calendars.Select(cal => cal.SchoolRef).ToHashSet();
        foreach (var (student, school) in c.Query(
                     "SELECT DISTINCT StudentRef, SchoolRef FROM StudentSchoolAssociation WHERE SchoolYear = @y AND EntryDate <= @t AND (ExitWithdrawDate IS NULL OR ExitWithdrawDate >= @f)",
                     r => (r.GetInt32(0), r.GetInt32(1)), null, ("y", year), ("f", from), ("t", to)))
            if (schoolRefs.Contains(school) && Counted(student)) Tally(student, school);
        foreach (var cal in calendars)
        {
            ct.ThrowIfCancellationRequested();
            var (whole, half) = thresholds[cal.CalendarRef];
            if (request.Rule == DayAbsentRule.WholeHalf && (whole is null || half is null))
                throw new AttendanceException("ChronicThresholdsMissing", FailureKind.InvalidData,
                    $"Calendar {cal} has no WholeDayAbsenceMinutes/HalfDayAbsenceMinutes, which the WholeHalf rule needs.", cal.ToString(),
                    "Set both values on the calendar, or use -Rule HalfDay or Fractional.");
            using var cmd = c.Command("SELECT StudentRef, ScheduledMinutes, AbsentMinutes FROM DayAggregate WHERE CalendarRef = @c AND Date BETWEEN @f AND @t", null,
                ("c", cal.CalendarRef), ("f", from), ("t", to));
            using var r = cmd.OpenReader();
            while (r.Read())
            {
                var student = r.GetInt32(0);
                if (Counted(student)) Tally(student, cal.SchoolRef).Add(request.Rule, r.GetInt32(1), r.GetInt32(2), whole, half);
            }
        }
        var schools = calendars.GroupBy(cal => cal.SchoolRef).ToDictionary(g => g.Key, g => g.First());
        return tallies
            .Select(p =>
            {
                var verdict = ChronicAbsenteeism.Evaluate(p.Value.EnrolledDays, p.Value.DaysAbsent, request.Threshold, request.MinimumEnrolledDays);
                var school = schools[p.Key.School];
                return new ChronicAbsenteeismInfo
                {
                    Student = names[p.Key.Student].Id, Name = names[p.Key.Student].Name, School = school.School, SchoolId = school.SchoolId,
                    SchoolYear = SchoolYearText.Format(year), From = DbValue.Date(from).ToDateTime(TimeOnly.MinValue), To = DbValue.Date(to).ToDateTime(TimeOnly.MinValue), Rule = request.Rule.ToString(),
                    EnrolledDays = verdict.EnrolledDays, DaysAbsent = verdict.DaysAbsent, Rate = verdict.Rate, Threshold = request.Threshold,
                    IsChronic = verdict.IsChronic, Reason = verdict.Reason,
                };
            })
            .OrderBy(i => i.School, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Student, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The students' refs; an id that names no student is reported (StudentNotFound) and left out.</summary>
    private static HashSet<int>? StudentRefs(DbConnection c, IReadOnlyList<string> ids, Action<AttendanceException>? notFound)
    {
        if (ids.Count == 0) return null;
        var set = new HashSet<int>();
        foreach (var id in ids)
        {
            var r = c.ScalarLong("SELECT COALESCE(MAX(StudentRef), 0) FROM Student WHERE StudentUniqueId = @id", null, ("id", id));
            if (r > 0) set.Add((int)r);
            else notFound?.Invoke(NotFound.Student(id, ""));
        }
        return set;
    }
}
