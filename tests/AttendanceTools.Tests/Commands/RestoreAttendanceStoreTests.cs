using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class RestoreAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Restore_puts_the_copy_back_and_keeps_the_lock_and_the_backup_list()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        var vars = new Dictionary<string, object?> { ["db"] = db };
        s.Run("""
            Connect-AttendanceStore -Path $db
            $before = Backup-AttendanceStore -Reason 'Before the rollover' -Confirm:$false
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false | Out-Null
            Backup-AttendanceStore -Reason 'After the rollover' -Confirm:$false | Out-Null
            """, vars).ShouldSucceed();
        Assert.Equal("2026-27", s.Run("(Get-AttendanceStore).CurrentSchoolYear").ShouldSucceed().Output[0].BaseObject);

        s.Run("$before | Restore-AttendanceStore -Confirm:$false").ShouldSucceed();

        var store = s.Run("Get-AttendanceStore").ShouldSucceed().Output[0];
        Assert.Equal(("2025-26", true), (store.Prop<string>("CurrentSchoolYear"), store.Prop<bool>("IsLocked")));
        Assert.Equal(2, s.Run("Get-AttendanceBackup -Kind Store").ShouldSucceed().Output.Count);
        s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        Assert.Equal(0, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM RolloverRun"));
    }

    [Fact]
    public void An_unknown_backup_is_BackupNotFound()
    {
        using var s = new PsSession();
        var r = s.Run("Connect-AttendanceStore -Path $db; Restore-AttendanceStore -BackupId store-19990101T000000Z -Confirm:$false",
            new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) });
        Assert.StartsWith("BackupNotFound", r.ErrorId, StringComparison.Ordinal);
    }
}
