using System.Management.Automation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Validates continuation-education backfill for a school: clears it, regenerates the attendance aggregation it reads and backfills again, writing only the net difference.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "BackfillValidation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Invoke-BackfillValidation.md")]
[OutputType(typeof(BackfillStudentResult))]
public sealed class InvokeBackfillValidationCommand : BackfillRunCmdlet
{
    private protected override BackfillStep Step => BackfillStep.Validate;

    /// <summary>Recalculate every student even when realtime backfill is on (by default only students whose inputs changed since their last computation).</summary>
    [Parameter]
    public SwitchParameter RecalculateAll { get; set; }

    private protected override bool RecalculateAllStudents => RecalculateAll;
}
