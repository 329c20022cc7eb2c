using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Backs up the whole store while it is in use: a consistent copy made with SQLite's backup API into the folder beside the store.</para>
/// </summary>
[Cmdlet(VerbsData.Backup, "AttendanceStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Backup-AttendanceStore.md")]
[OutputType(typeof(AttendanceBackupInfo))]
public sealed class BackupAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>Why the backup was taken ("Before the 2025-26 rollover"); shown by Get-AttendanceBackup.</summary>
    [Parameter(Position = 0)]
    [ValidateLength(1, 400)]
    public string? Reason { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this session did not take the lock. A piped lock object binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        if (!ShouldProcess($"Back up the store '{store.Location}' to the folder '{StoreBackupOperation.BackupFolder(store)}'.",
                $"Back up the store '{store.Location}'?", "Backup-AttendanceStore")) return;
        Guarded(() => WriteObject(StoreBackupOperation.Backup(store, Reason, SessionLocks.TokenFor(store, LockToken), Observer)));
    }
}
