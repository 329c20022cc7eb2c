using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets stored attendance day aggregates: one row per student and attendance day.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceAggregation", HelpUri = HelpLinks.Base + "Get-AttendanceAggregation.md")]
[OutputType(typeof(DayAggregateInfo))]
public sealed class GetAttendanceAggregationCommand : StoreCmdlet
{
    /// <summary>Only these students (StudentId). Get-AttendanceStudent output binds here by property name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("StudentId")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] Student { get; set; } = [];

    /// <summary>Only calendars of these schools (name or id); wildcards allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Only these calendars (codes); wildcards allowed.</summary>
    [Parameter]
    [Alias("CalendarName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CalendarNameCompleter))]
    public string[] Calendar { get; set; } = [];

    /// <summary>The school year (2026 or 2025-26). Default: the current school year.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>First day to return.</summary>
    [Parameter]
    public DateTime? From { get; set; }

    /// <summary>Last day to return.</summary>
    [Parameter]
    public DateTime? To { get; set; }

    /// <summary>Only days with absent minutes.</summary>
    [Parameter]
    public SwitchParameter AbsentOnly { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new AggregateFilter
        {
            Students = Student, Schools = School, Calendars = Calendar,
            SchoolYears = SchoolYearArgument.ParseAll(SchoolYear is null ? null : [SchoolYear]),
            From = From is { } f ? DateOnly.FromDateTime(f) : null, To = To is { } t ? DateOnly.FromDateTime(t) : null,
            AbsentOnly = AbsentOnly,
            };
            foreach (var row in AggregationQueries.Read(store, filter, e => WriteErrorFor(e), CancelToken)) WriteObject(row);
            AggregateWarnings.NotYetRefreshed(this, store, filter.SchoolYears);
        });
    }
}
