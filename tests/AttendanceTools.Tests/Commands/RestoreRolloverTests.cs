using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class RestoreRolloverTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void An_export_before_the_rollover_and_after_a_full_restore_is_byte_identical()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder), ["before"] = s.PathIn("before"), ["after"] = s.PathIn("after") };
        s.Run("""
            Connect-AttendanceStore -Path $db
            Export-AttendanceData -Path $before | Out-Null
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false | Out-Null
            """, vars).ShouldSucceed();
        var result = Assert.Single(s.Run("Restore-Rollover Registration -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal([1], ((System.Collections.IEnumerable)result.Prop("RunNumbers")!).Cast<object>().Select(Convert.ToInt32));
        s.Run("Export-AttendanceData -Path $after | Out-Null", vars).ShouldSucceed();

        var files = Directory.GetFiles(s.PathIn("before")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(s.PathIn("after")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(s.PathIn("before"), f!)).SequenceEqual(File.ReadAllBytes(Path.Combine(s.PathIn("after"), f!))), $"{f} differs after the restore.");
    }

    [Fact]
    public void Restore_of_registration_after_scheduling_is_refused_naming_the_scheduling_run()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        s.Run("""
            Connect-AttendanceStore -Path $db
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false | Out-Null
            """, vars).ShouldSucceed();
        // The demo's inactive students are deleted by a later run, so Scheduling has work and a run number.
        s.Run("""
            @([pscustomobject]@{ Sequence = 1; Name = 'Delete inactive'; Conditions = @('Status = Inactive'); AssignStatus = 'Delete'; Updates = @{} }) | Set-RolloverCriteria -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false | Out-Null
            Start-Rollover Scheduling -Confirm:$false | Out-Null
            """).ShouldSucceed();
        var r = s.Run("Restore-Rollover Registration -Confirm:$false");
        Assert.StartsWith("RolloverDependentRuns", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains("the Scheduling run 1", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        s.Run("Restore-Rollover Scheduling -Confirm:$false | Out-Null; Restore-Rollover Registration -RunNumber 2 -Confirm:$false | Out-Null").ShouldSucceed();
        Assert.Equal([1], s.Run("Get-AttendanceBackup -Kind Rollover | Where-Object Restorable | ForEach-Object RunNumber").ShouldSucceed().Output.Select(o => Convert.ToInt32(o.BaseObject)));
    }
}
