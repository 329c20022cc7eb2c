using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Compliance;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Lock-AttendanceStore (domain §4.5): the token, the lock shown by Get-AttendanceStore, every writer refused, scheduled jobs skipped.</summary>
[Collection(ClockCollection.Name)]
public sealed class LockAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    /// <summary>Writers that do not write the connected store, or manage the lock itself.</summary>
    private static readonly HashSet<string> NotStoreWriters = new(StringComparer.OrdinalIgnoreCase)
    {
        "New-AttendanceDemoStore",  // creates a new store file
        "New-AttendanceStore",      // creates a new store file
        "Remove-AttendanceLease",   // clears a dead run's lease: bookkeeping an operator needs most during maintenance
        "Export-AttendanceData",    // writes CSV files, reads the store
        "Lock-AttendanceStore", "Unlock-AttendanceStore",
        "Update-AttendanceStoreSchema", // upgrades the schema, never district data (one transaction; a current store writes nothing)
    };

    /// <summary>How to call each writer so that it would write; a new writer must be added here (the test says so).</summary>
    private static readonly Dictionary<string, string> Calls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Update-AttendanceAggregation"] = "Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false",
        // The locked store as the destination: an empty store's district copied into it is refused before anything is checked.
        ["Copy-AttendanceStore"] = "Copy-AttendanceStore -Store (New-AttendanceStore -Path (Join-Path (Split-Path $db) 'copy-source.db') -NoConnect) -Destination $db -Confirm:$false",
        ["Import-AttendanceData"] = "Import-AttendanceData -Path $export -Force -Confirm:$false",
        ["Backup-AttendanceStore"] = "Backup-AttendanceStore -Confirm:$false",
        ["Remove-AttendanceBackup"] = "Remove-AttendanceBackup -BackupId $backupId -Confirm:$false",
        ["Restore-AttendanceStore"] = "Restore-AttendanceStore -BackupId $backupId -Confirm:$false",
        ["Start-Rollover"] = "Start-Rollover Registration -Confirm:$false",
        ["Set-RolloverCriteria"] = "Set-RolloverCriteria -Default -Confirm:$false",
        ["Restore-Rollover"] = "Restore-Rollover Registration -Confirm:$false",
        ["Undo-AttendanceRun"] = "Undo-AttendanceRun -RunId $journaledRunId -Confirm:$false",
        ["Set-AttendanceStore"] = "Set-AttendanceStore -TimeZone 'America/Chicago' -Confirm:$false",
        ["Export-ProvisioningFeed"] = "Export-ProvisioningFeed -Path $feed -SchoolYear 2027 -Confirm:$false",
        ["Set-AttendanceBridge"] = "Set-AttendanceBridge -School 'Cedar High' -BridgeMode TwoWay -Confirm:$false",
        ["Set-AttendanceBellSchedule"] = "Set-AttendanceBellSchedule -School 'Cedar High' -Name Regular -DailyTimeIn 07:55 -Confirm:$false",
        ["Sync-AttendanceBridge"] = "Sync-AttendanceBridge -School 'Cedar High' -SchoolYear 2026 -Direction MeetingToDaily -AsOf 2026-01-09 -Confirm:$false",
        ["Set-AttendanceRecord"] = "Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Confirm:$false",
        ["Remove-AttendanceRecord"] = "Remove-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Confirm:$false",
        ["Set-BackfillPreference"] = "Set-BackfillPreference -School 401 -RealtimeEnabled $true -Confirm:$false",
        ["Invoke-BackfillValidation"] = "Invoke-BackfillValidation -School 401 -Confirm:$false",
        ["Clear-Backfill"] = "Clear-Backfill -School 401 -Confirm:$false",
        ["Update-BackfillAggregation"] = "Update-BackfillAggregation -School 401 -Confirm:$false",
        ["Invoke-Backfill"] = "Invoke-Backfill -School 401 -Confirm:$false",
    };

    [Fact]
    public void Lock_returns_the_lock_with_its_token_and_Get_AttendanceStore_shows_it()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        var lockObject = Assert.Single(s.Run("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end 2025-26' -DisableScheduledTasks -Confirm:$false", vars).ShouldSucceed().Output);
        Assert.Equal(32, lockObject.Prop<string>("Token").Length);
        Assert.Equal(("Year end 2025-26", true, Environment.UserName), (lockObject.Prop<string>("Reason"), lockObject.Prop<bool>("DisableScheduledTasks"), lockObject.Prop<string>("LockedBy")));

        var info = Assert.Single(s.Run("Get-AttendanceStore").ShouldSucceed().Output);
        Assert.Equal((true, "Year end 2025-26", true), (info.Prop<bool>("IsLocked"), info.Prop<string>("LockReason"), info.Prop<bool>("ScheduledTasksDisabled")));

        // The holder taking it again (a resumed runbook) gets the same lock back.
        var again = Assert.Single(s.Run("Lock-AttendanceStore -Reason 'Year end 2025-26' -DisableScheduledTasks -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(lockObject.Prop<string>("Token"), again.Prop<string>("Token"));
    }

    [Fact]
    public void The_lock_refuses_every_writing_cmdlet_of_another_session_and_its_token_lets_them_write()
    {
        var writers = ModuleFacts.CmdletsToExport
            .Where(n => ModuleFacts.CmdletType(n).GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess && !NotStoreWriters.Contains(n)).ToList();
        Assert.Contains("Update-AttendanceAggregation", writers);
        var uncovered = writers.Where(w => !Calls.ContainsKey(w)).ToList();
        Assert.True(uncovered.Count == 0, $"Writers without a call in LockAttendanceStoreTests.Calls (add one that would write): {string.Join(", ", uncovered)}.");
        foreach (var writer in writers)
            Assert.True(ModuleFacts.CmdletType(writer).GetProperty("LockToken") is { } p && p.GetCustomAttributes<ParameterAttribute>().Any(),
                $"{writer} writes the store, so it must take -LockToken.");

        using var holder = new PsSession();
        var db = demo.CopyTo(holder.TempFolder);
        var vars = new Dictionary<string, object?> { ["db"] = db, ["export"] = holder.PathIn("export"), ["feed"] = holder.PathIn("feed") };
        // A journaled run (nothing left to put back) for Undo-AttendanceRun; rollover runs are Restore-Rollover's.
        DemoTemplate.Execute(db, "INSERT INTO RunLog (Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, DurationMs, Status, Inserted, Updated, Deleted, Unchanged, UndoRef) " +
                                 "VALUES ('Sample', 'nothing', 'test', 'h', '2025-10-01T00:00:00.000Z', '2025-10-01T00:00:00.000Z', 0, 'Succeeded', 0, 0, 0, 0, 'journal')");
        vars["journaledRunId"] = DemoTemplate.Scalar(db, "SELECT MAX(RunId) FROM RunLog");
        holder.Run("Connect-AttendanceStore -Path $db; Export-AttendanceData -Path $export | Out-Null", vars).ShouldSucceed();
        vars["backupId"] = holder.Run("(Backup-AttendanceStore -Confirm:$false).BackupId").ShouldSucceed().Output[0].BaseObject;
        var token = holder.Run("(Lock-AttendanceStore -Reason 'Year end' -Confirm:$false).Token").ShouldSucceed().Output[0].BaseObject;
        holder.Run("Set-RolloverCriteria -Default -Confirm:$false | Out-Null").ShouldSucceed();
        vars["runId"] = holder.Run("(Start-Rollover Registration -Confirm:$false).RunId").ShouldSucceed().Output[0].BaseObject;

        using var other = new PsSession();
        other.Run("Connect-AttendanceStore -Path $db", vars).ShouldSucceed();
        foreach (var writer in writers)
        {
            var r = other.Run(Calls[writer], vars);
            Assert.True(r.ErrorId?.StartsWith("MaintenanceLocked", StringComparison.Ordinal) == true,
                $"{writer} under another session's lock: expected MaintenanceLocked, got {r.ErrorId ?? "success"} {r.FirstError?.Exception.Message}");
            Assert.Contains("Year end", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        }
        // Reads keep working; the token (explicit or piped as the lock object) lets a writer in.
        Assert.Single(other.Run("Get-AttendanceSchool -Name 'Cedar High'").ShouldSucceed().Output);
        vars["token"] = token;
        Assert.Single(other.Run("Update-AttendanceAggregation -School 'Cedar High' -LockToken $token -Confirm:$false", vars).ShouldSucceed().Output);
        Assert.Single(other.Run("[pscustomobject]@{ Token = $token } | Update-AttendanceAggregation -School 'Pine Middle' -Confirm:$false", vars).ShouldSucceed().Output);

        // Every writer passes the lock with the token (it may still refuse for its own reasons, never MaintenanceLocked).
        // The whole-store restore goes last: it puts back a store from before the lock.
        foreach (var writer in writers.OrderBy(w => w.Equals("Restore-AttendanceStore", StringComparison.OrdinalIgnoreCase)))
        {
            var r = other.Run(Calls[writer] + " -LockToken $token", vars);
            Assert.False(r.ErrorId?.StartsWith("MaintenanceLocked", StringComparison.Ordinal) == true,
                $"{writer} -LockToken of the lock: still refused with {r.FirstError?.Exception.Message}");
        }
    }

    [Fact]
    public void With_scheduled_tasks_disabled_the_nightly_refresh_writes_nothing_and_succeeds_with_a_warning()
    {
        using var holder = new PsSession();
        var db = demo.CopyTo(holder.TempFolder);
        var vars = new Dictionary<string, object?> { ["db"] = db };
        holder.Run("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false | Out-Null", vars).ShouldSucceed();
        using var scheduler = new PsSession();
        var r = scheduler.Run("Connect-AttendanceStore -Path $db; Update-AttendanceAggregation -Confirm:$false", vars).ShouldSucceed();
        Assert.Empty(r.Output);
        Assert.Contains(r.Warnings, w => w.Message.Contains("maintenance lock", StringComparison.Ordinal));
        holder.Run("Disconnect-AttendanceStore").ShouldSucceed();
        scheduler.Run("Disconnect-AttendanceStore").ShouldSucceed();
        Assert.Equal(0, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM DayAggregate"));
    }
}
