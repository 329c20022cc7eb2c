using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Remove-AttendanceRecord: removals take the live-bridge twin along, never a twin someone entered.</summary>
public sealed class RemoveAttendanceRecordTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession Open()
    {
        var s = new PsSession();
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = demo.CopyTo(s.TempFolder) }).ShouldSucceed();
        return s;
    }

    private static int Count(PsSession s, string student) => s.Run($"Get-AttendanceRecord -StudentId {student} -From 2025-10-14 -To 2025-10-14").ShouldSucceed().Output.Count;

    [Fact]
    public void Removing_a_bridge_period_mark_removes_the_daily_twin_the_bridge_made()
    {
        using var s = Open();
        s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Confirm:$false").ShouldSucceed();
        Assert.Equal(2, Count(s, "100075"));
        var r = Assert.Single(s.Run("Remove-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(("Removed", "U", "Daily U deleted"), (r.Prop<string>("Action"), r.Prop<string>("Code"), r.Prop<string>("Bridged")));
        Assert.Equal(0, Count(s, "100075"));
    }

    [Fact]
    public void Records_piped_from_Get_AttendanceRecord_are_removed_and_an_entered_twin_is_kept()
    {
        using var s = Open();
        s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Confirm:$false").ShouldSucceed();
        s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Code ILL -Confirm:$false").ShouldSucceed(); // the office takes the daily record over
        var r = Assert.Single(s.Run("Get-AttendanceRecord -StudentId 100075 -Kind Meeting -From 2025-10-14 -To 2025-10-14 | Remove-AttendanceRecord -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal("Daily ILL kept", r.Prop<string>("Bridged"));
        Assert.Equal(1, Count(s, "100075"));
    }

    [Fact]
    public void A_record_that_is_not_there_is_an_error_and_WhatIf_removes_nothing()
    {
        using var s = Open();
        var missing = s.Run("Remove-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Confirm:$false");
        Assert.StartsWith("AttendanceRecordNotFound,", missing.ErrorId, StringComparison.Ordinal);
        Assert.Equal("Student 100075 has no daily record to remove on 2025-10-14.", missing.FirstError!.Exception.Message);
        s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Code U -Confirm:$false").ShouldSucceed();
        s.Run("Remove-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -WhatIf").ShouldSucceed();
        Assert.Equal(1, Count(s, "100075"));
    }
}
