using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets school calendars: code, school, school year, first and last day, and in-session days.</para>
/// <para type="description">Lists every school year unless -SchoolYear or -Active narrows it. Output pipes into the commands that take -Calendar.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceCalendar", DefaultParameterSetName = YearsSet, HelpUri = HelpLinks.Base + "Get-AttendanceCalendar.md")]
[OutputType(typeof(CalendarInfo))]
public sealed class GetAttendanceCalendarCommand : StoreCmdlet
{
    private const string YearsSet = "Years", ActiveSet = "Active";

    /// <summary>Calendar codes to get (e.g. REG); wildcards are allowed. Without it, every calendar.</summary>
    [Parameter(Position = 0)]
    [Alias("CalendarName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CalendarNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Schools, by name or id, whose calendars to get; wildcards are allowed. Takes School or SchoolId from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>School years to list, as 2026 or 2025-26. Without it (and without -Active), every year.</summary>
    [Parameter(ParameterSetName = YearsSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string[] SchoolYear { get; set; } = [];

    /// <summary>Only the calendars of the store's current school year.</summary>
    [Parameter(ParameterSetName = ActiveSet, Mandatory = true)]
    public SwitchParameter Active { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // A piped object whose School is empty selects no calendar, not every calendar.
        if (MyInvocation.ExpectingInput && PipelineInput.IsEmpty(School))
        {
            WriteVerbose("Skipped a piped object that names no school.");
            return;
        }
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new CalendarFilter
            {
                Calendars = Name ?? [], Schools = School ?? [], SchoolYears = SchoolYearArgument.ParseAll(SchoolYear), CurrentYearOnly = Active,
            };
            var summary = new ReadSummary();
            foreach (var calendar in CalendarQuery.Find(store, filter, e => WriteErrorFor(e)))
                WriteObject(summary.Add(calendar));
            WriteVerbose(summary.Text("calendar", store));
        });
    }
}
