using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Set-AttendanceBridge: settings per school and year, and the recorded date of a mid-year change of method.</summary>
public sealed class SetAttendanceBridgeTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession Open()
    {
        var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void A_change_of_method_is_recorded_with_its_date_and_the_sync_defaults_to_it()
    {
        using var s = Open();
        var r = Assert.Single(s.Run("Set-AttendanceBridge -School 'Pine Middle' -RecordingMethod Meeting -EffectiveDate 2025-11-03 -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(("Meeting", "TwoWay", new DateTime(2025, 11, 3), "Daily"),
            (r.Prop<string>("RecordingMethod"), r.Prop<string>("BridgeMode"), r.Prop<DateTime>("RecordingMethodSince"), r.Prop<string>("PreviousRecordingMethod")));
        var plan = Assert.Single(s.Run("Sync-AttendanceBridge -School 'Pine Middle' -Direction MeetingToDaily -AsOf 2025-11-30 -Preview").ShouldSucceed().Output);
        Assert.Equal(new DateTime(2025, 11, 3), plan.Prop<DateTime>("From"));
        Assert.Equal("BridgeSettings", Assert.Single(s.Run("Get-AttendanceRun -Operation BridgeSettings").ShouldSucceed().Output).Prop<string>("Operation"));
    }

    [Fact]
    public void Only_the_bridge_mode_changes_and_no_switch_is_recorded()
    {
        using var s = Open();
        var r = Assert.Single(s.Run("Get-AttendanceBridge -School 'Oak Elementary' | Set-AttendanceBridge -BridgeMode OneWay -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(("Daily", "OneWay"), (r.Prop<string>("RecordingMethod"), r.Prop<string>("BridgeMode")));
        Assert.Null(r.Prop("RecordingMethodSince"));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_the_district_office_is_refused()
    {
        using var s = Open();
        var whatIf = s.Run("Set-AttendanceBridge -School 'Oak Elementary' -BridgeMode TwoWay -WhatIf").ShouldSucceed();
        Assert.Contains(whatIf.HostLines, l => l.Contains("Daily, None -> Daily, TwoWay", StringComparison.Ordinal));
        Assert.Equal("None", Assert.Single(s.Run("Get-AttendanceBridge -School 'Oak Elementary'").ShouldSucceed().Output).Prop<string>("BridgeMode"));
        Assert.StartsWith("BridgeDistrictOffice,", s.Run("Set-AttendanceBridge -School 'Sierra Vista USD District Office' -BridgeMode OneWay -Confirm:$false").ErrorId, StringComparison.Ordinal);
        Assert.StartsWith("EffectiveDateWithoutMethod,", s.Run("Set-AttendanceBridge -School 'Oak Elementary' -EffectiveDate 2025-11-03 -Confirm:$false").ErrorId, StringComparison.Ordinal);
    }
}
