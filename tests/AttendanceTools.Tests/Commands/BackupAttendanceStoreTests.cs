using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class BackupAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void A_backup_is_a_complete_store_in_the_folder_beside_the_store_and_is_listed_in_the_store()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        var vars = new Dictionary<string, object?> { ["db"] = db };
        var backup = Assert.Single(s.Run("Connect-AttendanceStore -Path $db; Backup-AttendanceStore -Reason 'Before the rollover' -Confirm:$false", vars).ShouldSucceed().Output);
        var path = backup.Prop<string>("Path");
        Assert.Equal(db + ".backups", Path.GetDirectoryName(path));
        Assert.Matches(@"^store-\d{8}T\d{6}Z$", backup.Prop<string>("BackupId"));
        Assert.Equal(("Store", "Before the rollover", 2026), (backup.Prop<string>("Kind"), backup.Prop<string>("Reason"), backup.Prop<int>("SchoolYear")));
        s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        Assert.Equal(DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM DailyAttendance"), DemoTemplate.Scalar(path, "SELECT COUNT(*) FROM DailyAttendance"));
        Assert.Equal(1, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM StoreBackup"));
    }

    [Fact]
    public void WhatIf_copies_nothing()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $db; Backup-AttendanceStore -WhatIf", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        Assert.False(Directory.Exists(db + ".backups"));
    }
}
