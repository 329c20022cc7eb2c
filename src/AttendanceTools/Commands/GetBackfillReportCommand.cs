using System.Management.Automation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the continuation-education backfill report: per student and week of the window, the minutes before and after backfill, in hours and minutes, and ADA days.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackfillReport", HelpUri = HelpLinks.Base + "Get-BackfillReport.md")]
[OutputType(typeof(BackfillWeekReport))]
public sealed class GetBackfillReportCommand : BackfillScopeCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new BackfillReportRequest { Schools = [.. Schools], Students = [.. Students], SchoolYear = SchoolYearArgument.Parse(SchoolYear), AsOf = AsOf };
            foreach (var row in BackfillReport.Weeks(store, request, e => WriteErrorFor(e))) WriteObject(row);
        });
    }
}
