using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// Schools, school years, calendars, bell schedules, periods, courses, codes and settings.
internal sealed partial class DemoBuilder
{
    // Students per school a district of this kind typically has; the school count scales with -Students.
    private const int ElementarySize = 520, MiddleSize = 900, HighSize = 1800;

    private int _preRegistered, _continuation;
    private readonly int[] _perGrade = new int[13];

    private static readonly string[] ElementaryGrades = ["KG", "01", "02", "03", "04", "05"];
    private static readonly string[] MiddleGrades = ["06", "07", "08"];
    private static readonly string[] HighGrades = ["09", "10", "11", "12"];
    private static readonly string[] ContinuationGrades = ["10", "11", "12"];

    private void AddSchoolYears()
    {
        foreach (var y in new[] { Year, NextYear })
        {
            _data.SchoolYears.Add(new SchoolYearRow
            {
                SchoolYear = y,
                Description = string.Create(CultureInfo.InvariantCulture, $"{y - 1}-{y}"),
                BeginDate = new DateOnly(y - 1, 7, 1),
                EndDate = new DateOnly(y, 6, 30),
                IsCurrent = y == Year,
            });
        }
    }

    private void PlanSchools()
    {
        var n = _options.Students;
        _preRegistered = Math.Max(2, (int)Math.Round(n * 0.008));
        _continuation = Math.Max(12, (int)Math.Round(n * 0.025));
        var regular = n - _preRegistered - _continuation;
        for (var g = 0; g < 13; g++) _perGrade[g] = (regular / 13) + (g < regular % 13 ? 1 : 0);

        var elementary = Count(_perGrade[..6].Sum(), ElementarySize);
        var middle = Count(_perGrade[6..9].Sum(), MiddleSize);
        var high = Count(_perGrade[9..].Sum(), HighSize);

        var ordinal = 0;
        _schools.Add(new SchoolPlan
        {
            Id = "001", Name = "Sierra Vista USD District Office", Kind = SchoolKind.DistrictOffice, Grades = [], Ordinal = ordinal++,
        });
        for (var i = 0; i < elementary; i++)
            _schools.Add(NewSchool(SchoolKind.Elementary, i, 101 + i, Name(DemoCatalog.TreeNames, i) + " Elementary", ElementaryGrades, ordinal++));
        for (var i = 0; i < middle; i++)
            _schools.Add(NewSchool(SchoolKind.Middle, i, 201 + i, Name(DemoCatalog.MiddleNames, i) + " Middle", MiddleGrades, ordinal++));
        for (var i = 0; i < high; i++)
            _schools.Add(NewSchool(SchoolKind.High, i, 301 + i, Name(DemoCatalog.HighNames, i) + " High", HighGrades, ordinal++));
        _schools.Add(NewSchool(SchoolKind.Continuation, 0, 401, "Redwood Continuation High", ContinuationGrades, ordinal));

        // Feeder pattern: elementary schools feed middle schools, middle schools feed high schools.
        var e = Of(SchoolKind.Elementary);
        var m = Of(SchoolKind.Middle);
        var h = Of(SchoolKind.High);
        for (var i = 0; i < e.Count; i++) e[i].FeedsInto = m[i * m.Count / e.Count];
        for (var i = 0; i < m.Count; i++) m[i].FeedsInto = h[i * h.Count / m.Count];
        Continuation.FeedsInto = Continuation;

        foreach (var school in _schools.Where(s => s.Kind != SchoolKind.DistrictOffice)) PlanCalendars(school);

        // The school that switched mid-year records Daily until the spring semester, Meeting from then on.
        var switcher = h[0];
        switcher.MeetingFrom = SpringStart(switcher.Calendar(DemoCatalog.CalendarCode));
    }

    private static int Count(int students, int perSchool) => Math.Clamp((int)Math.Ceiling(students / (double)perSchool), 1, 99);

    private static string Name(string[] names, int i)
        => i < names.Length ? names[i] : string.Create(CultureInfo.InvariantCulture, $"{names[i % names.Length]} {(i / names.Length) + 1}");

    private SchoolPlan NewSchool(SchoolKind kind, int index, int id, string name, string[] grades, int ordinal)
    {
        var rng = DemoRandom.For(Seed, "counselors", id);
        var counselors = new[]
        {
            (rng.Chance(0.5) ? "Ms. " : "Mr. ") + rng.Pick(DemoCatalog.LastNames),
            (rng.Chance(0.5) ? "Ms. " : "Mr. ") + rng.Pick(DemoCatalog.LastNames),
        };
        return new SchoolPlan
        {
            Id = id.ToString(CultureInfo.InvariantCulture),
            Name = name,
            Kind = kind,
            Grades = grades,
            Ordinal = ordinal,
            Periods = kind == SchoolKind.Continuation ? ["P1", "P2", "P3", "P4", "ADV"] : ["P1", "P2", "P3", "P4", "P5", "P6", "ADV"],
            Method = kind is SchoolKind.High or SchoolKind.Continuation ? RecordingMethod.Meeting : RecordingMethod.Daily,
            Bridge = kind switch
            {
                SchoolKind.Middle => BridgeMode.TwoWay,
                SchoolKind.High => BridgeMode.OneWay,
                _ => BridgeMode.None,
            },
            Counselors = counselors,
        };
    }

    private List<SchoolPlan> Of(SchoolKind kind) => _schools.Where(s => s.Kind == kind).ToList();

    private SchoolPlan Continuation => _schools[^1];

    private static bool HasHalfDayKindergarten(SchoolPlan school) => school.Kind == SchoolKind.Elementary && school.Name.StartsWith("Oak ", StringComparison.Ordinal);

    private void PlanCalendars(SchoolPlan school)
    {
        school.Bells.AddRange(DemoCatalog.BellSchedules(school.Kind, HasHalfDayKindergarten(school)));
        school.Calendars.Add(new CalendarPlan { School = school, Code = DemoCatalog.CalendarCode });
        if (HasHalfDayKindergarten(school))
            school.Calendars.Add(new CalendarPlan { School = school, Code = DemoCatalog.HalfDayKindergartenCalendar });
        var weekdays = DemoSchoolCalendar.Weekdays(Year, LateStart(school));
        foreach (var plan in school.Calendars)
        {
            foreach (var day in weekdays.Where(d => d.InSession))
            {
                var bell = BellFor(school, plan.Code, day);
                plan.Days.Add(new SchoolDay(day.Date, school.Bells.First(b => b.Name == bell), plan.Days.Count));
            }
        }
    }

    private static bool LateStart(SchoolPlan school) => school.Kind is SchoolKind.High or SchoolKind.Continuation;

    private static string BellFor(SchoolPlan school, string calendarCode, YearDay day)
    {
        if (calendarCode == DemoCatalog.HalfDayKindergartenCalendar) return "Kinder AM";
        if (day.Kind == DayKind.MinimumDay) return "Early Release";
        if (school.Kind == SchoolKind.High)
        {
            if (day.Date.DayOfWeek == DayOfWeek.Wednesday) return "Block Odd";
            if (day.Date.DayOfWeek == DayOfWeek.Thursday) return "Block Even";
        }
        return "Regular";
    }

    /// <summary>First in-session day of the new calendar year (after winter break).</summary>
    private static DateOnly SpringStart(CalendarPlan calendar)
        => calendar.Days.First(d => d.Date.Year == calendar.LastDay.Year).Date;

    /// <summary>Last in-session day before winter break.</summary>
    private static DateOnly FallEnd(CalendarPlan calendar)
        => calendar.Days.Last(d => d.Date.Year == calendar.FirstDay.Year).Date;

    private void AddReferenceRows()
    {
        foreach (var school in _schools)
        {
            _data.Schools.Add(new School
            {
                SchoolId = school.Id,
                Name = school.Name,
                IsDistrictOffice = school.Kind == SchoolKind.DistrictOffice,
                SchoolCategory = school.Kind switch
                {
                    SchoolKind.DistrictOffice => "District Office",
                    SchoolKind.Elementary => "Elementary School",
                    SchoolKind.Middle => "Middle School",
                    SchoolKind.High => "High School",
                    _ => "Continuation",
                },
                GradeLevels = school.Grades.Length == 0 ? null : string.Join(' ', school.Grades),
                SourcedId = "org-" + school.Id,
            });
            if (school.Kind == SchoolKind.DistrictOffice) continue;

            AddPeriodsAndBells(school);
            foreach (var year in new[] { Year, NextYear })
            {
                AddCalendars(school, year);
                AddCodes(school, year);
                _data.AttendanceSettings.Add(new AttendanceSettings
                {
                    SchoolId = school.Id, SchoolYear = year, RecordingMethod = school.Method, BridgeMode = school.Bridge,
                });
            }
            AddCourses(school);
        }

        var ce = Continuation;
        _data.Programs.Add(new Model.Program { SchoolId = ce.Id, ProgramName = DemoCatalog.ProgramName, ProgramType = "Continuation Education" });
        foreach (var year in new[] { Year, NextYear })
        {
            _data.BackfillPreferences.Add(new BackfillPreference
            {
                SchoolId = ce.Id,
                SchoolYear = year,
                Enabled = true,
                RealtimeEnabled = false,
                ProgramName = DemoCatalog.ProgramName,
                TargetHoursPerDay = 3.0m,
                MaxWorkExperienceHoursPerDay = 1.0m,
                BackfillStartDate = DemoSchoolCalendar.FirstDay(year, lateStart: true),
            });
        }
    }

    private void AddPeriodsAndBells(SchoolPlan school)
    {
        var bridges = school.Bells.Select(b => b.BridgePeriod).ToHashSet(StringComparer.Ordinal);
        foreach (var period in school.Periods)
            _data.ClassPeriods.Add(new ClassPeriod { SchoolId = school.Id, ClassPeriodName = period, OfficialAttendancePeriod = bridges.Contains(period) });
        foreach (var bell in school.Bells)
        {
            _data.BellSchedules.Add(new BellSchedule
            {
                SchoolId = school.Id, BellScheduleName = bell.Name, BridgePeriodName = bell.BridgePeriod, DailyTimeIn = bell.TimeIn, DailyTimeOut = bell.TimeOut,
            });
            foreach (var p in bell.Periods)
            {
                _data.BellSchedulePeriods.Add(new BellSchedulePeriod
                {
                    SchoolId = school.Id, BellScheduleName = bell.Name, ClassPeriodName = p.Name, StartTime = p.Start, EndTime = p.End,
                    LunchMinutes = p.Lunch, IsInstructional = p.Instructional,
                });
            }
        }
    }

    private void AddCalendars(SchoolPlan school, int year)
    {
        var weekdays = DemoSchoolCalendar.Weekdays(year, LateStart(school));
        foreach (var plan in school.Calendars)
        {
            var kindergarten = plan.Code == DemoCatalog.HalfDayKindergartenCalendar;
            _data.Calendars.Add(new Model.Calendar
            {
                SchoolId = school.Id,
                SchoolYear = year,
                CalendarCode = plan.Code,
                CalendarType = kindergarten ? "Student Specific" : "School",
                GradeLevels = kindergarten ? "KG" : string.Join(' ', school.Grades),
                WholeDayAbsenceMinutes = kindergarten ? 120 : school.Kind == SchoolKind.Continuation ? 180 : 220,
                HalfDayAbsenceMinutes = kindergarten ? 60 : school.Kind == SchoolKind.Continuation ? 60 : 110,
            });
            foreach (var day in weekdays)
            {
                _data.CalendarDates.Add(new CalendarDate
                {
                    SchoolId = school.Id, SchoolYear = year, CalendarCode = plan.Code, Date = day.Date, CalendarEvents = day.Event,
                    InSession = day.InSession, TakesAttendance = day.InSession, BellScheduleName = day.InSession ? BellFor(school, plan.Code, day) : null,
                });
            }
        }
    }

    private void AddCodes(SchoolPlan school, int year)
    {
        foreach (var c in DemoCatalog.Codes)
        {
            _data.AttendanceCodes.Add(new AttendanceCode
            {
                SchoolId = school.Id, SchoolYear = year, Code = c.Code, Description = c.Description, PresenceStatus = c.Status,
                Excuse = c.Excuse, EventCategory = c.Category, CountsForAda = c.Ada,
            });
        }
    }

    private void AddCourses(SchoolPlan school)
    {
        IEnumerable<(string Code, string Title)> courses = school.Kind switch
        {
            SchoolKind.Elementary => school.Grades.Select(g => ("HR-" + g, DemoCatalog.GradeName(g) + " Homeroom")),
            SchoolKind.Middle => DemoCatalog.MiddleCourses.Select(c => (c, DemoCatalog.CourseTitles[c])),
            SchoolKind.High => DemoCatalog.HighCourses.Select(c => (c, DemoCatalog.CourseTitles[c])),
            _ => DemoCatalog.ContinuationCourses.Select(c => (c, DemoCatalog.CourseTitles[c])),
        };
        foreach (var (code, title) in courses)
            _data.Courses.Add(new Course { SchoolId = school.Id, LocalCourseCode = code, Title = title, SourcedId = $"crs-{school.Id}-{code}" });
    }
}
