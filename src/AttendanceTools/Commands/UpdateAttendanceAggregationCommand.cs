using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Refreshes the attendance day aggregates: per student and day, scheduled, absent and unexcused minutes and the most common excuse.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "AttendanceAggregation", SupportsShouldProcess = true, DefaultParameterSetName = ScopeSet, HelpUri = HelpLinks.Base + "Update-AttendanceAggregation.md")]
[OutputType(typeof(AggregationRefreshResult))]
public sealed class UpdateAttendanceAggregationCommand : StoreCmdlet
{
    private const string ScopeSet = "Scope", NightlySet = "Nightly";
    private readonly List<CalendarSelector> _selectors = [];
    private readonly List<string> _students = [];
    /// <summary>School names or ids that came down the pipeline (Get-AttendanceSchool | Update-AttendanceAggregation).</summary>
    private readonly HashSet<string> _pipedSchools = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calendar names (codes) to refresh; wildcards allowed. Get-AttendanceCalendar output binds here (by its CalendarName property).</summary>
    [Parameter(Position = 0, ParameterSetName = ScopeSet, ValueFromPipelineByPropertyName = true)]
    [Alias("CalendarName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CalendarNameCompleter))]
    public string[] Calendar { get; set; } = [];

    /// <summary>Schools (name or id) whose calendars to refresh; wildcards allowed. Get-AttendanceSchool output binds here by SchoolId.</summary>
    [Parameter(ParameterSetName = ScopeSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>The school year, as the end year (2026) or the span (2025-26). Default: the current school year.</summary>
    [Parameter(ParameterSetName = ScopeSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Only these students (StudentId); their days in the chosen calendars are recomputed.</summary>
    [Parameter(ParameterSetName = ScopeSet, ValueFromPipelineByPropertyName = true)]
    [Alias("StudentId")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] Student { get; set; } = [];

    /// <summary>First day to refresh. Default: the calendar's first day.</summary>
    [Parameter(ParameterSetName = ScopeSet)]
    public DateTime? From { get; set; }

    /// <summary>Last day to refresh. Never later than the cut-off (yesterday before 11:00, today from 11:00).</summary>
    [Parameter(ParameterSetName = ScopeSet)]
    public DateTime? To { get; set; }

    /// <summary>Run what the nightly job runs: every calendar of the current year, the previous day, and every earlier day whose inputs changed. Also what runs when no scope is given.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NightlySet)]
    public SwitchParameter Nightly { get; set; }

    /// <summary>Refuse the run (ChangeThresholdExceeded) when more than this percent of the existing rows in scope would change.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double? MaxChangePercent { get; set; }

    /// <summary>
    /// Run as if the district clock read this instant: the 11 AM cut-off, "yesterday" of the nightly run. A date and
    /// time typed as text (2025-10-15T11:30) is the district's wall-clock time; a UTC or local DateTime (Get-Date) is an instant.
    /// </summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>The maintenance-lock token (Lock-AttendanceStore), when the store is locked for year-end work. A piped lock object binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <summary>Return what the run would write, per calendar, and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => Guarded(() =>
    {
        var years = SchoolYearArgument.ParseAll(SchoolYear is null ? null : [SchoolYear]);
        if (Calendar.Length > 0 || School.Length > 0 || years.Count > 0)
            _selectors.Add(new CalendarSelector([.. Calendar], [.. School], years));
        _students.AddRange(Student);
        if (MyInvocation.ExpectingInput) _pipedSchools.UnionWith(School);
    });

    /// <summary>
    /// A school piped in from Get-AttendanceSchool that exists but has no calendar (the district office) is not a
    /// mistake in what was asked: every school was piped, and that one has nothing to aggregate. A name typed on
    /// the command line, or piped but unknown, is still SchoolNotFound.
    /// </summary>
    private bool IsPipedSchoolWithoutCalendar(Engine.Storage.AttendanceStore store, Engine.AttendanceException failure)
        => failure.ErrorId == "SchoolNotFound" && failure.Target is string name && _pipedSchools.Contains(name)
           && SchoolQuery.Find(store, new SchoolFilter { Names = [name] }).Count > 0;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        var request = new AggregationRequest
        {
            Nightly = Nightly,
            Selectors = _selectors,
            Students = _students.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            From = From is { } f ? DateOnly.FromDateTime(f) : null,
            To = To is { } t ? DateOnly.FromDateTime(t) : null,
            MaxChangePercent = MaxChangePercent,
            AsOf = AsOf,
            LockToken = SessionLocks.TokenFor(store, LockToken),
        };
        Guarded(() =>
        {
            var plan = AggregationOperation.Plan(store, request, Observer, CancelToken);
            foreach (var failure in plan.Failures)
            {
                if (IsPipedSchoolWithoutCalendar(store, failure))
                    WriteVerbose($"Skipped the school '{failure.Target}': it has no calendar in this scope (a district office, for example), so there is nothing to refresh.");
                else WriteErrorFor(failure);
            }
            if (plan.SkippedForMaintenance)
            {
                Observer.Warning("ScheduledTasksDisabled", "The store is under a maintenance lock that disables scheduled tasks; the nightly refresh wrote nothing.");
                return;
            }
            if (Preview)
            {
                foreach (var cal in plan.Calendars) WriteObject(cal.ToResult(TimeSpan.Zero, null));
                return;
            }
            var approved = plan.Calendars.Where(cal => ShouldProcess(
                    $"Update attendance aggregation of {cal.Describe()}.",
                    $"Update the attendance aggregation of {cal.Describe()}?",
                    "Update-AttendanceAggregation"))
                .Select(cal => cal.Target).ToHashSet(StringComparer.Ordinal);
            if (approved.Count == 0) return;
            // Another run changed the store since this plan: the new counts are confirmed again (or refused) before they are written.
            bool ConfirmReplanned(AggregationPlan replanned) => replanned.Calendars.Where(cal => approved.Contains(cal.Target)).All(cal => ShouldProcess(
                $"Update attendance aggregation of {cal.Describe()} (planned again: the store changed).",
                $"The store changed after this refresh was planned. Update the attendance aggregation of {cal.Describe()}?",
                "Update-AttendanceAggregation"));
            foreach (var result in AggregationOperation.Apply(store, plan, approved, Observer, CancelToken, ConfirmReplanned)) WriteObject(result);
        });
    }
}
