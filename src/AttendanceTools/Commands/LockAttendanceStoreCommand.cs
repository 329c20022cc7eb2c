using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Puts the store under a maintenance lock for year-end work: every writer without the lock's token is refused, and scheduled jobs can be switched off.</para>
/// <para type="description">Returns the lock with its token. This session holds the token implicitly; another session passes it with -LockToken or pipes the lock object in.
/// Taking the lock again as the user who holds it (a resumed runbook) returns the same lock.</para>
/// </summary>
[Cmdlet(VerbsCommon.Lock, "AttendanceStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Lock-AttendanceStore.md")]
[OutputType(typeof(MaintenanceLockInfo))]
public sealed class LockAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>Why the store is locked; shown to everyone who is refused.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ValidateLength(1, 400)]
    public string Reason { get; set; } = "";

    /// <summary>Scheduled jobs (the nightly refresh, the shipped runbooks) write nothing and succeed with a ScheduledTasksDisabled warning while the lock is held.</summary>
    [Parameter]
    public SwitchParameter DisableScheduledTasks { get; set; }

    /// <summary>The token of a lock already held, to change its reason or scheduled-task setting from another session.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        if (!ShouldProcess($"Lock the store '{store.Location}' for maintenance ({Reason}).", $"Lock the store '{store.Location}' for maintenance?", "Lock-AttendanceStore"))
            return;
        Guarded(() =>
        {
            var held = MaintenanceLockOperation.Lock(store, Reason, DisableScheduledTasks, SessionLocks.TokenFor(store, LockToken));
            SessionLocks.Remember(store, held.Token);
            WriteVerbose($"The store '{store.Location}' is locked by {held.LockedBy} since {held.LockedAt:yyyy-MM-dd HH:mm} UTC; scheduled tasks {(held.DisableScheduledTasks ? "disabled" : "enabled")}.");
            WriteObject(held);
        });
    }
}
