using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-AttendanceBellSchedule on the demo district.</summary>
public sealed class GetAttendanceBellScheduleTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Lists_a_schools_bell_schedules_with_bridge_period_and_default_times()
    {
        using var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        var rows = s.Run("Get-AttendanceBellSchedule -School 'Cedar High'").ShouldSucceed().Output
            .Select(o => $"{o.Prop<string>("Name")} {o.Prop<string>("BridgePeriod")} {o.Prop<TimeSpan>("DailyTimeIn"):hh\\:mm}-{o.Prop<TimeSpan>("DailyTimeOut"):hh\\:mm} {string.Join(" ", (IEnumerable<object>)o.Prop("Periods")!)} {o.Prop<bool>("IsReadyForBridge")}")
            .ToList();
        Assert.Equal(
        [
            "Block Even P2 08:00-14:05 P2 ADV P4 P6 True",
            "Block Odd P1 08:00-14:05 P1 ADV P3 P5 True",
            "Early Release P1 08:00-11:55 P1 P2 P3 P4 P5 P6 True",
            "Regular P1 08:00-14:50 P1 P2 P3 P4 P5 P6 ADV True",
        ], rows);
    }

    [Fact]
    public void A_schedule_name_that_matches_nothing_is_a_non_terminating_error()
    {
        using var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        var r = s.Run("Get-AttendanceBellSchedule -School 'Cedar High' -Name Regular, 'Late Start'");
        Assert.Equal("Regular", Assert.Single(r.Output).Prop<string>("Name"));
        Assert.Equal("BellScheduleNotFound,AttendanceTools.Commands.GetAttendanceBellScheduleCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }
}
