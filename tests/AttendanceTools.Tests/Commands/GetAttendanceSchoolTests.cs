using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceSchoolTests : IDisposable
{
    private readonly PsSession _s = new();

    public GetAttendanceSchoolTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    [Fact]
    public void Lists_every_school_with_the_names_scripts_rely_on()
    {
        var schools = _s.Run("Get-AttendanceSchool").ShouldSucceed().Output;
        Assert.Equal(["District Office", "Lincoln Elementary", "Rio Continuation", "Washington High"], schools.Select(o => o.Prop<string>("Name")));
        Assert.All(schools, o => Assert.Equal("AttendanceTools.Engine.Queries.SchoolInfo", o.TypeName()));
        Assert.True(schools[0].Prop<bool>("IsDistrictOffice"));
        var washington = schools[3];
        Assert.Equal(("200", false, "Meeting", "OneWay", 3, "2025-26"),
            (washington.Prop<string>("SchoolId"), washington.Prop<bool>("IsDistrictOffice"), washington.Prop<string>("RecordingMethod"),
             washington.Prop<string>("BridgeMode"), washington.Prop<int>("Students"), washington.Prop<string>("SchoolYear")));
        // No settings for the year: the defaults, and the flag says so.
        Assert.Equal(("Daily", false), (schools[2].Prop<string>("RecordingMethod"), schools[2].Prop<bool>("HasAttendanceSettings")));
    }

    [Theory]
    [InlineData("2025")]
    [InlineData("2024-25")]
    [InlineData("2024-2025")]
    public void SchoolYear_accepts_the_end_year_or_the_span(string year)
    {
        var w = _s.Run("Get-AttendanceSchool -Name 'Washington*' -SchoolYear $y", new Dictionary<string, object?> { ["y"] = year }).ShouldSucceed().Output.Single();
        Assert.Equal(("Daily", "None", 3, "2024-25"), (w.Prop<string>("RecordingMethod"), w.Prop<string>("BridgeMode"), w.Prop<int>("Students"), w.Prop<string>("SchoolYear")));
    }

    [Fact]
    public void Unquoted_span_on_the_command_line_is_a_school_year()
        => Assert.Equal("2024-25", _s.Run("Get-AttendanceSchool 200 -SchoolYear 2024-25").ShouldSucceed().Output.Single().Prop<string>("SchoolYear"));

    [Fact]
    public void Names_take_wildcards_and_ids_and_the_district_office_can_be_left_out()
    {
        Assert.Equal(["Lincoln Elementary", "Rio Continuation"], _s.Run("Get-AttendanceSchool 'lin*', 300").ShouldSucceed().Output.Select(o => o.Prop<string>("Name")));
        Assert.DoesNotContain(_s.Run("Get-AttendanceSchool -ExcludeDistrictOffice").ShouldSucceed().Output, o => o.Prop<bool>("IsDistrictOffice"));
        Assert.Equal(3, _s.Run("Get-AttendanceSchool -ExcludeDistrictOffice").Output.Count);
    }

    [Fact]
    public void A_school_that_does_not_exist_is_a_non_terminating_SchoolNotFound()
    {
        // Not terminating: try/catch does not catch it and the other name still comes back.
        var r = _s.Run("try { Get-AttendanceSchool -Name Nowhere, 'Lincoln*' } catch { 'caught' }");
        Assert.Equal("Lincoln Elementary", r.Output.Single().Prop<string>("Name"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("SchoolNotFound,AttendanceTools.Commands.GetAttendanceSchoolCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("Nowhere", e.TargetObject);
    }

    [Fact]
    public void Students_and_calendars_pipe_in_by_SchoolId_and_SchoolYear()
    {
        var rio = _s.Run("Get-AttendanceStudent -StudentId S1005 | Get-AttendanceSchool").ShouldSucceed().Output.Single();
        Assert.Equal("Rio Continuation", rio.Prop<string>("Name"));
        var w = _s.Run("Get-AttendanceCalendar -SchoolYear 2025 | Get-AttendanceSchool").ShouldSucceed().Output.Single();
        Assert.Equal(("Washington High", "2024-25", "Daily"), (w.Prop<string>("Name"), w.Prop<string>("SchoolYear"), w.Prop<string>("RecordingMethod")));
    }

    [Fact]
    public void A_piped_object_with_an_empty_SchoolId_selects_no_school_rather_than_all()
    {
        // S1006 has no 2025-26 year record, so its SchoolId is empty.
        var r = _s.Run("Get-AttendanceStudent -StudentId S1006 | Get-AttendanceSchool");
        Assert.False(r.HadErrors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void An_unknown_year_is_SchoolYearNotFound_and_an_unreadable_one_SchoolYearInvalid()
    {
        var unknown = _s.Run("Get-AttendanceSchool -SchoolYear 2031");
        Assert.Empty(unknown.Output);
        Assert.Equal(("SchoolYearNotFound,AttendanceTools.Commands.GetAttendanceSchoolCommand", "2030-31"),
            (unknown.Errors.Single().FullyQualifiedErrorId, unknown.Errors.Single().TargetObject));
        var bad = _s.Run("try { Get-AttendanceSchool -SchoolYear 'next year'; 'went on' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }");
        Assert.Equal(["SchoolYearInvalid,AttendanceTools.Commands.GetAttendanceSchoolCommand", "InvalidArgument"], bad.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Verbose_says_how_many_were_read_and_from_where()
    {
        var r = _s.Run("Get-AttendanceSchool -ExcludeDistrictOffice -Verbose").ShouldSucceed();
        var line = Assert.Single(r.Verbose).Message;
        Assert.StartsWith("Read 3 schools from '", line, StringComparison.Ordinal);
        Assert.Contains("district.db", line, StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_demo_district_school_counts_add_up_to_the_students_listed()
    {
        using var demo = new PsSession();
        demo.Run("New-AttendanceDemoStore -Path ./demo.db -Students 150").ShouldSucceed();
        var schools = demo.Run("Get-AttendanceSchool").ShouldSucceed().Output;
        Assert.Equal(5, schools.Count);
        Assert.Single(schools, o => o.Prop<bool>("IsDistrictOffice"));
        // Domain §4.7: one school records by meeting, one by day.
        Assert.Contains(schools, o => o.Prop<string>("RecordingMethod") == "Meeting");
        Assert.Contains(schools, o => o.Prop<string>("RecordingMethod") == "Daily" && o.Prop<bool>("HasAttendanceSettings"));
        var listed = demo.Run("Get-AttendanceStudent").ShouldSucceed().Output.Count;
        Assert.Equal(listed, schools.Sum(o => o.Prop<int>("Students")));
        Assert.True(listed > 0);
    }

    [Fact]
    public void Without_a_store_it_says_what_to_run()
    {
        _s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        var r = _s.Run("Get-AttendanceSchool");
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceSchoolCommand", r.ErrorId);
    }
}
