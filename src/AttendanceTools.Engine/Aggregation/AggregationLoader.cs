using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Reads one school's and one calendar's aggregation inputs, as far as a <see cref="LoadScope"/> needs them:
/// its whole-day blocks with range scans of clustered keys (marks by school and date, rosters by section,
/// enrolments by calendar and entry date), its students with ranges of their own one by one through the
/// (StudentRef, …) indexes. The many-row reads step compiled statements (<see cref="IntQuery"/>).
/// </summary>
internal static class AggregationLoader
{
    private const string RostersOfDays =
        "SELECT r.StudentRef, r.SectionRef, r.BeginDate, r.EndDate FROM StudentSectionAssociation r JOIN Section x ON x.SectionRef = r.SectionRef " +
        "WHERE x.SchoolRef = ?1 AND x.SchoolYear = ?2 AND r.BeginDate <= ?4 AND (r.EndDate IS NULL OR r.EndDate >= ?3)";

    // The student's every span at the school in the year: a student read on its own gets its whole schedule. In the
    // per-student reads a unary plus keeps the planner from starting at the school (every section, a day of every
    // student's marks): they start at the student's own index and filter by school on the few rows found.
    internal const string RostersOfStudent =
        "SELECT r.StudentRef, r.SectionRef, r.BeginDate, r.EndDate FROM StudentSectionAssociation r JOIN Section x ON x.SectionRef = r.SectionRef " +
        "WHERE r.StudentRef = ?1 AND +x.SchoolRef = ?2 AND +x.SchoolYear = ?3";

    private const string MeetingOfDays =
        "SELECT Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes FROM MeetingAttendance " +
        "WHERE SchoolRef = ?1 AND Date BETWEEN ?2 AND ?3 ORDER BY Date, StudentRef";

    internal const string MeetingOfStudent =
        "SELECT Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes FROM MeetingAttendance " +
        "WHERE StudentRef = ?1 AND Date BETWEEN ?2 AND ?3 AND +SchoolRef = ?4";

    private const string DailyOfDays =
        "SELECT Date, StudentRef, CodeRef FROM DailyAttendance WHERE SchoolRef = ?1 AND Date BETWEEN ?2 AND ?3 ORDER BY Date, StudentRef";

    internal const string DailyOfStudent =
        "SELECT Date, StudentRef, CodeRef FROM DailyAttendance WHERE StudentRef = ?1 AND Date BETWEEN ?2 AND ?3 AND +SchoolRef = ?4";

    // Enrolments overlapping the blocks: the calendar's enrolments through IX_StudentSchoolAssociation_Calendar, filtered by date.
    internal const string EnrollmentsOfDays =
        "SELECT e.StudentRef, e.EntryDate, e.ExitWithdrawDate FROM StudentSchoolAssociation e JOIN Student s ON s.StudentRef = e.StudentRef " +
        "WHERE e.CalendarRef = ?1 AND e.EntryDate <= ?3 AND (e.ExitWithdrawDate IS NULL OR e.ExitWithdrawDate >= ?2) AND s.IsDeleted = 0";

    // Starts at the primary key's StudentRef prefix (a handful of rows), not at the calendar's index (the unary plus).
    internal const string EnrollmentsOfStudent =
        "SELECT e.StudentRef, e.EntryDate, e.ExitWithdrawDate FROM StudentSchoolAssociation e JOIN Student s ON s.StudentRef = e.StudentRef " +
        "WHERE e.StudentRef = ?1 AND +e.CalendarRef = ?2 AND s.IsDeleted = 0";

    public static RawSchool LoadSchool(DbConnection c, int schoolRef, int schoolYear, LoadScope load)
    {
        (string, object?) s = ("s", schoolRef), y = ("y", schoolYear);
        var name = c.ScalarString("SELECT Name FROM School WHERE SchoolRef = @s", null, s) ?? $"school #{schoolRef}";
        var rosters = ReadPerStudent(c, load, RostersOfDays, RostersOfStudent, [schoolRef, schoolYear], [schoolRef, schoolYear],
                q => new RawRoster(q.Int(0), q.Int(1), q.Int(2), q.NullableInt(3)), r => r.StudentRef);
        var meeting = ReadMarks(c, load, MeetingOfDays, MeetingOfStudent, schoolRef,
                q => new RawMeeting(q.Int(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4), q.NullableInt(5)), m => (m.Date, m.StudentRef));
        var daily = ReadMarks(c, load, DailyOfDays, DailyOfStudent, schoolRef, q => new RawDaily(q.Int(0), q.Int(1), q.Int(2)), m => (m.Date, m.StudentRef));
        return new RawSchool
        {
            SchoolName = name,
            Periods = c.Query("SELECT ClassPeriodRef, ClassPeriodName FROM ClassPeriod WHERE SchoolRef = @s",
                r => new RawClassPeriod(r.GetInt32(0), r.GetString(1)), null, s),
            BellSchedules = c.Query("SELECT BellScheduleRef, BellScheduleName FROM BellSchedule WHERE SchoolRef = @s",
                r => new RawBellSchedule(r.GetInt32(0), r.GetString(1)), null, s),
            BellPeriods = c.Query(
                "SELECT b.BellScheduleRef, b.BellScheduleName, p.ClassPeriodRef, p.StartTime, p.EndTime, p.LunchMinutes, p.IsInstructional " +
                "FROM BellSchedule b JOIN BellSchedulePeriod p ON p.BellScheduleRef = b.BellScheduleRef WHERE b.SchoolRef = @s",
                r => new RawBellPeriod(r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.NullableInt(3), r.NullableInt(4), r.GetInt32(5), r.GetBool(6)), null, s),
            Sections = c.Query(
                "SELECT SectionRef, SectionIdentifier, ClassPeriodNames, AttendanceTracked, IsActive FROM Section WHERE SchoolRef = @s AND SchoolYear = @y",
                r => new RawSection(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetBool(3), r.GetBool(4)), null, s, y),
            Rosters = rosters,
            Codes = c.Query("SELECT CodeRef, SchoolYear, Code, PresenceStatus, Excuse FROM AttendanceCode WHERE SchoolRef = @s",
                r => new RawCode(r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4)), null, s),
            Meeting = meeting,
            Daily = daily,
            // Only a message about a mark with an unknown code names a student: read the ids if one is needed.
            StudentIds = new StudentIdsOnDemand(c, schoolRef, schoolYear),
        };
    }

    /// <summary>
    /// A calendar's days, and its stale dates within <paramref name="staleWindow"/> (null: all of them). Its
    /// enrolments are read once its scope is known (<see cref="LoadEnrollments"/>).
    /// </summary>
    public static RawCalendar LoadCalendar(DbConnection c, int calendarRef, string displayName, int schoolYear, IReadOnlyList<(int From, int To)>? staleWindow)
    {
        var days = c.Query("SELECT Date, InSession, TakesAttendance, BellScheduleRef FROM CalendarDate WHERE CalendarRef = @c ORDER BY Date",
            r => new RawDay(r.GetInt32(0), r.GetBool(1), r.GetBool(2), r.NullableInt(3)), null, ("c", calendarRef));
        return new RawCalendar
        {
            DisplayName = displayName,
            SchoolYear = schoolYear,
            Days = days,
            Enrollments = [],
            StaleDates = StaleDates(c, calendarRef, days, staleWindow),
        };
    }

    /// <summary>
    /// The enrolments of the calendar's students in <paramref name="load"/>, deleted students left out: those
    /// overlapping its blocks (no ORDER BY — sorting by student let SQLite walk every student of the district;
    /// <see cref="InputAssembler"/> groups them), and every enrolment in the calendar of a student read on its own.
    /// </summary>
    public static List<RawEnrollment> LoadEnrollments(DbConnection c, int calendarRef, LoadScope load)
        => ReadPerStudent(c, load, EnrollmentsOfDays, EnrollmentsOfStudent, [calendarRef], [calendarRef],
            q => new RawEnrollment(q.Int(0), q.Int(1), q.NullableInt(2)), e => e.StudentRef);

    /// <summary>
    /// Rows of every student over the blocks' span (one range read; <paramref name="ofDays"/> takes the fixed
    /// arguments, then the span's first and last date), except the students read on their own, whose rows
    /// <paramref name="ofStudent"/> (the student, then the fixed arguments) reads whole.
    /// </summary>
    private static List<T> ReadPerStudent<T>(DbConnection c, LoadScope load, string ofDays, string ofStudent, int[] dayArgs, int[] studentArgs,
        Func<IntQuery, T> map, Func<T, int> studentOf)
    {
        var rows = new List<T>();
        var (from, to) = load.BlockSpan;
        if (from <= to)
        {
            using var q = IntQuery.Prepare(c, ofDays);
            for (var i = 0; i < dayArgs.Length; i++) q.Bind(i + 1, dayArgs[i]);
            q.Bind(dayArgs.Length + 1, from).Bind(dayArgs.Length + 2, to);
            while (q.Read())
            {
                var row = map(q);
                if (!load.Students.ContainsKey(studentOf(row))) rows.Add(row);
            }
        }
        if (load.Students.Count == 0) return rows;
        using var one = IntQuery.Prepare(c, ofStudent);
        foreach (var student in load.Students.Keys.Order())
        {
            one.Bind(1, student);
            for (var i = 0; i < studentArgs.Length; i++) one.Bind(i + 2, studentArgs[i]);
            while (one.Read()) rows.Add(map(one));
        }
        return rows;
    }

    /// <summary>
    /// A school's marks in <paramref name="load"/>, sorted by (Date, StudentRef): each block with one range scan of the
    /// (SchoolRef, Date) key, then each student's ranges outside the blocks through its (StudentRef, Date) index.
    /// </summary>
    private static List<T> ReadMarks<T>(DbConnection c, LoadScope load, string ofDays, string ofStudent, int schoolRef,
        Func<IntQuery, T> map, Func<T, (int Date, int Student)> keyOf)
    {
        var rows = new List<T>();
        if (load.Blocks.Count > 0)
        {
            using var q = IntQuery.Prepare(c, ofDays);
            foreach (var (from, to) in load.Blocks)
            {
                q.Bind(1, schoolRef).Bind(2, from).Bind(3, to);
                while (q.Read()) rows.Add(map(q));
            }
        }
        if (load.Students.Count == 0) return rows;
        var extra = new List<T>();
        using (var one = IntQuery.Prepare(c, ofStudent))
            foreach (var (student, ranges) in load.Students)
                foreach (var (from, to) in ranges)
                {
                    one.Bind(1, student).Bind(2, from).Bind(3, to).Bind(4, schoolRef);
                    while (one.Read())
                    {
                        var row = map(one);
                        if (!load.InBlock(keyOf(row).Date)) extra.Add(row);
                    }
                }
        return MergeByKey(rows, extra, keyOf);
    }

    /// <summary>Merges <paramref name="extra"/> (any order, no key of <paramref name="sorted"/>'s dates) into <paramref name="sorted"/>, keeping (Date, StudentRef) order.</summary>
    private static List<T> MergeByKey<T>(List<T> sorted, List<T> extra, Func<T, (int Date, int Student)> keyOf)
    {
        if (extra.Count == 0) return sorted;
        extra.Sort((a, b) => keyOf(a).CompareTo(keyOf(b)));
        var merged = new List<T>(sorted.Count + extra.Count);
        var k = 0;
        foreach (var row in sorted)
        {
            var key = keyOf(row);
            while (k < extra.Count && keyOf(extra[k]).CompareTo(key) < 0) merged.Add(extra[k++]);
            merged.Add(row);
        }
        while (k < extra.Count) merged.Add(extra[k++]);
        return merged;
    }

    /// <summary>
    /// Dates with stored aggregates that are not days of the calendar any more. Such a date lies between two
    /// consecutive calendar days (or before the first, after the last), and dates are yyyymmdd numbers, so only
    /// the gaps with a number inside them (weekends, month ends — about 45 a year) are probed, each with one index
    /// seek; consecutive days need none. On SQLite the seek is one compiled statement.
    /// </summary>
    private static List<int> StaleDates(DbConnection c, int calendarRef, IReadOnlyList<RawDay> days, IReadOnlyList<(int From, int To)>? window)
    {
        var stale = new List<int>();
        using var next = IntQuery.Prepare(c, NextDateSql);
        int Next(int after, int before)
        {
            next.Bind(1, calendarRef).Bind(2, after).Bind(3, before);
            var found = next.Read() && !next.IsNull(0) ? next.Int(0) : 0;
            while (next.Read()) { }
            return found;
        }
        if (window is not null) window = LoadScope.Merge(window);
        var previous = 0;
        foreach (var day in days.Select(d => d.Date).Order().Append(int.MaxValue))
        {
            // Each gap between calendar days, or only its part inside the window (a nightly run's days and change regions).
            if (day - previous > 1)
                foreach (var (after, before) in window is null ? [(previous, day)] : Inside(previous, day, window))
                    for (var date = Next(after, before); date > 0; date = Next(date, before)) stale.Add(date);
            previous = day;
        }
        return stale;
    }

    /// <summary>The parts of the open interval (<paramref name="after"/>, <paramref name="before"/>) inside the window's ranges, as open intervals.</summary>
    private static IEnumerable<(int After, int Before)> Inside(int after, int before, IReadOnlyList<(int From, int To)> window)
    {
        foreach (var (from, to) in window)
        {
            int lo = Math.Max(after, from == int.MinValue ? int.MinValue : from - 1), hi = Math.Min(before, to == int.MaxValue ? int.MaxValue : to + 1);
            if ((long)hi - lo > 1) yield return (lo, hi);
        }
    }

    // A bare MIN (no COALESCE around it) is what SQLite answers with one seek of the key.
    private const string NextDateSql = "SELECT MIN(Date) FROM DayAggregate WHERE CalendarRef = ?1 AND Date > ?2 AND Date < ?3";

    private const string StoredOfDays =
        "SELECT Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate " +
        "WHERE CalendarRef = ?1 AND Date BETWEEN ?2 AND ?3 ORDER BY Date, StudentRef";

    internal const string StoredOfStudentDay =
        "SELECT Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate " +
        "WHERE CalendarRef = ?1 AND Date = ?2 AND StudentRef = ?3";

    /// <summary>
    /// The difference between <paramref name="desired"/> and the calendar's stored rows in <paramref name="scope"/>: the
    /// rows of <paramref name="load"/>'s blocks stream through the merge in key order (never held as a list); a student
    /// read on its own has its other dates (<paramref name="dates"/>: calendar days and stale dates) looked up one
    /// key at a time, and those few rows join the stream in key order.
    /// </summary>
    public static AggregateChanges DiffWithStored(DbConnection c, int calendarRef, AggregationScope scope, LoadScope load, IReadOnlyList<int> dates,
        List<DayAggregateRow> desired)
    {
        var merge = new AggregateDiff.Merge(desired);
        if (scope.IsEmpty) return merge.Finish();
        var extra = new List<DayAggregateRow>();
        if (load.Students.Count > 0)
        {
            using var one = IntQuery.Prepare(c, StoredOfStudentDay);
            foreach (var (student, ranges) in load.Students)
                foreach (var (from, to) in ranges)
                    for (var i = FirstAtOrAfter(dates, from); i < dates.Count && dates[i] <= to; i++)
                    {
                        if (load.InBlock(dates[i]) || !scope.Contains(dates[i], student)) continue;
                        one.Bind(1, calendarRef).Bind(2, dates[i]).Bind(3, student);
                        while (one.Read()) extra.Add(Stored(one));
                    }
            extra.Sort((a, b) => (a.Date, a.StudentRef).CompareTo((b.Date, b.StudentRef)));
        }
        var k = 0;
        if (load.Blocks.Count > 0)
        {
            using var q = IntQuery.Prepare(c, StoredOfDays);
            foreach (var (from, to) in load.Blocks)
            {
                q.Bind(1, calendarRef).Bind(2, from).Bind(3, to);
                while (q.Read())
                {
                    int date = q.Int(0), student = q.Int(1);
                    while (k < extra.Count && (extra[k].Date, extra[k].StudentRef).CompareTo((date, student)) < 0) merge.Stored(extra[k++]);
                    if (scope.Contains(date, student)) merge.Stored(Stored(q));
                }
            }
        }
        while (k < extra.Count) merge.Stored(extra[k++]);
        return merge.Finish();
    }

    private static DayAggregateRow Stored(IntQuery q) => new(q.Int(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4), q.IsNull(5) ? 0 : q.Int(5));

    private static int FirstAtOrAfter(IReadOnlyList<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The StudentUniqueIds of a school's students in a year, read on first use through the planning
    /// connection (valid while the school is planned). Reading them for every school on every run cost a
    /// scan of all enrolments per school; only an error message needs one.
    /// </summary>
    private sealed class StudentIdsOnDemand(DbConnection c, int schoolRef, int schoolYear) : IReadOnlyDictionary<int, string>
    {
        private Dictionary<int, string>? _ids;

        private Dictionary<int, string> Ids => _ids ??= c.Query(
            "SELECT DISTINCT st.StudentRef, st.StudentUniqueId FROM StudentSchoolAssociation e JOIN Student st ON st.StudentRef = e.StudentRef WHERE e.SchoolRef = @s AND e.SchoolYear = @y",
            r => (r.GetInt32(0), r.GetString(1)), null, ("s", schoolRef), ("y", schoolYear)).ToDictionary(p => p.Item1, p => p.Item2);

        public string this[int key] => Ids[key];
        public IEnumerable<int> Keys => Ids.Keys;
        public IEnumerable<string> Values => Ids.Values;
        public int Count => Ids.Count;
        public bool ContainsKey(int key) => Ids.ContainsKey(key);
        public bool TryGetValue(int key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => Ids.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<int, string>> GetEnumerator() => Ids.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
