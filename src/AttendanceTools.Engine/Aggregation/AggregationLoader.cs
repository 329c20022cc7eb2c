using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Reads one school's and one calendar's aggregation inputs. Every query is a range scan on a
/// clustered key (marks by school and date, rosters by section), so a school loads in one pass.
/// </summary>
internal static class AggregationLoader
{
    public static RawSchool LoadSchool(DbConnection c, int schoolRef, int schoolYear, int from, int to)
    {
        (string, object?) s = ("s", schoolRef), y = ("y", schoolYear), f = ("f", from), t = ("t", to);
        var name = c.ScalarString("SELECT Name FROM School WHERE SchoolRef = @s", null, s) ?? $"school #{schoolRef}";
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
            Rosters = c.Query(
                "SELECT r.StudentRef, r.SectionRef, r.BeginDate, r.EndDate FROM StudentSectionAssociation r " +
                "JOIN Section x ON x.SectionRef = r.SectionRef WHERE x.SchoolRef = @s AND x.SchoolYear = @y AND r.BeginDate <= @t AND (r.EndDate IS NULL OR r.EndDate >= @f)",
                r => new RawRoster(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.NullableInt(3)), null, s, y, f, t),
            Codes = c.Query("SELECT CodeRef, SchoolYear, Code, PresenceStatus, Excuse FROM AttendanceCode WHERE SchoolRef = @s",
                r => new RawCode(r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4)), null, s),
            Meeting = c.Query(
                "SELECT Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes FROM MeetingAttendance " +
                "WHERE SchoolRef = @s AND Date BETWEEN @f AND @t ORDER BY Date, StudentRef",
                r => new RawMeeting(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.NullableInt(5)), null, s, f, t),
            Daily = c.Query(
                "SELECT Date, StudentRef, CodeRef FROM DailyAttendance WHERE SchoolRef = @s AND Date BETWEEN @f AND @t ORDER BY Date, StudentRef",
                r => new RawDaily(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), null, s, f, t),
            // Only a message about a mark with an unknown code names a student: read the ids if one is needed.
            StudentIds = new StudentIdsOnDemand(c, schoolRef, schoolYear),
        };
    }

    public static RawCalendar LoadCalendar(DbConnection c, int calendarRef, string displayName, int schoolYear)
    {
        var days = c.Query("SELECT Date, InSession, TakesAttendance, BellScheduleRef FROM CalendarDate WHERE CalendarRef = @c ORDER BY Date",
            r => new RawDay(r.GetInt32(0), r.GetBool(1), r.GetBool(2), r.NullableInt(3)), null, ("c", calendarRef));
        return new RawCalendar
        {
            DisplayName = displayName,
            SchoolYear = schoolYear,
            Days = days,
            Enrollments = c.Query(
                "SELECT e.StudentRef, e.EntryDate, e.ExitWithdrawDate FROM StudentSchoolAssociation e JOIN Student s ON s.StudentRef = e.StudentRef " +
                // No ORDER BY: sorting by student let SQLite walk every student of the district in key order and probe
                // for this calendar's enrolments; the consumer groups them itself (InputAssembler.BuildStudents).
                "WHERE e.CalendarRef = @c AND s.IsDeleted = 0",
                r => new RawEnrollment(r.GetInt32(0), r.GetInt32(1), r.NullableInt(2)), null, ("c", calendarRef)),
            StaleDates = StaleDates(c, calendarRef, days),
        };
    }

    /// <summary>
    /// Dates with stored aggregates that are not days of the calendar any more. Such a date lies between two
    /// consecutive calendar days (or before the first, after the last), and dates are yyyymmdd numbers, so only
    /// the gaps with a number inside them (weekends, month ends — about 45 a year) are probed, each with one index
    /// seek; consecutive days need none. On SQLite the seek is one compiled statement.
    /// </summary>
    private static List<int> StaleDates(DbConnection c, int calendarRef, IReadOnlyList<RawDay> days)
    {
        var stale = new List<int>();
        using var fast = SqliteStatement.TryPrepare(c, NextDateSql);
        long Next(long after, long before)
        {
            if (fast is null)
                return c.ScalarLong("SELECT MIN(Date) FROM DayAggregate WHERE CalendarRef = @c AND Date > @a AND Date < @b", null,
                    ("c", calendarRef), ("a", after), ("b", before));
            fast.Bind(1, calendarRef);
            fast.Bind(2, after);
            fast.Bind(3, before);
            var next = fast.Read() && !fast.IsNull(0) ? fast.Long(0) : 0;
            while (fast.Read()) { }
            return next;
        }
        var known = days.Select(d => (long)d.Date).Order().ToList();
        long previous = 0;
        foreach (var day in known.Append(long.MaxValue))
        {
            if (day - previous > 1)
                for (var date = Next(previous, day); date > 0; date = Next(date, day)) stale.Add((int)date);
            previous = day;
        }
        return stale;
    }

    // A bare MIN (no COALESCE around it) is what SQLite answers with one seek of the key.
    private const string NextDateSql = "SELECT MIN(Date) FROM DayAggregate WHERE CalendarRef = ?1 AND Date > ?2 AND Date < ?3";

    private const string ExistingSql =
        "SELECT Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate " +
        "WHERE CalendarRef = ?1 AND Date BETWEEN ?2 AND ?3 ORDER BY Date, StudentRef";

    /// <summary>
    /// The difference between <paramref name="desired"/> and the calendar's stored rows in <paramref name="scope"/>:
    /// the stored rows stream through the merge in key order, never held as a list.
    /// </summary>
    public static AggregateChanges DiffWithStored(DbConnection c, int calendarRef, AggregationScope scope, List<DayAggregateRow> desired)
    {
        var merge = new AggregateDiff.Merge(desired);
        if (scope.IsEmpty) return merge.Finish();
        using (var fast = SqliteStatement.TryPrepare(c, ExistingSql))
        {
            if (fast is not null)
            {
                fast.Bind(1, calendarRef);
                fast.Bind(2, scope.Bounds.From);
                fast.Bind(3, scope.Bounds.To);
                while (fast.Read())
                {
                    int date = fast.Int(0), student = fast.Int(1);
                    if (scope.Contains(date, student))
                        merge.Stored(new DayAggregateRow(date, student, fast.Int(2), fast.Int(3), fast.Int(4), fast.IsNull(5) ? 0 : fast.Int(5)));
                }
                return merge.Finish();
            }
        }
        using var cmd = c.Command(
            "SELECT Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate " +
            "WHERE CalendarRef = @c AND Date BETWEEN @f AND @t ORDER BY Date, StudentRef", null,
            ("c", calendarRef), ("f", scope.Bounds.From), ("t", scope.Bounds.To));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var date = r.GetInt32(0);
            var student = r.GetInt32(1);
            if (scope.Contains(date, student))
                merge.Stored(new DayAggregateRow(date, student, r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.IsDBNull(5) ? 0 : r.GetInt32(5)));
        }
        return merge.Finish();
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
