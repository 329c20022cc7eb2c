using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// What an operation tells <see cref="WriteProtocol"/> about its plans. Only <see cref="Operation"/>,
/// <see cref="StampOf"/> and <see cref="CountsOf"/> are required.
/// </summary>
/// <typeparam name="TPlan">The operation's plan (change set).</typeparam>
public sealed record WriteSteps<TPlan>
{
    /// <summary>The operation's name ("Import", "Aggregation"): its run-log name, and what messages and write points call it.</summary>
    public required string Operation { get; init; }
    /// <summary>The <see cref="StoreStamp"/> the plan was made at (read before the plan read anything else).</summary>
    public required Func<TPlan, StoreStamp> StampOf { get; init; }
    /// <summary>
    /// The plan's counts as a person saw and confirmed them ("3 inserts, 1 update, 0 deletes"). A re-plan
    /// with the same text is written without asking; other counts are never written unconfirmed.
    /// </summary>
    public required Func<TPlan, string> CountsOf { get; init; }
    /// <summary>Plans again against the store as it is now; null: a stale plan is refused (<c>StoreChangedSincePlan</c>).</summary>
    public Func<CancellationToken, TPlan>? Replan { get; init; }
    /// <summary>
    /// Asked, with the old and the new plan, when a re-plan changed the counts: true writes the new plan.
    /// Null refuses (<c>StoreChangedSincePlan</c>). A cmdlet passes its ShouldProcess, which asks again
    /// when the person was asked the first time.
    /// </summary>
    public Func<TPlan, TPlan, bool>? ConfirmReplanned { get; init; }
    /// <summary>The lease to hold; every writer of the store takes <see cref="WriteProtocol.StoreLease"/> unless it has a reason to scope it.</summary>
    public string LeaseName { get; init; } = WriteProtocol.StoreLease;
    /// <summary>How long to wait for another run's lease (default <see cref="Lease.DefaultWait"/>).</summary>
    public TimeSpan? LeaseWait { get; init; }
    /// <summary>The maintenance-lock token, when the caller holds the lock.</summary>
    public string? LockToken { get; init; }
    /// <summary>
    /// How the run is made durable when committing the transaction cannot do it. A whole-store restore replaces
    /// every page with SQLite's backup API, which needs no transaction open on the store: it ends the transaction
    /// and copies a prepared file (the data, its run-log row, no lease) over the store, one atomic step like a
    /// commit. Null: the transaction commits.
    /// </summary>
    public Action<WriteTransaction>? CommitBy { get; init; }
}

/// <summary>
/// The engine's one write protocol (docs/architecture.md, "Apply"); every writer goes through it:
/// <list type="number">
/// <item>the caller plans read-only, reading <see cref="StoreStamp"/> first;</item>
/// <item><see cref="Apply{TPlan, TResult}"/> takes the store's writer lease (<see cref="Lease"/>: waits bounded,
/// takes over a lease whose holder died, renews it while the run works);</item>
/// <item>opens the one <see cref="WriteTransaction"/> (immediate: it serialises every writer of the file)
/// and reads the stamp again inside it. When it differs, the store changed since the plan: the
/// transaction is dropped and the operation re-plans (or, with no <see cref="WriteSteps{TPlan}.Replan"/>,
/// the run is refused with <c>StoreChangedSincePlan</c>). A re-plan whose counts differ from the ones
/// confirmed is written only if <see cref="WriteSteps{TPlan}.ConfirmReplanned"/> says so;</item>
/// <item>calls the operation's write with that transaction: it writes its rows and its run-log row there
/// (checking its change guard first, on the plan it is given);</item>
/// <item>deletes the lease in the same transaction and commits: data, run log and lease release
/// are one atomic step, so a crash at any point leaves the old state or the new one, and no lease
/// that outlives the run.</item>
/// </list>
/// Adopting it, for an operation whose apply today is "Lease.Acquire; WriteTransaction.Begin; write; Commit":
/// <code>
/// // Plan: var stamp = StoreStamp.Read(connection); ... return new MyPlan { Stamp = stamp, ... };
/// public static MyResult Apply(AttendanceStore store, MyPlan plan, IOperationObserver observer, CancellationToken ct,
///     Func&lt;MyPlan, MyPlan, bool&gt;? confirmReplanned = null)
///     => WriteProtocol.Apply(store, new WriteSteps&lt;MyPlan&gt;
///     {
///         Operation = "Backfill", StampOf = p =&gt; p.Stamp, CountsOf = p =&gt; p.CountsText,
///         Replan = token =&gt; Plan(store, plan.Request, observer, token), ConfirmReplanned = confirmReplanned,
///         LockToken = plan.Request.LockToken,
///     }, plan, (tx, p) =&gt; Write(tx, p, observer, ct), observer, ct);   // Write: guard, rows, RunLog; no Commit
/// </code>
/// </summary>
public static class WriteProtocol
{
    /// <summary>The store's writer lease: held by every run that writes district data, one at a time.</summary>
    public const string StoreLease = "Store";

    /// <summary>How many times a run re-plans for a store that keeps changing before it gives up.</summary>
    public const int MaxReplans = 3;

    /// <summary>Applies <paramref name="plan"/> (see the class summary); returns what <paramref name="write"/> returned.</summary>
    public static TResult Apply<TPlan, TResult>(AttendanceStore store, WriteSteps<TPlan> steps, TPlan plan,
        Func<WriteTransaction, TPlan, TResult> write, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(observer);
        using var lease = Lease.Acquire(store, steps.LeaseName, observer, ct, steps.LeaseWait);
        WritePoints.Reach(steps.Operation, WritePoints.LeaseTaken);
        for (var replans = 0; ; replans++)
        {
            ct.ThrowIfCancellationRequested();
            string what;
            using (var tx = WriteTransaction.Begin(store, steps.LockToken))
            {
                var now = StoreStamp.Read(tx.Connection, tx.Transaction);
                var planned = steps.StampOf(plan);
                if (now == planned)
                {
                    lease.Confirm(tx);
                    var result = Write(store, tx, plan, write);
                    lease.ReleaseWith(tx);
                    WritePoints.Reach(steps.Operation, WritePoints.BeforeCommit);
                    if (steps.CommitBy is { } commit) commit(tx);
                    else tx.Commit();
                    lease.MarkReleased();
                    WritePoints.Reach(steps.Operation, WritePoints.AfterCommit);
                    return result;
                }
                what = StoreStamp.DescribeChanges(tx.Connection, tx.Transaction, planned, now);
                if (steps.Replan is null || replans >= MaxReplans)
                    throw Changed(store, steps.Operation, what, steps.Replan is null
                        ? "Nothing was written."
                        : $"It planned again {MaxReplans} times and the store kept changing. Nothing was written.");
                observer.Verbose($"The store changed after this {steps.Operation} run was planned ({what}); planning again.");
            }
            // Re-plan outside the write transaction: other writers wait on the lease, readers go on.
            var replanned = steps.Replan(ct);
            string before = steps.CountsOf(plan), after = steps.CountsOf(replanned);
            if (before != after)
            {
                if (steps.ConfirmReplanned is null || !steps.ConfirmReplanned(plan, replanned))
                    throw Changed(store, steps.Operation, what,
                        $"Planned again, it would now write {after} instead of the {before} confirmed. Nothing was written.");
                observer.Warning("StoreChangedSincePlan",
                    $"The store changed after this {steps.Operation} run was planned; planned again, it writes {after} instead of {before}.");
            }
            else observer.Verbose($"Planned again: the same counts ({after}).");
            plan = replanned;
        }
    }

    /// <summary>
    /// Applies a writer that has no change list to go stale: it decides what to write inside the transaction,
    /// against the store as it is then (single marks, a settings change). It still takes the store's writer
    /// lease, checks the maintenance lock with <paramref name="lockToken"/>, and commits its rows, its run-log
    /// row and the lease release together; a store that moved before the transaction only means reading the stamp again.
    /// </summary>
    public static TResult Apply<TResult>(AttendanceStore store, string operation, string? lockToken, Func<WriteTransaction, TResult> write,
        IOperationObserver observer, CancellationToken ct, TimeSpan? leaseWait = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Apply(store, new WriteSteps<StoreStamp>
        {
            Operation = operation, StampOf = stamp => stamp, CountsOf = _ => operation, Replan = _ => StoreStamp.Read(store),
            LockToken = lockToken, LeaseWait = leaseWait,
        }, StoreStamp.Read(store), (tx, _) => write(tx), observer, ct);
    }

    /// <summary>The operation's own writes; a file that refuses writing mid-run is the module's StoreReadOnly, not a raw provider error.</summary>
    private static TResult Write<TPlan, TResult>(AttendanceStore store, WriteTransaction tx, TPlan plan, Func<WriteTransaction, TPlan, TResult> write)
    {
        try
        {
            return write(tx, plan);
        }
        catch (DbException ex) when (SqliteDialect.IsWriteRefused(ex))
        {
            throw StoreFiles.ReadOnly(store.Location, ex);
        }
    }

    private static AttendanceException Changed(AttendanceStore store, string operation, string what, string outcome) => new("StoreChangedSincePlan", FailureKind.Busy,
        $"The store '{store.Location}' changed after this {operation} run was planned ({what}). {outcome}",
        operation, "Run the command again: it plans against the store as it is then (use -WhatIf or -Preview first to see the new counts).");
}
