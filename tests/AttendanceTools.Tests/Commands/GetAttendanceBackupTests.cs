using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class GetAttendanceBackupTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Lists_store_copies_and_rollover_run_backups_with_tables_and_rows_saved()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        s.Run("""
            Connect-AttendanceStore -Path $db
            Backup-AttendanceStore -Confirm:$false | Out-Null
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            $run = Start-Rollover Registration -Confirm:$false
            """, vars).ShouldSucceed();
        var all = s.Run("Get-AttendanceBackup").ShouldSucceed().Output;
        Assert.Equal(["Rollover", "Store"], all.Select(b => b.Prop<string>("Kind")).Order());
        var run = Assert.Single(s.Run("Get-AttendanceBackup -Kind Rollover").ShouldSucceed().Output);
        Assert.Equal(("Registration-2026-1", "Registration", 1, true), (run.Prop<string>("BackupId"), run.Prop<string>("RunType"), run.Prop<int>("RunNumber"), run.Prop<bool>("Restorable")));
        var tables = ((System.Collections.IEnumerable)run.Prop("Tables")!).Cast<object>().Select(o => o.ToString()!).ToList();
        Assert.Contains(tables, t => t.StartsWith("StudentYearRecord: ", StringComparison.Ordinal));
        Assert.Equal(tables.Sum(t => long.Parse(t[(t.IndexOf(':') + 2)..], System.Globalization.CultureInfo.InvariantCulture)), run.Prop<long>("Rows"));
        // The run result pipes in by BackupId.
        Assert.Single(s.Run("$run | Get-AttendanceBackup").ShouldSucceed().Output);
        Assert.Empty(s.Run("Get-AttendanceBackup -Before 2025-26").ShouldSucceed().Output);
        Assert.StartsWith("BackupNotFound", s.Run("Get-AttendanceBackup -BackupId nothing-like-this").ErrorId, StringComparison.Ordinal);
    }
}
