using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceCalendarTests : IDisposable
{
    private readonly PsSession _s = new();

    public GetAttendanceCalendarTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    private static string Label(PSObject o) => $"{o.Prop<string>("School")} {o.Prop<string>("Name")} {o.Prop<string>("SchoolYear")}";

    [Fact]
    public void Without_filters_every_year_is_listed()
    {
        var all = _s.Run("Get-AttendanceCalendar").ShouldSucceed().Output;
        Assert.Equal(["Lincoln Elementary KG HALF 2025-26", "Lincoln Elementary REG 2025-26", "Rio Continuation CE 2025-26",
            "Washington High REG 2024-25", "Washington High REG 2025-26"], all.Select(Label));
        Assert.All(all, o => Assert.Equal("AttendanceTools.Engine.Queries.CalendarInfo", o.TypeName()));
    }

    [Fact]
    public void Active_is_the_current_school_year()
        => Assert.Equal(4, _s.Run("Get-AttendanceCalendar -Active").ShouldSucceed().Output.Count);

    [Theory]
    [InlineData("2025")]
    [InlineData("2024-25")]
    public void SchoolYear_accepts_either_form(string year)
        => Assert.Equal(["Washington High REG 2024-25"],
            _s.Run("Get-AttendanceCalendar -SchoolYear $y", new Dictionary<string, object?> { ["y"] = year }).ShouldSucceed().Output.Select(Label));

    [Fact]
    public void Name_school_and_dates()
    {
        var reg = _s.Run("Get-AttendanceCalendar REG -School 'lincoln*'").ShouldSucceed().Output.Single();
        Assert.Equal(("100", 2026, new DateTime(2025, 9, 2), new DateTime(2025, 10, 1), 3),
            (reg.Prop<string>("SchoolId"), reg.Prop<int>("SchoolYearNumber"), reg.Prop<DateTime>("StartDate"), reg.Prop<DateTime>("EndDate"), reg.Prop<int>("InSessionDays")));
        Assert.Equal(["Lincoln Elementary KG HALF 2025-26"], _s.Run("Get-AttendanceCalendar -CalendarName 'kg*'").ShouldSucceed().Output.Select(Label));
    }

    [Fact]
    public void Schools_pipe_in_by_SchoolId_and_SchoolYear()
    {
        Assert.Equal(["Washington High REG 2025-26"], _s.Run("Get-AttendanceSchool Washington* | Get-AttendanceCalendar").ShouldSucceed().Output.Select(Label));
        Assert.Equal(["Washington High REG 2024-25"], _s.Run("Get-AttendanceSchool Washington* -SchoolYear 2025 | Get-AttendanceCalendar").ShouldSucceed().Output.Select(Label));
        Assert.Equal(["Lincoln Elementary KG HALF 2025-26", "Lincoln Elementary REG 2025-26"],
            _s.Run("Get-AttendanceSchool 100 | Get-AttendanceCalendar -Active").ShouldSucceed().Output.Select(Label));
    }

    [Fact]
    public void Calendar_objects_pipe_back_in_by_School_and_SchoolYear()
        => Assert.Equal(["Rio Continuation CE 2025-26"], _s.Run("Get-AttendanceCalendar CE | Get-AttendanceCalendar").ShouldSucceed().Output.Select(Label));

    [Fact]
    public void A_piped_object_with_an_empty_School_selects_no_calendar_rather_than_all()
    {
        var r = _s.Run("Get-AttendanceStudent -StudentId S1006 | Get-AttendanceCalendar");
        Assert.False(r.HadErrors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Calendar_and_school_not_found_are_non_terminating_with_the_name_as_target()
    {
        var r = _s.Run("try { Get-AttendanceCalendar -Name Nope, REG -SchoolYear 2025 } catch { 'caught' }");
        Assert.Single(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.Equal(("CalendarNotFound,AttendanceTools.Commands.GetAttendanceCalendarCommand", ErrorCategory.ObjectNotFound, "Nope"),
            (e.FullyQualifiedErrorId, e.CategoryInfo.Category, e.TargetObject));

        var school = _s.Run("Get-AttendanceCalendar -School Nowhere");
        Assert.Equal(("SchoolNotFound,AttendanceTools.Commands.GetAttendanceCalendarCommand", "Nowhere"),
            (school.Errors.Single().FullyQualifiedErrorId, school.Errors.Single().TargetObject));
    }

    [Fact]
    public void On_the_demo_district_Active_is_half_of_the_two_years()
    {
        using var demo = new PsSession();
        demo.Run("New-AttendanceDemoStore -Path ./demo.db -Students 150").ShouldSucceed();
        // REG at four schools and KAM at Oak, in 2024-25 and 2025-26.
        Assert.Equal(10, demo.Run("Get-AttendanceCalendar").ShouldSucceed().Output.Count);
        var active = demo.Run("Get-AttendanceCalendar -Active").ShouldSucceed().Output;
        Assert.Equal(5, active.Count);
        Assert.All(active, o => Assert.Equal("2025-26", o.Prop<string>("SchoolYear")));
        Assert.All(active, o => Assert.True(o.Prop<int>("InSessionDays") > 0));
    }

    [Fact]
    public void Active_and_SchoolYear_are_separate_parameter_sets()
    {
        var r = _s.Run("Get-AttendanceCalendar -Active -SchoolYear 2026");
        Assert.Empty(r.Output);
        Assert.StartsWith("AmbiguousParameterSet,", r.ErrorId, StringComparison.Ordinal);
    }
}
