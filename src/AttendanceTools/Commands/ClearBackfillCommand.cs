using System.Management.Automation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Deletes the backfill moves of the window (frozen moves excepted) and the stored backfill state of continuation students: step 1 of backfill validation.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsCommon.Clear, "Backfill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Clear-Backfill.md")]
[OutputType(typeof(BackfillStudentResult))]
public sealed class ClearBackfillCommand : BackfillRunCmdlet
{
    private protected override BackfillStep Step => BackfillStep.Clear;
}
