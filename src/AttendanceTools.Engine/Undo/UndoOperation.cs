using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Undo;

/// <summary>
/// Reverses journaled runs (domain §4.4, §6.6, §8.7): every row a run wrote goes back to its
/// before-image, newest run first and newest change first; a row changed since the run is a
/// conflict, handled by the policy the caller chose. The undo is itself journaled, so it can be
/// undone in turn.
/// </summary>
public static class UndoOperation
{
    public const string OperationName = "Undo";

    /// <summary>The run-log <c>UndoRef</c> of a run that journals its rows and refuses undo on conflicts.</summary>
    public const string JournalRef = "journal";

    /// <summary>The <c>UndoRef</c> of a run whose undo keeps rows changed since (the bridge sync, §6.6).</summary>
    public const string JournalKeepConflictsRef = "journal:keep-conflicts";

    private static readonly Dictionary<string, TableDef> DistrictTables =
        Tables.Version1.Where(t => !t.Bookkeeping && !t.HasIdentity).ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The policy a run asked for when it was logged, unless the caller forces overwriting.</summary>
    public static UndoConflictPolicy DefaultPolicy(RunInfo run) =>
        run.UndoRef == JournalKeepConflictsRef ? UndoConflictPolicy.Keep : UndoConflictPolicy.Refuse;

    /// <summary>Reads the runs (their run-log rows) and refuses runs that cannot be undone.</summary>
    public static List<RunInfo> ReadRuns(DbConnection c, DbTransaction? tx, IReadOnlyList<long> runIds)
    {
        var runs = new List<RunInfo>();
        foreach (var id in runIds)
        {
            var run = RunLog.Read(c, runId: id, transaction: tx).FirstOrDefault() ?? throw NotFound.Run(id, "");
            if (run.Status == "Undone")
                throw new AttendanceException("RunAlreadyUndone", FailureKind.InvalidOperation,
                    $"Run {id} ({run.Operation}, {run.Scope}) has already been undone.", id);
            if (run.UndoRef is null || !run.UndoRef.StartsWith(JournalRef, StringComparison.Ordinal))
                throw new AttendanceException("RunNotReversible", FailureKind.InvalidOperation,
                    $"Run {id} ({run.Operation}) kept no undo journal, so it cannot be undone.", id,
                    "Runs that recompute from inputs (aggregation refreshes, imports) are corrected by running them again with the right inputs.");
            runs.Add(run);
        }
        return runs;
    }

    /// <summary>
    /// Plans the reversal of <paramref name="runIdsNewestFirst"/> (read-only). Each change is
    /// checked against the row as it will be when its turn comes: the store, overlaid with what
    /// reversing the newer changes puts back.
    /// </summary>
    public static UndoPlan Plan(DbConnection c, DbTransaction? tx, IReadOnlyList<long> runIdsNewestFirst,
        UndoConflictPolicy policy = UndoConflictPolicy.Refuse)
    {
        // The stamp first: a run landing while the plan reads is then seen as a change by the write protocol.
        var stamp = StoreStamp.Read(c, tx);
        var runs = ReadRuns(c, tx, runIdsNewestFirst);
        var describer = new RowDescriber(c, tx);
        var journaled = new List<(long RunId, TableDef Table, RowImage? Before, RowImage? After)>();
        foreach (var run in runs)
            foreach (var (tableName, before, after) in c.Query("SELECT TableName, Before, After FROM RunChange WHERE RunId = @r ORDER BY Seq DESC",
                         r => (Table: r.GetString(0), Before: RunJournal.Deserialize(r.NullableString(1)), After: RunJournal.Deserialize(r.NullableString(2))),
                         tx, ("r", run.RunId)))
                journaled.Add((run.RunId, DistrictTables.GetValueOrDefault(tableName)
                    ?? throw new AttendanceException("RunJournalInvalid", FailureKind.InvalidData,
                        $"Run {run.RunId}'s journal names table '{tableName}', which is not a district table of this store.", run.RunId), before, after));
        // The store's current rows, read per table in key ranges, not one query per journaled row.
        var stored = journaled.GroupBy(j => j.Table).ToDictionary(g => g.Key.Name,
            g => CurrentRows.Read(c, tx, g.Key, g.Select(j => (IReadOnlyDictionary<string, object?>)(j.After ?? j.Before)!)), StringComparer.Ordinal);
        var overlay = new Dictionary<(string Table, string Key), RowImage?>();
        var steps = new List<UndoStep>();
        var conflicts = new List<UndoConflict>();
        foreach (var (runId, table, before, after) in journaled)
        {
            var image = (after ?? before)!;
            var keyText = CurrentRows.KeyText(table, image);
            var key = (table.Name, keyText);
            var current = overlay.TryGetValue(key, out var o) ? o : stored[table.Name].GetValueOrDefault(keyText);
            // A row already back in its before-state needs nothing; only a row that is neither
            // what the run left nor what it found was changed by someone else since.
            var conflict = !UndoPlan.SameImage(current, after) && !UndoPlan.SameImage(current, before);
            if (conflict)
                conflicts.Add(new UndoConflict
                {
                    RunId = runId, Table = table.Name, Key = describer.Key(table, image),
                    Expected = describer.Row(table, after), Current = describer.Row(table, current),
                });
            steps.Add(new UndoStep(runId, table.Name, before, after, current, conflict));
            overlay[key] = conflict && policy == UndoConflictPolicy.Keep ? current : before;
        }
        return new UndoPlan { Runs = runs, Steps = steps, Conflicts = conflicts, Stamp = stamp, Policy = policy };
    }

    /// <summary>
    /// Writes the plan inside the caller's transaction (Restore-Rollover restores inside its own):
    /// every step's before-image goes back, conflicting rows per <paramref name="policy"/>. The
    /// reversal is journaled under <paramref name="journal"/> when one is given, and the runs are
    /// marked <c>Undone</c>. Returns (restored, kept, overwritten).
    /// </summary>
    public static (int Restored, int Kept, int Overwritten) Reverse(DbConnection c, DbTransaction tx, UndoPlan plan, UndoConflictPolicy policy,
        RunJournal? journal = null, CancellationToken ct = default)
    {
        if (policy == UndoConflictPolicy.Refuse && plan.Conflicts.Count > 0) throw Conflicts(plan);
        int restored = 0, kept = 0, overwritten = 0;
        using var writer = new RowWriter(c, tx);
        foreach (var step in plan.Steps)
        {
            ct.ThrowIfCancellationRequested();
            if (step.Conflict && policy == UndoConflictPolicy.Keep) { kept++; continue; }
            if (UndoPlan.SameImage(step.Current, step.Before)) continue;
            var table = DistrictTables[step.Table];
            writer.Move(table, step.Current, step.Before);
            if (journal is not null)
            {
                if (step.Current is null) journal.Inserted(table, step.Before!);
                else if (step.Before is null) journal.Deleted(table, step.Current);
                else journal.Updated(table, step.Current, step.Before);
            }
            if (step.Conflict) overwritten++;
            else restored++;
        }
        foreach (var run in plan.Runs)
            c.Execute("UPDATE RunLog SET Status = 'Undone' WHERE RunId = @id", tx, ("id", run.RunId));
        return (restored, kept, overwritten);
    }

    /// <summary>
    /// Plans Undo-AttendanceRun for one run (read-only): every row to put back and the conflicts, under
    /// <paramref name="policy"/> or, when null, the policy the run asked for. A rollover run is refused (Restore-Rollover).
    /// </summary>
    public static UndoPlan Plan(AttendanceStore store, long runId, UndoConflictPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var c = store.OpenConnection();
        var run = ReadRuns(c, null, [runId])[0];
        RefuseRollover(run);
        return Plan(c, null, [runId], policy ?? DefaultPolicy(run));
    }

    /// <summary>The result a preview reports: what <see cref="Apply"/> would do with the plan it returns.</summary>
    public static UndoResult Preview(AttendanceStore store, long runId, UndoConflictPolicy? policy, out UndoPlan plan)
    {
        plan = Plan(store, runId, policy);
        var kept = plan.Policy == UndoConflictPolicy.Keep ? plan.Conflicts.Count : 0;
        var overwritten = plan.Policy == UndoConflictPolicy.Overwrite ? plan.Conflicts.Count : 0;
        return ToResult(plan.Runs[0], plan, plan.Steps.Count(s => !s.Conflict && !UndoPlan.SameImage(s.Current, s.Before)), kept, overwritten, null) with { IsPreview = true };
    }

    /// <summary>
    /// Undo-AttendanceRun: writes <paramref name="plan"/> (one run) through the engine's <see cref="WriteProtocol"/>: the store's
    /// writer lease, a check that the store has not changed since the plan, the rows, the undo's own run-log row and the lease
    /// release in one transaction. The plan was previewed and confirmed, so it never silently changes: planned again against a
    /// store that moved, it is written only with the same counts, else refused (<c>StoreChangedSincePlan</c>), writing nothing.
    /// </summary>
    public static UndoResult Apply(AttendanceStore store, UndoPlan plan, string? lockToken, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var runId = plan.Runs.Count == 1 ? plan.Runs[0].RunId : throw new ArgumentException("Undo-AttendanceRun undoes one run per plan.", nameof(plan));
        return WriteProtocol.Apply(store, new WriteSteps<UndoPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.CountsText, LockToken = lockToken,
            Replan = _ => Plan(store, runId, plan.Policy),
        }, plan, (tx, p) => Write(store, tx, p, observer, ct), observer, ct);
    }

    /// <summary>
    /// Plans and writes at once (a runbook step, a test): <paramref name="confirmed"/>, the plan a person saw
    /// (<see cref="Preview"/>), or, when null, a plan made now under <paramref name="policy"/>.
    /// </summary>
    public static UndoResult Run(AttendanceStore store, long runId, UndoConflictPolicy? policy, UndoPlan? confirmed, string? lockToken,
        IOperationObserver observer, CancellationToken ct)
    {
        if (confirmed is not null && (confirmed.Runs.Count != 1 || confirmed.Runs[0].RunId != runId))
            throw new ArgumentException($"The confirmed plan is not the undo of run {runId}.", nameof(confirmed));
        return Apply(store, confirmed ?? Plan(store, runId, policy), lockToken, observer, ct);
    }

    /// <summary>The undo's rows, its journal and its run-log row, in the protocol's transaction (which commits them).</summary>
    private static UndoResult Write(AttendanceStore store, WriteTransaction tx, UndoPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var run = plan.Runs[0];
        var started = store.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var undoRunId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, Scope(run), started);
        var journal = new RunJournal(tx.Connection, tx.Transaction, undoRunId);
        var (restored, kept, overwritten) = Reverse(tx.Connection, tx.Transaction, plan, plan.Policy, journal, ct);
        RunLog.Complete(tx.Connection, tx.Transaction, undoRunId, new RunInfo
        {
            Operation = OperationName, Scope = Scope(run), StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
            StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Updated = restored + overwritten,
            Details = JsonSerializer.Serialize(new { UndoneRunId = run.RunId, run.Operation, Restored = restored, Kept = kept, Overwritten = overwritten, Tables = plan.RowsByTable }),
            Warnings = [.. plan.Conflicts.Select(x => x.ToString())],
            UndoRef = JournalRef,
        });
        observer.Verbose($"Undid run {run.RunId} ({run.Operation}): {restored} rows restored, {kept} changed rows kept, {overwritten} overwritten, in {clock.ElapsedMilliseconds} ms (run {undoRunId}).");
        return ToResult(run, plan, restored, kept, overwritten, undoRunId);
    }

    private static UndoResult ToResult(RunInfo run, UndoPlan plan, int restored, int kept, int overwritten, long? undoRunId) => new()
    {
        RunId = run.RunId, Operation = run.Operation, Scope = run.Scope, Restored = restored, Kept = kept, Overwritten = overwritten,
        Conflicts = plan.Conflicts, Tables = plan.RowsByTable, UndoRunId = undoRunId,
    };

    public static AttendanceException Conflicts(UndoPlan plan)
    {
        var shown = string.Join("; ", plan.Conflicts.Take(10).Select(x => x.ToString()));
        var more = plan.Conflicts.Count > 10 ? $"; and {plan.Conflicts.Count - 10} more" : "";
        var runs = string.Join(", ", plan.Runs.Select(r => r.RunId.ToString(CultureInfo.InvariantCulture)));
        return new AttendanceException("UndoConflicts", FailureKind.InvalidOperation,
            $"Undoing run {runs} would overwrite {plan.Conflicts.Count} rows changed since the run: {shown}{more}. Nothing was written.",
            plan.Conflicts, "Check the listed rows; to put the run's before-images back over those changes, run again with -Force.");
    }

    /// <summary>
    /// A rollover run also keeps before-images of rows the journal cannot key (students, sections):
    /// only Restore-Rollover puts all of it back, with the later runs it depends on.
    /// </summary>
    private static void RefuseRollover(RunInfo run)
    {
        if (run.UndoRef?.StartsWith(JournalRef + ":rollover", StringComparison.Ordinal) == true)
            throw new AttendanceException("RunNotReversible", FailureKind.InvalidOperation,
                $"Run {run.RunId} ({run.Operation}) is a year-end rollover run; it is restored with Restore-Rollover, which also restores the later runs of that rollover.",
                run.RunId, "Run Restore-Rollover -Type <type> -RunNumber <n> instead.");
    }

    private static string Scope(RunInfo run) => $"run {run.RunId} ({run.Operation}: {run.Scope})";
}
