using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Undo;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Undoes a run that kept an undo journal (backfill, bridge sync, rollover): every row it wrote goes back to what it was before.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsCommon.Undo, "AttendanceRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Undo-AttendanceRun.md")]
[OutputType(typeof(UndoResult))]
public sealed class UndoAttendanceRunCommand : StoreCmdlet
{
    private readonly HashSet<long> _seen = [];

    /// <summary>The run to undo. Takes RunId from piped run-log entries and results; each run is undone once, in its own transaction.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long[] RunId { get; set; } = [];

    /// <summary>Put the run's before-images back even over rows changed since the run; the result lists what was overwritten.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return what the undo would do (rows per table, conflicts) and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked by Lock-AttendanceStore and this undo is part of that maintenance.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        foreach (var id in RunId)
        {
            if (!_seen.Add(id)) continue;
            try
            {
                var policy = Force ? UndoConflictPolicy.Overwrite : (UndoConflictPolicy?)null;
                var preview = UndoOperation.Preview(store, id, policy, out var plan);
                if (Preview)
                {
                    WriteObject(preview);
                    continue;
                }
                var conflicts = plan.Conflicts.Count == 0 ? "" : $" {plan.Conflicts.Count} rows changed since the run";
                var what = $"Undo run {id} ({preview.Operation}: {preview.Scope}): put back {plan.Rows} rows{conflicts}.";
                if (!ShouldProcess(what, what + " Continue?", "Undo-AttendanceRun")) continue;
                // The confirmed plan is the one written: a store changed since is planned again and refused unless the counts are the same.
                WriteObject(UndoOperation.Apply(store, plan, SessionLocks.TokenFor(store, LockToken), Observer, CancelToken));
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                return;
            }
            catch (Engine.AttendanceException ex)
            {
                // One run's failure (not found, conflicts) must not stop the other piped runs.
                WriteErrorFor(ex, id);
            }
            finally
            {
                Observer.CompleteAll();
            }
        }
    }
}
