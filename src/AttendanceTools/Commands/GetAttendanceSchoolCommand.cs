using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the schools of the store, with each school's recording method, bridge mode and student count for a school year.</para>
/// <para type="description">The district office is listed too, flagged by IsDistrictOffice; -ExcludeDistrictOffice leaves it out.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceSchool", HelpUri = HelpLinks.Base + "Get-AttendanceSchool.md")]
[OutputType(typeof(SchoolInfo))]
public sealed class GetAttendanceSchoolCommand : StoreCmdlet
{
    /// <summary>School names or ids to get; wildcards are allowed. Without it, every school.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>School ids to get (matched against ids only); takes the SchoolId of piped students and calendars.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] SchoolId { get; set; } = [];

    /// <summary>The school year whose settings and student counts are shown, as 2026 or 2025-26; the current year when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Leave the district office out (for piping into commands that refuse it).</summary>
    [Parameter]
    public SwitchParameter ExcludeDistrictOffice { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // A piped object whose SchoolId is empty (a student with no year record) selects no school, not every school.
        if (MyInvocation.ExpectingInput && PipelineInput.IsEmpty(SchoolId) && PipelineInput.IsEmpty(Name))
        {
            WriteVerbose("Skipped a piped object that names no school.");
            return;
        }
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new SchoolFilter
            {
                Names = Name ?? [], SchoolIds = SchoolId ?? [], SchoolYear = SchoolYearArgument.Parse(SchoolYear),
                ExcludeDistrictOffice = ExcludeDistrictOffice,
            };
            var summary = new ReadSummary();
            foreach (var school in SchoolQuery.Find(store, filter, e => WriteErrorFor(e)))
                WriteObject(summary.Add(school));
            WriteVerbose(summary.Text("school", store));
        });
    }
}
