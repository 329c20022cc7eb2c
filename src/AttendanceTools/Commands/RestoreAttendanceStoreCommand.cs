using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Replaces the whole store's content with a backup taken by Backup-AttendanceStore; the maintenance lock and the backup list stay as they are now.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsData.Restore, "AttendanceStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Restore-AttendanceStore.md")]
[OutputType(typeof(AttendanceBackupInfo))]
public sealed class RestoreAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>The store backup to restore. Get-AttendanceBackup output binds here.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string BackupId { get; set; } = "";

    /// <summary>The maintenance-lock token, when the store is locked and this session did not take the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var backup = RolloverQueries.Backups(store).FirstOrDefault(b => b.Kind == "Store" && string.Equals(b.BackupId, BackupId, StringComparison.OrdinalIgnoreCase))
                ?? throw new Engine.AttendanceException("BackupNotFound", Engine.FailureKind.NotFound,
                    $"There is no store backup '{BackupId}' (Get-AttendanceBackup -Kind Store lists them; a rollover run is restored with Restore-Rollover).", BackupId);
            // What the person confirms is the store as it is now: a run landing before the restore refuses it (StoreChangedSincePlan).
            var planned = StoreStamp.Read(store);
            if (!ShouldProcess($"Replace everything in the store '{store.Location}' with the backup {backup.BackupId} taken {backup.CreatedAt:yyyy-MM-dd HH:mm} UTC.",
                    $"Every change made to '{store.Location}' since {backup.CreatedAt:yyyy-MM-dd HH:mm} UTC will be lost. Restore {backup.BackupId}?", "Restore-AttendanceStore")) return;
            StoreBackupOperation.Restore(store, backup, SessionLocks.TokenFor(store, LockToken), Observer, planned, CancelToken);
            WriteObject(backup);
        });
    }
}
