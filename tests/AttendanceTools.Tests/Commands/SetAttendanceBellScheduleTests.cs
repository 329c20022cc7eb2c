using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Set-AttendanceBellSchedule: bridge period and default daily times.</summary>
public sealed class SetAttendanceBellScheduleTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession Open()
    {
        var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void Sets_the_bridge_period_and_default_times()
    {
        using var s = Open();
        var r = Assert.Single(s.Run("Set-AttendanceBellSchedule -School 'Cedar High' -Name 'Block Even' -BridgePeriod P4 -DailyTimeIn 08:05 -DailyTimeOut 14:00 -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(("P4", TimeSpan.FromMinutes(485), TimeSpan.FromMinutes(840)), (r.Prop<string>("BridgePeriod"), r.Prop<TimeSpan>("DailyTimeIn"), r.Prop<TimeSpan>("DailyTimeOut")));
        var read = Assert.Single(s.Run("Get-AttendanceBellSchedule -School 'Cedar High' -Name 'Block Even'").ShouldSucceed().Output);
        Assert.Equal("P4", read.Prop<string>("BridgePeriod"));
    }

    [Fact]
    public void A_period_not_in_the_schedule_or_reversed_times_are_refused_and_WhatIf_writes_nothing()
    {
        using var s = Open();
        var r = s.Run("Set-AttendanceBellSchedule -School 'Cedar High' -Name 'Block Even' -BridgePeriod P1 -Confirm:$false");
        Assert.StartsWith("BridgePeriodNotInBellSchedule,", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains("(P2, ADV, P4, P6)", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("DailyTimesInvalid,", s.Run("Set-AttendanceBellSchedule 'Cedar High' Regular -DailyTimeOut 07:00 -Confirm:$false").ErrorId, StringComparison.Ordinal);
        s.Run("Set-AttendanceBellSchedule 'Cedar High' Regular -BridgePeriod P2 -WhatIf").ShouldSucceed();
        Assert.Equal("P1", Assert.Single(s.Run("Get-AttendanceBellSchedule 'Cedar High' -Name Regular").ShouldSucceed().Output).Prop<string>("BridgePeriod"));
    }
}
