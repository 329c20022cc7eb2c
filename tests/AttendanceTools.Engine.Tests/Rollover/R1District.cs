using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Rollover;

/// <summary>
/// Domain §8.8 R1: Oak Elementary (101), Pine Middle (201), Cedar High (301); current year 2026 whose
/// calendars end with in-session day 2026-06-05; next-year REG calendars start 2026-08-19 (Oak, Pine)
/// and 2026-08-20 (Cedar); the six students Avery … Finley.
/// </summary>
public sealed class R1District : IDisposable
{
    public static readonly IReadOnlyList<RolloverCriterion> Criteria =
    [
        new() { Sequence = 1, Name = "Pre-registered", Conditions = ["Status = PreRegistered"], AssignStatus = "Active" },
        new() { Sequence = 2, Name = "Seniors graduate", Conditions = ["GradeLevel = 12", "Promote = true"], AssignStatus = "Graduated" },
        new()
        {
            Sequence = 3, Name = "Retained", Conditions = ["Promote = false"], AssignStatus = "Active",
            Updates = new SortedDictionary<string, string> { ["ClassOfSchoolYear"] = "Recompute" },
        },
        new()
        {
            Sequence = 4, Name = "Move up", Conditions = ["Status = Active"], AssignStatus = "Active",
            Updates = new SortedDictionary<string, string> { ["GradeLevel"] = "Next", ["SchoolId"] = "NextYear", ["Homeroom"] = "NextYear", ["Counselor"] = "NextYear" },
        },
    ];

    public R1District(Action<DistrictData>? tweak = null, string provider = StoreProviders.Sqlite)
    {
        Temp = new TempStore(new DateTimeOffset(2026, 6, 12, 16, 0, 0, TimeSpan.Zero), provider: provider);
        var data = Build();
        tweak?.Invoke(data);
        DistrictStore.BulkLoad(Temp.Store, data, NullObserver.Instance, CancellationToken.None);
        RolloverCriteria.Save(Temp.Store, Criteria, null);
    }

    public TempStore Temp { get; }
    public AttendanceStore Store => Temp.Store;

    public string Lock() => MaintenanceLockOperation.Lock(Store, "Year-end rollover", disableScheduledTasks: true).Token;

    public RolloverResult Run(RolloverType type, string? token, double? maxChangePercent = null, Func<RolloverRequest, RolloverRequest>? with = null)
    {
        var request = new RolloverRequest { Type = type, LockToken = token, MaxChangePercent = maxChangePercent };
        return RolloverOperation.Apply(Store, with?.Invoke(request) ?? request, NullObserver.Instance, CancellationToken.None);
    }

    public RolloverPlan Preview(RolloverType type, string? token)
        => RolloverOperation.Plan(Store, new RolloverRequest { Type = type, LockToken = token }, NullObserver.Instance, CancellationToken.None);

    public long Scalar(string sql)
    {
        using var c = Store.OpenConnection();
        return c.ScalarLong(sql);
    }

    public List<string> Strings(string sql) => Strings(Store, sql);

    /// <summary>Each row of a query as its values joined by '|' (null as empty).</summary>
    public static List<string> Strings(AttendanceStore store, string sql)
    {
        using var c = store.OpenConnection();
        return c.Query(sql, r => string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
    }

    public static DistrictData Build()
    {
        var d = new DistrictData { DistrictName = "R1 district", TimeZone = "UTC" };
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true });
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2027, Description = "2026-2027", BeginDate = new(2026, 7, 1), EndDate = new(2027, 6, 30) });
        foreach (var (id, name, grades) in new[] { ("101", "Oak Elementary", "KG 01 02 03 04 05"), ("201", "Pine Middle", "06 07 08"), ("301", "Cedar High", "09 10 11 12") })
        {
            d.Schools.Add(new School { SchoolId = id, Name = name, GradeLevels = grades });
            foreach (var year in new[] { 2026, 2027 }) d.Calendars.Add(new Calendar { SchoolId = id, SchoolYear = year, CalendarCode = "REG" });
            void Day(int year, DateOnly date, bool inSession) => d.CalendarDates.Add(new CalendarDate
            {
                SchoolId = id, SchoolYear = year, CalendarCode = "REG", Date = date, InSession = inSession,
                CalendarEvents = inSession ? "Instructional day" : "Teacher only day",
            });
            Day(2026, new(2025, 8, 20), true);
            Day(2026, new(2026, 6, 5), true);
            Day(2026, new(2026, 6, 8), false);
            Day(2027, new(2026, 8, 18), false);
            if (id == "301") Day(2027, new(2026, 8, 19), false);
            Day(2027, id == "301" ? new(2026, 8, 20) : new(2026, 8, 19), true);
        }
        void Student(string id, string school, string grade, int? classOf, string status = "Active", bool promote = true,
            string? nextSchool = null, string? homeroom = null, string? counselor = null)
        {
            d.Students.Add(new Student { StudentUniqueId = id, FirstName = id, LastSurname = "R1", ClassOfSchoolYear = classOf });
            d.YearRecords.Add(new StudentYearRecord
            {
                StudentUniqueId = id, SchoolYear = 2026, SchoolId = school, GradeLevel = grade, CalendarCode = "REG",
                Status = Enum.Parse<YearRecordStatus>(status), Promote = promote, Homeroom = "HR-" + id, Counselor = "C-" + id,
                NextYearSchoolId = nextSchool, NextYearHomeroom = homeroom, NextYearCounselor = counselor,
            });
            if (status == "Active")
                d.Enrollments.Add(new StudentSchoolAssociation
                {
                    StudentUniqueId = id, SchoolId = school, EntryDate = new(2025, 8, 20), SchoolYear = 2026, CalendarCode = "REG", EntryGradeLevel = grade, EntryCode = "R",
                });
        }
        Student("Avery", "101", "03", 2035, nextSchool: "101", homeroom: "4B", counselor: "Kim");
        Student("Blake", "101", "05", 2033, nextSchool: "201", homeroom: "6-12", counselor: "Ruiz");
        Student("Casey", "201", "08", 2030, promote: false);
        Student("Dana", "301", "12", 2026);
        Student("Emery", "301", "12", 2026, promote: false);
        Student("Finley", "101", "KG", 2039, status: "PreRegistered");
        return d;
    }

    public void Dispose() => Temp.Dispose();
}
