using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

/// <summary>Issue 16: a read by student (Get-AttendanceRecord -Student) seeks the (StudentRef, Date) indexes instead of scanning every school's marks.</summary>
public sealed class AttendanceRecordQueryPlanTests : IDisposable
{
    private readonly TempStore _t = new();

    public AttendanceRecordQueryPlanTests()
        => DistrictStore.BulkLoad(_t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 200, Seed = 5 }), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    // The shape of AttendanceRecordQuery's reads with -Student (and optionally -From/-To).
    private const string MeetingByStudent =
        "SELECT X.SchoolRef, X.Date, X.StudentRef, p.StudentUniqueId, X.CodeRef, x2.SectionIdentifier, cp.ClassPeriodName, X.PresentMinutes " +
        "FROM MeetingAttendance X JOIN Student p ON p.StudentRef = X.StudentRef JOIN Section x2 ON x2.SectionRef = X.SectionRef " +
        "JOIN ClassPeriod cp ON cp.ClassPeriodRef = X.ClassPeriodRef WHERE X.StudentRef IN (SELECT value FROM json_each(@students)){0} " +
        "ORDER BY X.SchoolRef, X.Date, X.StudentRef, X.SectionRef, X.ClassPeriodRef";

    private const string DailyByStudent =
        "SELECT X.SchoolRef, X.Date, X.StudentRef, p.StudentUniqueId, X.CodeRef FROM DailyAttendance X JOIN Student p ON p.StudentRef = X.StudentRef " +
        "WHERE X.StudentRef IN (SELECT value FROM json_each(@students)){0} ORDER BY X.SchoolRef, X.Date, X.StudentRef";

    private string Plan(string shape, string range)
    {
        using var c = _t.Store.OpenConnection();
        return string.Join("\n", c.Query("EXPLAIN QUERY PLAN " + string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, range),
            r => r.GetString(3), null, ("students", "[1,2]"), ("from", 20251001), ("to", 20251031)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" AND X.Date >= @from AND X.Date <= @to")]
    public void Meeting_attendance_by_student_seeks_the_student_index(string range)
    {
        var plan = Plan(MeetingByStudent, range);

        Assert.Contains($"SEARCH X USING INDEX {MeetingAttendanceStudentIndexMigration.Index.Name} (StudentRef=?", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN X", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Daily_attendance_by_student_seeks_its_student_index()
        => Assert.Contains("SEARCH X USING INDEX IX_DailyAttendance_Student (StudentRef=?", Plan(DailyByStudent, ""), StringComparison.Ordinal);

    [Fact]
    public void The_query_by_student_returns_that_students_meeting_marks()
    {
        using var c = _t.Store.OpenConnection();
        var (student, id, marks) = c.Query("SELECT m.StudentRef, s.StudentUniqueId, COUNT(*) FROM MeetingAttendance m JOIN Student s ON s.StudentRef = m.StudentRef " +
            "GROUP BY m.StudentRef ORDER BY COUNT(*) DESC, m.StudentRef LIMIT 1", r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2)))[0];

        var found = AttendanceRecordQuery.Find(_t.Store, new AttendanceRecordFilter { StudentIds = [id], Kind = AttendanceRecordKind.Meeting }).ToList();

        Assert.Equal(marks, found.Count);
        Assert.All(found, r => Assert.Equal((student, id), (r.StudentRef, r.Student)));
    }
}
