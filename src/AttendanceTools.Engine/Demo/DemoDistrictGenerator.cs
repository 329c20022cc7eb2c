using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

/// <summary>
/// Builds the demo district (domain §4.7) in memory: pure and deterministic, the same options give
/// the same rows in the same order on every machine and runtime.
/// </summary>
public static class DemoDistrictGenerator
{
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
