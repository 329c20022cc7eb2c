using System.Management.Automation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the stored backfill moves: minutes of one category moved from a later week to an earlier one.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackfillMove", HelpUri = HelpLinks.Base + "Get-BackfillMove.md")]
[OutputType(typeof(BackfillMoveInfo))]
public sealed class GetBackfillMoveCommand : BackfillScopeCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new BackfillReportRequest { Schools = [.. Schools], Students = [.. Students], SchoolYear = SchoolYearArgument.Parse(SchoolYear), AsOf = AsOf };
            foreach (var row in BackfillReport.Moves(store, request, e => WriteErrorFor(e))) WriteObject(row);
        });
    }
}
