using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-AttendanceBridge on the demo district (§4.7: a Meeting school with one-way bridge, a Daily school with two-way, a switcher).</summary>
public sealed class GetAttendanceBridgeTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Lists_every_school_but_the_district_office_with_its_method_bridge_and_switch()
    {
        using var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        var rows = s.Run("Get-AttendanceBridge").ShouldSucceed().Output
            .Select(o => $"{o.Prop<string>("School")} {o.Prop<string>("RecordingMethod")} {o.Prop<string>("BridgeMode")} {o.Prop<string>("SyncDirection")} {o.Prop<DateTime?>("RecordingMethodSince"):yyyy-MM-dd} {o.Prop<string>("PreviousRecordingMethod")}".TrimEnd())
            .ToList();
        Assert.Equal(
        [
            "Cedar High Meeting OneWay MeetingToDaily 2026-01-05 Daily",
            "Oak Elementary Daily None DailyToMeeting",
            "Pine Middle Daily TwoWay DailyToMeeting",
            "Redwood Continuation High Meeting None MeetingToDaily",
        ], rows);
    }

    [Fact]
    public void A_school_that_does_not_exist_is_a_non_terminating_error()
    {
        using var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        var r = s.Run("Get-AttendanceBridge -School 'Pine Middle', 'Nowhere High'");
        Assert.Equal("Pine Middle", Assert.Single(r.Output).Prop<string>("School"));
        Assert.Equal(("SchoolNotFound,AttendanceTools.Commands.GetAttendanceBridgeCommand", "Nowhere High"), (Assert.Single(r.Errors).FullyQualifiedErrorId, r.Errors[0].TargetObject));
    }
}
