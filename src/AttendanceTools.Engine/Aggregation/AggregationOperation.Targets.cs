using System.Data.Common;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

// Which calendars, students and days a run covers (domain §7.3): name resolution and the scope of
// each calendar for the manual, student and nightly runs.
public static partial class AggregationOperation
{
    private static AggregationScope BuildScope(AggregationRequest request, AggregationMode mode, RawCalendar raw, CalendarInfo cal, DateOnly cutoff,
        IReadOnlyDictionary<string, int> students, IReadOnlyDictionary<int, CalendarState> states, IReadOnlyList<ChangeRegion> regions)
    {
        var scope = new AggregationScope(DbValue.Date(cutoff));
        // Dates that still hold aggregates but are no longer days of the calendar (removed by a re-import or an
        // ETL job) belong to every run that covers them: their rows have nothing left to qualify them, so they go.
        var days = raw.ScopeDays;
        var dates = days.Select(d => d.Date);
        if (mode == AggregationMode.Nightly)
        {
            states.TryGetValue(cal.CalendarRef, out var state);
            scope.AddDays(PassFrom(state, scope.Cutoff), int.MaxValue, dates);
            ChangeRegions.AddTo(scope, regions, state?.Watermark ?? 0, cal.SchoolRef, cal.CalendarRef, days);
            return scope;
        }
        var from = request.From is { } f ? DbValue.Date(f) : int.MinValue;
        if (students.Count == 0) scope.AddDays(from, int.MaxValue, dates);
        else
            // Every named student, enrolled or not: one who left the calendar keeps no rows in it.
            foreach (var student in students.Values)
                scope.AddStudent(student, Math.Max(from, days.Count > 0 ? days[0].Date : from), int.MaxValue);
        return scope;
    }

    /// <summary>
    /// The nightly day pass starts here: every day after the last one passed (a missed night is caught up), and
    /// always the previous day (§7.3, A5) — a manual run after 11:00 computed today early, not with the day's last marks.
    /// </summary>
    private static int PassFrom(CalendarState? state, int cutoff) => state?.ComputedThrough is { } through ? Math.Min(through + 1, cutoff) : int.MinValue;

    /// <summary>
    /// Where a nightly run's scope can reach: the day pass and the change log's regions for the calendar. Stale dates
    /// (stored rows on dates that are no longer calendar days) are looked for only there; elsewhere the run touches no row.
    /// A manual run covers the whole calendar (null: everywhere).
    /// </summary>
    private static List<(int From, int To)>? Reach(PlanContext x, CalendarInfo cal, int cutoff)
    {
        if (x.Mode != AggregationMode.Nightly) return null;
        x.States.TryGetValue(cal.CalendarRef, out var state);
        return [(PassFrom(state, cutoff), cutoff), .. ChangeRegions.Ranges(x.Regions, state?.Watermark ?? 0, cal.SchoolRef, cal.CalendarRef)];
    }

    private static Dictionary<string, int> ResolveStudents(DbConnection c, IReadOnlyList<string> ids, List<AttendanceException> failures)
    {
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var r = c.ScalarLong("SELECT COALESCE(MAX(StudentRef), 0) FROM Student WHERE StudentUniqueId = @id", null, ("id", id));
            if (r > 0) found[id] = (int)r;
            else failures.Add(NotFound.Student(id, ""));
        }
        return found;
    }

    private static List<CalendarInfo> ResolveCalendars(AttendanceStore store, DbConnection c, AggregationRequest request,
        Dictionary<string, int> students, List<AttendanceException> failures)
    {
        var selectors = request.IsNightly || request.Selectors.Count == 0 ? [new CalendarSelector([], [], [])] : request.Selectors;
        var found = new Dictionary<int, CalendarInfo>();
        foreach (var selector in selectors)
        {
            var filter = new CalendarFilter
            {
                Calendars = selector.Calendars, Schools = selector.Schools, SchoolYears = selector.SchoolYears,
                CurrentYearOnly = selector.SchoolYears.Count == 0,
            };
            // Names the store does not know at all (school, school year, calendar) are reported by the one resolver;
            // the loops below add what only a refresh can tell: a known name with no calendar in this scope.
            var reported = new List<AttendanceException>();
            var matched = CalendarQuery.Find(store, filter, reported.Add);
            failures.AddRange(reported);
            bool New(string name) => !reported.Any(r => Equals(r.Target, name));
            foreach (var name in selector.Calendars.Where(n => !IsPattern(n) && New(n) && !matched.Any(f => NameMatch.Matches(n, f.Name))))
                failures.Add(new AttendanceException("CalendarNotFound", FailureKind.NotFound,
                    $"No calendar named '{name}' matches the other filters ({Describe(filter)}).", name));
            foreach (var name in selector.Schools.Where(n => !IsPattern(n) && New(n) && !matched.Any(f => NameMatch.Matches(n, f.School) || NameMatch.Matches(n, f.SchoolId))))
                failures.Add(new AttendanceException("SchoolNotFound", FailureKind.NotFound,
                    $"No school named '{name}' has a calendar that matches ({Describe(filter)}).", name));
            foreach (var cal in matched) found.TryAdd(cal.CalendarRef, cal);
        }
        var list = found.Values.OrderBy(f => f.School, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.SchoolYearNumber).ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (request.Students.Count > 0)
        {
            // The calendars the students are enrolled in, and those that still hold rows of theirs (a student
            // moved to another calendar or withdrawn: the run removes those rows).
            var refs = students.Values.ToHashSet();
            var enrolled = c.Query("SELECT DISTINCT CalendarRef, StudentRef FROM StudentSchoolAssociation", r => (r.GetInt32(0), r.GetInt32(1)))
                .Where(p => refs.Contains(p.Item2)).Select(p => p.Item1).ToHashSet();
            list = list.Where(f => enrolled.Contains(f.CalendarRef) || refs.Any(s => HasRows(c, f.CalendarRef, s))).ToList();
        }
        return list;
    }

    private static bool HasRows(DbConnection c, int calendarRef, int studentRef)
        => c.ScalarLong(Db.Exists("SELECT 1 FROM DayAggregate WHERE CalendarRef = @c AND StudentRef = @s"), null,
            ("c", calendarRef), ("s", studentRef)) > 0;

    private static bool IsPattern(string name) => name.IndexOfAny(['*', '?', '[']) >= 0;

    private static string Describe(CalendarFilter f)
    {
        var parts = new List<string>();
        if (f.Schools.Count > 0) parts.Add("school " + string.Join(", ", f.Schools));
        parts.Add(f.SchoolYears.Count > 0 ? "school year " + string.Join(", ", f.SchoolYears.Select(Model.SchoolYearText.Format)) : "the current school year");
        return string.Join("; ", parts);
    }
}
