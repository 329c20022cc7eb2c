using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceRecordTests : IDisposable
{
    private readonly PsSession _s = new();

    public GetAttendanceRecordTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    private static string Key(PSObject r) => $"{r.Prop<string>("Kind")} {r.Prop<DateTime>("Date"):MM-dd} {r.Prop<string>("Student")} {r.Prop<string>("Code")}";

    private List<string> Keys(string script) => _s.Run(script).ShouldSucceed().Output.Select(Key).ToList();

    [Fact]
    public void Students_of_a_school_pipe_into_their_daily_records()
    {
        var records = _s.Run("Get-AttendanceStudent -School 'Lincoln*' | Get-AttendanceRecord -Kind Daily").ShouldSucceed().Output;
        Assert.Equal(["Daily 09-02 S1001 A", "Daily 09-03 S1001 ILL", "Daily 10-01 S1001 A"], records.Select(Key));
        Assert.All(records, r => Assert.Equal("AttendanceTools.Engine.Queries.AttendanceRecordInfo", r.TypeName()));
        var oct = records[2];
        Assert.Equal(("Adams, Avery", "Lincoln Elementary", "Absent", "Unexcused", new TimeSpan(8, 0, 0), new TimeSpan(10, 0, 0), "Entered"),
            (oct.Prop<string>("StudentName"), oct.Prop<string>("School"), oct.Prop<string>("PresenceStatus"), oct.Prop<string>("Excuse"),
             oct.Prop<TimeSpan>("TimeIn"), oct.Prop<TimeSpan>("TimeOut"), oct.Prop<string>("Origin")));
    }

    [Fact]
    public void Meeting_records_of_piped_students_in_one_read()
    {
        var records = _s.Run("Get-AttendanceStudent -School 200 | Get-AttendanceRecord -Kind Meeting").ShouldSucceed().Output;
        Assert.Equal(["Meeting 09-02 S1002 U", "Meeting 09-02 S1003 P", "Meeting 09-03 S1003 U"], records.Select(Key));
        Assert.Equal(("MATH-2", "P2", 40), (records[2].Prop<string>("Section"), records[2].Prop<string>("Period"), records[2].Prop<int>("PresentMinutes")));
        Assert.Equal(4L, records[1].Prop<long>("RunId"));
    }

    [Fact]
    public void All_kinds_by_default_merged_in_date_order()
        => Assert.Equal(
        [
            "Daily 09-02 S1001 A", "Daily 09-03 S1001 ILL", "Daily 10-01 S1001 A",
            "Daily 09-02 S1002 U", "Meeting 09-02 S1002 U", "Meeting 09-02 S1003 P", "Meeting 09-03 S1003 U",
        ], Keys("Get-AttendanceRecord"));

    [Fact]
    public void Date_range_code_and_school_filters()
    {
        Assert.Equal(["Daily 09-03 S1001 ILL", "Meeting 09-03 S1003 U"], Keys("Get-AttendanceRecord -From 2025-09-03 -To 2025-09-30"));
        // The time of day is ignored: the whole last day is in.
        Assert.Equal(["Daily 10-01 S1001 A"], Keys("Get-AttendanceRecord -From '2025-10-01 15:00' -To '2025-10-01 08:00'"));
        Assert.Equal(["Daily 09-02 S1002 U", "Meeting 09-02 S1002 U", "Meeting 09-03 S1003 U"], Keys("Get-AttendanceRecord -Code u"));
        Assert.Equal(["Daily 09-02 S1002 U"], Keys("Get-AttendanceRecord -Kind daily -School 'Wash*'"));
    }

    [Fact]
    public void An_empty_upstream_reads_nothing_rather_than_everything()
    {
        var r = _s.Run("Get-AttendanceStudent -School 'Z*' | Get-AttendanceRecord");
        Assert.False(r.HadErrors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Unknown_student_school_and_code_are_non_terminating_not_found_errors()
    {
        var r = _s.Run("try { Get-AttendanceRecord -StudentId S9999, S1002 -Kind Daily } catch { 'caught' }");
        Assert.Equal(["Daily 09-02 S1002 U"], r.Output.Select(Key));
        var e = Assert.Single(r.Errors);
        Assert.Equal(("StudentNotFound,AttendanceTools.Commands.GetAttendanceRecordCommand", ErrorCategory.ObjectNotFound, "S9999"),
            (e.FullyQualifiedErrorId, e.CategoryInfo.Category, e.TargetObject));

        var other = _s.Run("Get-AttendanceRecord -School Nowhere; Get-AttendanceRecord -Code ZZ");
        Assert.Equal([("SchoolNotFound", "Nowhere"), ("AttendanceCodeNotFound", "ZZ")],
            other.Errors.Select(x => (x.FullyQualifiedErrorId.Split(',')[0], (string)x.TargetObject)));
    }

    [Fact]
    public void From_after_To_is_a_terminating_usage_error()
    {
        var r = _s.Run("try { Get-AttendanceRecord -From 2025-10-02 -To 2025-10-01; 'went on' } catch { $_.FullyQualifiedErrorId }");
        Assert.Equal(["DateRangeInvalid,AttendanceTools.Commands.GetAttendanceRecordCommand"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Verbose_counts_the_records_streamed()
        => Assert.StartsWith("Read 4 attendance records from", _s.Run("Get-AttendanceRecord -Kind Daily -Verbose").ShouldSucceed().Verbose.Single().Message, StringComparison.Ordinal);

    [Fact]
    public void Kind_is_validated()
        => Assert.StartsWith("ParameterArgumentValidationError", _s.Run("Get-AttendanceRecord -Kind Weekly").ErrorId, StringComparison.Ordinal);
}
