using System.Management.Automation;
using AttendanceTools.Engine.Backfill;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// What the four backfill writers share (Invoke-BackfillValidation and its three steps): the scope
/// (schools and students, also from the pipeline), -AsOf, and plan → -Preview/-WhatIf → apply.
/// </summary>
public abstract class BackfillRunCmdlet : BackfillScopeCmdlet
{
    /// <summary>Refuse the run (ChangeThresholdExceeded) when more than this percent of the stored moves or day aggregates in scope would change.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double? MaxChangePercent { get; set; }

    /// <summary>Return what the run would write and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when another session holds the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <summary>The step this command runs.</summary>
    private protected abstract BackfillStep Step { get; }

    /// <summary>Recompute every student even when realtime backfill is on.</summary>
    private protected virtual bool RecalculateAllStudents => false;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new BackfillRequest
            {
                Step = Step, Schools = [.. Schools], Students = [.. Students],
                SchoolYear = SchoolYearArgument.Parse(SchoolYear), AsOf = AsOf, RecalculateAll = RecalculateAllStudents, MaxChangePercent = MaxChangePercent,
                LockToken = SessionLocks.TokenFor(store, LockToken),
            };
            var plan = BackfillOperation.Plan(store, request, Observer, CancelToken);
            foreach (var failure in plan.Failures) WriteErrorFor(failure);
            foreach (var school in plan.Schools)
            {
                foreach (var w in school.Warnings) Observer.Warning(w.Id, w.Message);
                var exceptions = school.Students.Where(s => s.Reason != BackfillReason.Unchanged).ToList();
                if (Step != BackfillStep.Aggregate)
                    WriteVerbose($"{school.Settings}: {exceptions.Count} of {school.Students.Count} students to recalculate" +
                                 (school.Settings.RealtimeEnabled && Step == BackfillStep.Validate && !RecalculateAllStudents ? " (realtime backfill is on: only students whose inputs changed)" : "") +
                                 (exceptions.Count > 0 ? ": " + string.Join(", ", exceptions.Take(20).Select(s => $"{s.StudentId} ({s.Reason})")) + (exceptions.Count > 20 ? ", …" : "") : "."));
            }
            if (Preview)
            {
                foreach (var school in plan.Schools) Output(school, null);
                return;
            }
            var approved = plan.Schools.Where(s => ShouldProcess(s.Describe(Step), $"Write the {s.Describe(Step)}?", MyInvocation.MyCommand.Name))
                .Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
            if (approved.Count == 0) return;
            // Another run changed the store since this plan: the new counts are confirmed again (or refused) before they are written.
            bool ConfirmReplanned(BackfillPlan replanned) => replanned.Schools.Where(s => approved.Contains(s.Target)).All(s => ShouldProcess(
                $"{s.Describe(Step)} (planned again: the store changed)", $"The store changed after this run was planned. Write the {s.Describe(Step)}?",
                MyInvocation.MyCommand.Name));
            var result = BackfillOperation.Apply(store, plan, approved, Observer, CancelToken, ConfirmReplanned);
            if (Step == BackfillStep.Aggregate) foreach (var a in result.Aggregation) WriteObject(a);
            else foreach (var s in result.Students) WriteObject(s);
        });
    }

    private void Output(BackfillSchoolPlan school, long? runId)
    {
        if (Step == BackfillStep.Aggregate) foreach (var a in school.Aggregation) WriteObject(a.ToResult(TimeSpan.Zero, runId));
        else foreach (var s in school.Students) WriteObject(s.ToResult(school.Settings, runId));
    }
}
