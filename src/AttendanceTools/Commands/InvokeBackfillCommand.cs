using System.Management.Automation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Computes continuation-education backfill from the current aggregates and time entries and writes the difference: step 3 of backfill validation.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Backfill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Invoke-Backfill.md")]
[OutputType(typeof(BackfillStudentResult))]
public sealed class InvokeBackfillCommand : BackfillRunCmdlet
{
    private protected override BackfillStep Step => BackfillStep.Backfill;
}
