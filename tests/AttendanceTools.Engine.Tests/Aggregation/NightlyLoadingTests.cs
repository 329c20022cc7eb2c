using AttendanceTools.Bench;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Issue 16: the nightly run reads only the whole days in scope (range scans) and the change log's students (one
/// by one). Whatever it reads, it must write exactly the rows a from-scratch refresh gives, every column compared.
/// The demo district at Wednesday 2026-03-11 03:45 (UTC): the nightly and the manual run both stop at Tuesday 03-10.
/// </summary>
public sealed class NightlyLoadingTests : IDisposable
{
    private const int Tuesday = 20260310, Monday = 20260309, WeekBack = 20260303;
    private static readonly AggregationRequest WholeYear = new() { Selectors = [new CalendarSelector([], [], [2026])] };
    private static readonly AggregationRequest Nightly = new() { Nightly = true };
    private readonly TempStore _t = new(new DateTimeOffset(2026, 3, 11, 3, 45, 0, TimeSpan.Zero));

    public NightlyLoadingTests()
    {
        DistrictStore.BulkLoad(_t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 300, Seed = 7 }), NullObserver.Instance, default);
        using var c = _t.Store.OpenConnection();
        StoreSettings.Set(c, null, StoreSettings.TimeZone, "UTC");
    }

    public void Dispose() => _t.Dispose();

    private AggregationRun Run(AggregationRequest request)
    {
        var run = AggregationOperation.Run(_t.Store, request, NullObserver.Instance, default);
        Assert.Empty(run.Failures);
        return run;
    }

    private int Execute(string sql)
    {
        using var c = _t.Store.OpenConnection();
        return c.Execute(sql);
    }

    private long Scalar(string sql)
    {
        using var c = _t.Store.OpenConnection();
        return c.ScalarLong(sql);
    }

    private string Rows() => AggregateSnapshot.Of(_t.Store).Rows;

    /// <summary>
    /// Rows where the stored aggregates and the benchmark's fair SQL baseline (a path that shares no code with the
    /// engine's loader) disagree: a boundary the loader and a full refresh both got wrong would still show here.
    /// </summary>
    private long MismatchesWithSqlBaseline()
    {
        using var c = _t.Store.OpenConnection();
        FairRefresh.CreateTable(c);
        FairRefresh.Run(c, 2026, Tuesday);
        return FairRefresh.Mismatches(c);
    }

    /// <summary>The rows a from-scratch refresh of the whole year (through 03-10) gives now.</summary>
    private string Fresh()
    {
        Execute("DELETE FROM DayAggregate; DELETE FROM AggregationState;");
        Run(WholeYear);
        return Rows();
    }

    /// <summary>As after Monday night's run: Tuesday has no rows yet, every calendar passed through Monday, the change log consumed.</summary>
    private void BeforeTuesdayNight()
    {
        Execute($"DELETE FROM DayAggregate WHERE Date = {Tuesday}");
        Execute($"UPDATE AggregationState SET ComputedThrough = {Monday}, Watermark = (SELECT COALESCE(MAX(Seq), 0) FROM ChangeLog)");
    }

    public static TheoryData<string, string> DayBoundaries => new()
    {
        // Inputs changed before a from-scratch refresh, whose run consumes the change log: no entry names the student,
        // so the nightly reads Tuesday for every student with its range scans, and these rows sit exactly on its edges.
        { "an enrolment that starts on the day", $"UPDATE StudentSchoolAssociation SET EntryDate = {Tuesday} WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Monday} AND StudentRef IN (SELECT StudentRef FROM StudentSchoolAssociation GROUP BY StudentRef HAVING COUNT(*) = 1) ORDER BY StudentRef LIMIT 2)" },
        { "an enrolment that ends on the day", $"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = {Tuesday} WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Monday} ORDER BY StudentRef DESC LIMIT 2)" },
        { "an enrolment that ended the day before", $"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = {Monday} WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Monday} ORDER BY StudentRef LIMIT 1 OFFSET 5)" },
        { "a roster span that ends the day before", $"UPDATE StudentSectionAssociation SET EndDate = {Monday} WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Tuesday} ORDER BY StudentRef LIMIT 3) AND BeginDate < {Monday}" },
        { "a roster span that starts on the day", $"UPDATE StudentSectionAssociation SET BeginDate = {Tuesday} WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Tuesday} ORDER BY StudentRef DESC LIMIT 3) AND BeginDate < {Tuesday}" },
        { "a deleted student", $"UPDATE Student SET IsDeleted = 1 WHERE StudentRef = (SELECT MIN(StudentRef) FROM DayAggregate WHERE Date = {Tuesday})" },
    };

    [Theory]
    [MemberData(nameof(DayBoundaries))]
    public void The_nightly_of_one_day_gives_the_rows_of_a_full_refresh(string change, string sql)
    {
        Run(WholeYear);
        Assert.True(Execute(sql) > 0, change);
        var expected = Fresh();
        var tuesdayRows = Scalar($"SELECT COUNT(*) FROM DayAggregate WHERE Date = {Tuesday}");
        BeforeTuesdayNight();

        var run = Run(Nightly);

        Assert.Equal(expected, Rows());
        Assert.Equal(0, MismatchesWithSqlBaseline());
        // Tuesday is the only day computed, and every one of its rows is new.
        Assert.Equal((tuesdayRows, tuesdayRows, 0L, 0L), (run.Results.Sum(r => (long)r.StudentDays), run.Results.Sum(r => (long)r.Inserted),
            run.Results.Sum(r => (long)r.Updated), run.Results.Sum(r => (long)r.Deleted)));
    }

    // An absent mark (code U, no present minutes) for three students with no absence on 03-03: in the lowest of their
    // sections and of its periods that the day's bell schedule holds with instructional minutes (one key, so both agree).
    private const string MarksAWeekBack =
        "INSERT OR REPLACE INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin) " +
        "SELECT k.SchoolRef, a.Date, a.StudentRef, MIN(r.SectionRef * 100000 + p.ClassPeriodRef) / 100000, MIN(r.SectionRef * 100000 + p.ClassPeriodRef) % 100000, " +
        "(SELECT CodeRef FROM AttendanceCode WHERE SchoolRef = k.SchoolRef AND SchoolYear = 2026 AND Code = 'U'), NULL, 'Entered' " + ThreeStudents;

    private const string ThreeStudents =
        "FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef JOIN CalendarDate d ON d.CalendarRef = a.CalendarRef AND d.Date = a.Date " +
        "JOIN StudentSectionAssociation r ON r.StudentRef = a.StudentRef AND r.BeginDate <= a.Date AND (r.EndDate IS NULL OR r.EndDate >= a.Date) " +
        "JOIN Section x ON x.SectionRef = r.SectionRef AND x.SchoolRef = k.SchoolRef AND x.AttendanceTracked = 1 AND x.IsActive = 1 " +
        "JOIN ClassPeriod p ON p.SchoolRef = k.SchoolRef AND (',' || REPLACE(x.ClassPeriodNames, ' ', '') || ',') LIKE ('%,' || p.ClassPeriodName || ',%') " +
        "JOIN BellSchedulePeriod b ON b.BellScheduleRef = d.BellScheduleRef AND b.ClassPeriodRef = p.ClassPeriodRef AND b.IsInstructional = 1 AND b.EndTime - b.StartTime - b.LunchMinutes > 0 " +
        "WHERE a.Date = 20260303 AND a.AbsentMinutes = 0 GROUP BY a.StudentRef ORDER BY a.StudentRef LIMIT 3";

    /// <summary>Writes <see cref="MarksAWeekBack"/>; returns the three students, in a SQL list.</summary>
    private string EditThreeMarks()
    {
        using var c = _t.Store.OpenConnection();
        var students = string.Join(", ", c.Query("SELECT a.StudentRef " + ThreeStudents, r => r.GetInt64(0)));
        Assert.Equal(3, c.Execute(MarksAWeekBack));
        return students;
    }

    public static TheoryData<string, string> LoggedChanges => new()
    {
        // Edits after the last run, by plain SQL (an ETL job's): the change log names the region, the nightly reads it.
        { "absent marks on a day a week back", MarksAWeekBack },
        { "a day a week back that no longer takes attendance", $"UPDATE CalendarDate SET TakesAttendance = 0 WHERE CalendarRef = (SELECT MIN(CalendarRef) FROM DayAggregate) AND Date = {WeekBack}" },
        { "a calendar day a week back removed", $"DELETE FROM CalendarDate WHERE CalendarRef = (SELECT MAX(CalendarRef) FROM DayAggregate) AND Date = {WeekBack}" },
        { "a roster span ended a week back", $"UPDATE StudentSectionAssociation SET EndDate = 20260302 WHERE StudentRef IN (SELECT StudentRef FROM DayAggregate WHERE Date = {Monday} ORDER BY StudentRef LIMIT 2) AND BeginDate < 20260302" },
        { "an enrolment ended a week back", $"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = {WeekBack} WHERE StudentRef = (SELECT MAX(StudentRef) FROM DayAggregate WHERE Date = {Monday})" },
        { "an enrolment that now starts on the day", $"UPDATE StudentSchoolAssociation SET EntryDate = {Tuesday} WHERE StudentRef = (SELECT MIN(StudentRef) FROM DayAggregate WHERE Date = {Monday} AND StudentRef IN (SELECT StudentRef FROM StudentSchoolAssociation GROUP BY StudentRef HAVING COUNT(*) = 1))" },
    };

    [Theory]
    [MemberData(nameof(LoggedChanges))]
    public void The_nightly_after_an_edit_gives_the_rows_of_a_full_refresh(string change, string sql)
    {
        Run(WholeYear);
        var before = Rows();
        BeforeTuesdayNight();
        Assert.True(Execute(sql) > 0, change);

        var run = Run(Nightly);
        var after = Rows();

        Assert.True(run.Results.Sum(r => r.Updated + r.Deleted) > 0, change);
        Assert.NotEqual(before, after);
        Assert.Equal(0, MismatchesWithSqlBaseline());
        Assert.Equal(Fresh(), after);
    }

    [Fact]
    public void The_nightly_after_three_edited_marks_computes_the_day_and_those_three_student_days()
    {
        Run(WholeYear);
        BeforeTuesdayNight();
        var students = EditThreeMarks();

        var run = Run(Nightly);
        var after = Rows();
        var tuesdayRows = Scalar($"SELECT COUNT(*) FROM DayAggregate WHERE Date = {Tuesday}");

        // Read student by student: Tuesday for everyone, and on 03-03 only the three students (not the week, not the school).
        Assert.Equal(tuesdayRows + 3, run.Results.Sum(r => (long)r.StudentDays));
        Assert.Equal((tuesdayRows, 3L, 0L), (run.Results.Sum(r => (long)r.Inserted), run.Results.Sum(r => (long)r.Updated), run.Results.Sum(r => (long)r.Deleted)));
        Assert.Equal(3, Scalar($"SELECT COUNT(*) FROM DayAggregate WHERE Date = {WeekBack} AND AbsentMinutes > 0 AND UnexcusedAbsentMinutes = AbsentMinutes AND StudentRef IN ({students})"));
        Assert.Equal(Fresh(), after);
    }

    [Fact]
    public void A_deleted_student_with_an_edited_mark_loses_the_rows_the_nightly_covers()
    {
        Run(WholeYear);
        BeforeTuesdayNight();
        var students = EditThreeMarks();
        var student = long.Parse(students.Split(", ")[0], System.Globalization.CultureInfo.InvariantCulture);
        Execute($"UPDATE Student SET IsDeleted = 1 WHERE StudentRef = {student}");

        Run(Nightly);
        var others = Others(Rows());

        // Read on its own (the change log names it), the deleted student is left out like in every other read:
        // its rows on the edited day and on Tuesday go; every other student's rows are those of a full refresh.
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM DayAggregate WHERE StudentRef = {student} AND Date IN ({WeekBack}, {Tuesday})"));
        Assert.Equal(2, Scalar($"SELECT COUNT(*) FROM DayAggregate WHERE Date = {WeekBack} AND AbsentMinutes > 0 AND StudentRef IN ({students})"));
        Assert.Equal(Others(Fresh()), others);

        string Others(string rows) => string.Join("\n", rows.Split('\n').Where(r => r.Split(',')[2] != student.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
