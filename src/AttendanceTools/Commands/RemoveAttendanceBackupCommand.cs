using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Deletes backups: a store copy's file, or a rollover run's before-images (that run can then no longer be restored).</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsCommon.Remove, "AttendanceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Remove-AttendanceBackup.md")]
[OutputType(typeof(AttendanceBackupInfo))]
public sealed class RemoveAttendanceBackupCommand : StoreCmdlet
{
    /// <summary>The backups to delete, by id. Get-AttendanceBackup output binds here.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] BackupId { get; set; } = [];

    /// <summary>The maintenance-lock token, when the store is locked and this session did not take the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <summary>Return each backup removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var all = RolloverQueries.Backups(store);
            foreach (var id in BackupId)
            {
                var backup = all.FirstOrDefault(b => string.Equals(b.BackupId, id, StringComparison.OrdinalIgnoreCase));
                if (backup is null)
                {
                    WriteErrorFor(new Engine.AttendanceException("BackupNotFound", Engine.FailureKind.NotFound, $"There is no backup '{id}' (Get-AttendanceBackup lists them).", id));
                    continue;
                }
                var what = backup.Kind == "Store" ? $"Delete the store backup {backup.BackupId} ('{backup.Path}')."
                    : $"Delete the before-images of rollover run {backup.BackupId} ({backup.Rows} rows); it can then no longer be restored.";
                if (!ShouldProcess(what, what + " Continue?", "Remove-AttendanceBackup")) continue;
                RolloverQueries.RemoveBackup(store, backup, SessionLocks.TokenFor(store, LockToken));
                if (PassThru) WriteObject(backup);
            }
        });
    }
}
