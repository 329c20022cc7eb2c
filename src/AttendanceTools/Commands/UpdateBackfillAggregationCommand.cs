using System.Management.Automation;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Regenerates the attendance day aggregates that backfill reads, for continuation students on the window's dates: step 2 of backfill validation.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "BackfillAggregation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Update-BackfillAggregation.md")]
[OutputType(typeof(AggregationRefreshResult))]
public sealed class UpdateBackfillAggregationCommand : BackfillRunCmdlet
{
    private protected override BackfillStep Step => BackfillStep.Aggregate;
}
