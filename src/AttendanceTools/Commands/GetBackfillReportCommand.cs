using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the continuation-education backfill report: per student and week of the window, the minutes before and after backfill, in hours and minutes, and ADA days.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackfillReport")]
[OutputType(typeof(BackfillWeekReport))]
public sealed class GetBackfillReportCommand : StoreCmdlet
{
    private readonly List<string> _schools = [];
    private readonly List<string> _students = [];

    /// <summary>Schools (name or id). Default: every school with backfill enabled. School objects bind by SchoolId, student objects by School.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Only these students (StudentId). Student objects bind by StudentId.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("StudentId", "StudentUniqueId")]
    public string[] Student { get; set; } = [];

    /// <summary>The school year, as 2026 or 2025-26. Default: the year holding -AsOf.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Report as of this date: the window ends on it. Default: today (district time).</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        _schools.AddRange(School.Where(s => !string.IsNullOrEmpty(s)));
        _students.AddRange(Student.Where(s => !string.IsNullOrEmpty(s)));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new BackfillReportRequest
            {
                Schools = _schools.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), Students = _students.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                SchoolYear = SchoolYearArgument.Parse(SchoolYear), AsOf = AsOf,
            };
            foreach (var row in BackfillReport.Weeks(store, request, e => WriteErrorFor(e))) WriteObject(row);
        });
    }
}
