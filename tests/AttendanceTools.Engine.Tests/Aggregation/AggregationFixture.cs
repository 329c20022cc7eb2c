using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Builds raw aggregation inputs by name, with bell schedule <i>Regular</i> of domain §6.7
/// (P1–P6 of 55 instructional minutes, lunch of 30 in P4, non-instructional ADV) and the codes
/// of §6.7/§7.6 (P, T, U, ILL, AE, AU, FT, plus UNK with an Unknown excuse).
/// </summary>
internal sealed class AggregationFixture
{
    public const int Year = 2026;
    private readonly List<RawClassPeriod> _periods = [];
    private readonly List<RawBellPeriod> _bellPeriods = [];
    private readonly List<RawSection> _sections = [];
    private readonly List<RawRoster> _rosters = [];
    private readonly List<RawCode> _codes = [];
    private readonly List<RawMeeting> _meeting = [];
    private readonly List<RawDaily> _daily = [];
    private readonly List<RawDay> _days = [];
    private readonly List<RawEnrollment> _enrollments = [];
    private readonly Dictionary<string, int> _students = [];

    public AggregationFixture()
    {
        string[] names = ["P1", "P2", "P3", "P4", "P5", "P6", "ADV"];
        for (var i = 0; i < names.Length; i++) _periods.Add(new RawClassPeriod(10 + i, names[i]));
        AddPeriod(1, "Regular", "P1", "08:00", "08:55");
        AddPeriod(1, "Regular", "P2", "09:00", "09:55");
        AddPeriod(1, "Regular", "P3", "10:00", "10:55");
        AddPeriod(1, "Regular", "P4", "11:00", "12:25", lunch: 30);
        AddPeriod(1, "Regular", "P5", "12:30", "13:25");
        AddPeriod(1, "Regular", "P6", "13:30", "14:25");
        AddPeriod(1, "Regular", "ADV", "14:30", "14:50", instructional: false);
        Code("P", "Present", "None"); Code("T", "Present", "None"); Code("U", "Absent", "Unexcused");
        Code("ILL", "Absent", "Excused"); Code("AE", "Absent", "Excused"); Code("AU", "Absent", "Unexcused");
        Code("FT", "Absent", "Exempt"); Code("UNK", "Absent", "Unknown");
        // One section per period (P1…P6, ADV that takes no attendance).
        foreach (var p in names) Section("S-" + p, p, attendanceTracked: p != "ADV");
    }

    public static int D(string yyyyMmDd) => DbValue.Date(DateOnly.Parse(yyyyMmDd, System.Globalization.CultureInfo.InvariantCulture));

    public int PeriodRef(string name) => _periods.Single(p => p.Name == name).ClassPeriodRef;
    public int CodeRef(string code) => _codes.Single(c => c.Code == code && c.SchoolYear == Year).CodeRef;
    public int SectionRef(string id) => _sections.Single(s => s.Identifier == id).SectionRef;

    public int StudentRef(string name)
    {
        if (!_students.TryGetValue(name, out var r)) _students[name] = r = 100 + _students.Count;
        return r;
    }

    public AggregationFixture AddPeriod(int bellRef, string bell, string period, string? start, string? end, int lunch = 0, bool instructional = true)
    {
        _bellPeriods.Add(new RawBellPeriod(bellRef, bell, PeriodRef(period), Minutes(start), Minutes(end), lunch, instructional));
        return this;
    }

    public AggregationFixture Code(string code, string presence, string excuse, int year = Year)
    {
        _codes.Add(new RawCode(1 + _codes.Count, year, code, presence, excuse));
        return this;
    }

    public AggregationFixture Section(string id, string periods, bool attendanceTracked = true, bool active = true)
    {
        _sections.Add(new RawSection(500 + _sections.Count, id, periods, attendanceTracked, active));
        return this;
    }

    public AggregationFixture Day(string date, bool takesAttendance = true, int? bellRef = 1)
    {
        _days.Add(new RawDay(D(date), takesAttendance, takesAttendance, bellRef));
        return this;
    }

    public AggregationFixture Enroll(string student, string from, string? to = null)
    {
        _enrollments.Add(new RawEnrollment(StudentRef(student), D(from), to is null ? null : D(to)));
        return this;
    }

    /// <summary>Rosters the student in the given sections (default: P1…P6 and ADV) over a span.</summary>
    public AggregationFixture Roster(string student, string from, string? to = null, params string[] sections)
    {
        foreach (var s in sections.Length == 0 ? ["S-P1", "S-P2", "S-P3", "S-P4", "S-P5", "S-P6", "S-ADV"] : sections)
            _rosters.Add(new RawRoster(StudentRef(student), SectionRef(s), D(from), to is null ? null : D(to)));
        return this;
    }

    public AggregationFixture Meeting(string student, string date, string period, string code, int? presentMinutes = null, string? section = null)
    {
        _meeting.Add(new RawMeeting(D(date), StudentRef(student), SectionRef(section ?? "S-" + period), PeriodRef(period), CodeRef(code), presentMinutes));
        return this;
    }

    public AggregationFixture MeetingWithCodeRef(string student, string date, string period, int codeRef)
    {
        _meeting.Add(new RawMeeting(D(date), StudentRef(student), SectionRef("S-" + period), PeriodRef(period), codeRef, null));
        return this;
    }

    public AggregationFixture Daily(string student, string date, string code)
    {
        _daily.Add(new RawDaily(D(date), StudentRef(student), CodeRef(code)));
        return this;
    }

    public RawSchool School() => new()
    {
        SchoolName = "Jefferson High",
        Periods = _periods, BellPeriods = _bellPeriods, Sections = _sections,
        Rosters = [.. _rosters.OrderBy(r => r.StudentRef)], Codes = _codes,
        Meeting = [.. _meeting.OrderBy(m => m.Date).ThenBy(m => m.StudentRef)],
        Daily = [.. _daily.OrderBy(m => m.Date).ThenBy(m => m.StudentRef)],
        StudentIds = _students.ToDictionary(p => p.Value, p => p.Key),
    };

    public RawCalendar Calendar() => new()
    {
        DisplayName = "Jefferson High REG 2025-26", SchoolYear = Year,
        Days = [.. _days.OrderBy(d => d.Date)], Enrollments = [.. _enrollments.OrderBy(e => e.StudentRef)],
    };

    /// <summary>Every day of the calendar through <paramref name="cutoff"/>, all students (a manual run).</summary>
    public AggregationScope FullScope(string cutoff = "2026-06-30")
    {
        var scope = new AggregationScope(D(cutoff));
        scope.AddDays(int.MinValue, int.MaxValue, _days.Select(d => d.Date));
        return scope;
    }

    public List<DayAggregateRow> Compute(AggregationScope? scope = null, List<EngineWarning>? warnings = null)
    {
        scope ??= FullScope();
        var inputs = InputAssembler.Assemble(School(), Calendar(), scope, warnings ?? []);
        return DayAggregator.Compute(inputs, scope);
    }

    private static int? Minutes(string? hhmm) => hhmm is null ? null : (int.Parse(hhmm[..2], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(hhmm[3..], System.Globalization.CultureInfo.InvariantCulture);
}
