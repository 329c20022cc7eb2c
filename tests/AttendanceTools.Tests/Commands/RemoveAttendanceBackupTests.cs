using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class RemoveAttendanceBackupTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Removing_a_store_copy_deletes_its_file_and_a_rollover_backup_makes_the_run_unrestorable()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        var copy = s.Run("Connect-AttendanceStore -Path $db; Backup-AttendanceStore -Confirm:$false", vars).ShouldSucceed().Output[0];
        var removed = Assert.Single(s.Run($"Remove-AttendanceBackup -BackupId {copy.Prop<string>("BackupId")} -PassThru -Confirm:$false").ShouldSucceed().Output);
        Assert.False(File.Exists(removed.Prop<string>("Path")));
        Assert.Empty(s.Run("Get-AttendanceBackup -Kind Store").ShouldSucceed().Output);

        s.Run("""
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false | Get-AttendanceBackup | Remove-AttendanceBackup -Confirm:$false
            """).ShouldSucceed();
        Assert.Empty(s.Run("Get-AttendanceBackup").ShouldSucceed().Output);
        Assert.StartsWith("RolloverNothingToRestore", s.Run("Restore-Rollover Registration -Confirm:$false").ErrorId, StringComparison.Ordinal);
    }
}
