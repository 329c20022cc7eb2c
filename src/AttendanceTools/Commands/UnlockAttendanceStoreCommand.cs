using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Removes the store's maintenance lock; unlocking a store that is not locked does nothing.</para>
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "AttendanceStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Unlock-AttendanceStore.md")]
[OutputType(typeof(MaintenanceLockInfo))]
public sealed class UnlockAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>The lock's token, when this session did not take the lock. A piped lock object binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <summary>Remove a lock held by someone else (the session that took it is gone).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return the lock that was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        if (!ShouldProcess($"Remove the maintenance lock of the store '{store.Location}'.", $"Unlock the store '{store.Location}'?", "Unlock-AttendanceStore"))
            return;
        Guarded(() =>
        {
            var removed = MaintenanceLockOperation.Unlock(store, SessionLocks.TokenFor(store, LockToken), Force);
            SessionLocks.Forget(store);
            if (removed is null)
            {
                WriteVerbose($"The store '{store.Location}' was not locked; nothing to do.");
                return;
            }
            WriteVerbose($"Removed the maintenance lock {removed.LockedBy} took at {removed.LockedAt:yyyy-MM-dd HH:mm} UTC ({removed.Reason}).");
            if (PassThru) WriteObject(removed);
        });
    }
}
