using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Rollover;

namespace AttendanceTools.Engine.Demo;

/// <summary>
/// Builds the demo district (domain §4.7) in memory: pure and deterministic, the same options give
/// the same rows in the same order on every machine and runtime.
/// </summary>
public static class DemoDistrictGenerator
{
    /// <summary>
    /// The demo district's registration rollover criteria, which New-AttendanceDemoStore loads into the store
    /// (examples/rollover-criteria.json is the same set as a file): the default set (domain §8.3) with what a
    /// district adds in front of it: cancelled pre-registrations (next-year school cleared) are deleted,
    /// pre-registered students take their next-year placement, and students withdrawn on the last day as not
    /// returning (<c>NR</c>) become inactive instead of being promoted.
    /// </summary>
    public static IReadOnlyList<RolloverCriterion> RolloverCriteria { get; } = DemoCriteria();

    private static List<RolloverCriterion> DemoCriteria()
    {
        var defaults = Rollover.RolloverCriteria.Default;
        var next = Rollover.RolloverCriteria.Sorted(("CalendarCode", "NextYear"), ("Counselor", "NextYear"), ("Homeroom", "NextYear"), ("SchoolId", "NextYear"));
        return
        [
            new() { Sequence = 1, Name = "Cancelled pre-registrations are deleted", Conditions = ["Status = PreRegistered", "NextYearSchoolId isEmpty"], AssignStatus = "Delete" },
            defaults[0] with { Sequence = 2, Name = "Pre-registered students take their next-year placement", Updates = next },
            new()
            {
                Sequence = 3, Name = "Students not returning become inactive",
                Conditions = ["Status = Active", $"ExitWithdrawCode = {DemoBuilder.NotReturningCode}"], AssignStatus = "Inactive",
            },
            defaults[1] with { Sequence = 4 },
            defaults[2] with { Sequence = 5 },
            defaults[3] with { Sequence = 6 },
        ];
    }

    public static DistrictData Generate(DemoOptions options) => Generate(options, NullObserver.Instance, CancellationToken.None);

    public static DistrictData Generate(DemoOptions options, IOperationObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        options.Validate();
        return new DemoBuilder(options, observer, cancellationToken).Build();
    }
}

/// <summary>The generator's state; one instance builds one district. Split by concern over partial files.</summary>
internal sealed partial class DemoBuilder
{
    internal const int ProgressId = 2;
    private const string Activity = "Generating the demo district";

    private readonly DemoOptions _options;
    private readonly IOperationObserver _observer;
    private readonly CancellationToken _ct;
    private readonly DistrictData _data = new();
    private readonly List<SchoolPlan> _schools = [];
    private readonly List<StudentPlan> _students = [];

    public DemoBuilder(DemoOptions options, IOperationObserver observer, CancellationToken ct)
    {
        _options = options;
        _observer = observer;
        _ct = ct;
    }

    private int Year => _options.SchoolYear;
    private int NextYear => _options.SchoolYear + 1;
    private int Seed => _options.Seed;

    public DistrictData Build()
    {
        _data.DistrictName = DemoCatalog.DistrictName;
        _data.TimeZone = DemoCatalog.TimeZone;

        Report("Schools, calendars and bell schedules", 2);
        AddSchoolYears();
        PlanSchools();
        AddReferenceRows();
        _ct.ThrowIfCancellationRequested();

        Report("Students and enrolments", 10);
        PlanStudents();
        PlanLifeEvents();
        _ct.ThrowIfCancellationRequested();

        Report("Sections and rosters", 20);
        foreach (var school in _schools) PlanSchedule(school);
        PlanYearEndLeavers();
        AddStudentRows();
        _ct.ThrowIfCancellationRequested();

        GenerateAttendance(20, 95);

        Report("Course requests, report-card marks and success plans", 96);
        AddYearEndRows();
        _observer.Progress(new ProgressInfo { Id = ProgressId, Activity = Activity, Status = "Done", PercentComplete = 100, Completed = true });
        return _data;
    }

    private void Report(string status, int percent)
        => _observer.Progress(new ProgressInfo { Id = ProgressId, Activity = Activity, Status = status, PercentComplete = percent });
}
