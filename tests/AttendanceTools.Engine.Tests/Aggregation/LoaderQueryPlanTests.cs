using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Issue 16: a student the nightly reads on its own (the change log names it) is a handful of index seeks, never a
/// scan of its school's or calendar's rows: each per-student read of <see cref="AggregationLoader"/> starts at the student.
/// </summary>
public sealed class LoaderQueryPlanTests : IDisposable
{
    private readonly TempStore _t = new();

    public LoaderQueryPlanTests()
        => DistrictStore.BulkLoad(_t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 200, Seed = 5 }), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    private string Plan(string sql)
    {
        using var c = _t.Store.OpenConnection();
        return string.Join("\n", c.Query("EXPLAIN QUERY PLAN " + sql, r => r.GetString(3)));
    }

    public static TheoryData<string, string> PerStudentReads => new()
    {
        { AggregationLoader.MeetingOfStudent, "SEARCH MeetingAttendance USING INDEX IX_MeetingAttendance_Student (StudentRef=? AND Date>? AND Date<?)" },
        { AggregationLoader.DailyOfStudent, "SEARCH DailyAttendance USING INDEX IX_DailyAttendance_Student (StudentRef=? AND Date>? AND Date<?)" },
        { AggregationLoader.RostersOfStudent, "SEARCH r USING INDEX IX_StudentSectionAssociation_Student (StudentRef=?)\nSEARCH x USING INTEGER PRIMARY KEY" },
        { AggregationLoader.EnrollmentsOfStudent, "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)\nSEARCH e USING PRIMARY KEY (StudentRef=?)" },
        { AggregationLoader.StoredOfStudentDay, "SEARCH DayAggregate USING PRIMARY KEY (CalendarRef=? AND Date=? AND StudentRef=?)" },
    };

    [Theory]
    [MemberData(nameof(PerStudentReads))]
    public void A_student_read_on_its_own_is_seeks_from_the_student(string sql, string expected)
    {
        var plan = Plan(sql);

        Assert.StartsWith(expected, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void The_enrolments_of_a_whole_day_are_a_range_of_the_calendars_index()
        => Assert.StartsWith("SEARCH e USING INDEX IX_StudentSchoolAssociation_Calendar (CalendarRef=?)\nSEARCH s USING INTEGER PRIMARY KEY (rowid=?)",
            Plan(AggregationLoader.EnrollmentsOfDays), StringComparison.Ordinal);
}
