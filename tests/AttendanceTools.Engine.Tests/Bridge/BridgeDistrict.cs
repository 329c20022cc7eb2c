using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Bridge;

/// <summary>
/// The district of domain §6.7: Jefferson High (Meeting, one-way) and Adams Middle (Daily, two-way)
/// with bell schedule <i>Regular</i> (P1 the bridge period, 08:00–14:50), codes P, T (Tardy), U, ILL,
/// and a District Office. School days 2025-10-06 … 2025-10-17, Friday 10-10 not in session.
/// <list type="bullet">
/// <item>Jefferson: Zoe, Yuri (P1–P6 and ADV, which takes no attendance) with the marks of BR1;
///   Xavi in two P1 sections (S-P1 and S-P1B) with two P1 marks on 10-16.</item>
/// <item>Adams: Wes (P1–P6 and ADV) with the daily marks of BR2; Vic in P2–P6 only (not scheduled in the bridge period), absent 10-08.</item>
/// </list>
/// </summary>
internal static class BridgeDistrict
{
    public const string Jefferson = "JHS", Adams = "AMS", Office = "DO";
    public static readonly DateOnly Monday = new(2025, 10, 6), Friday = new(2025, 10, 10), Last = new(2025, 10, 17);
    private static readonly string[] Periods = ["P1", "P2", "P3", "P4", "P5", "P6", "ADV"];

    public static DistrictData Build(bool lateStart = false)
    {
        var d = new DistrictData { DistrictName = "Bridge District", TimeZone = "UTC" };
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true });
        d.Schools.Add(new School { SchoolId = Office, Name = "District Office", IsDistrictOffice = true });
        AddSchool(d, Jefferson, "Jefferson High", RecordingMethod.Meeting, BridgeMode.OneWay, lateStart);
        AddSchool(d, Adams, "Adams Middle", RecordingMethod.Daily, BridgeMode.TwoWay, false);
        d.Sections.Add(new Section { SchoolId = Jefferson, SchoolYear = 2026, SectionIdentifier = "S-P1B", LocalCourseCode = "C-P1", ClassPeriodNames = ["P1"] });

        Student(d, Jefferson, "ZOE", Periods);
        Student(d, Jefferson, "YURI", Periods);
        Student(d, Jefferson, "XAVI", [.. Periods, "P1B"]);
        Student(d, Adams, "WES", Periods);
        Student(d, Adams, "VIC", ["P2", "P3", "P4", "P5", "P6"]);

        // BR1 (Jefferson, Meeting): P1 marks and the daily records that already exist.
        d.MeetingAttendance.Add(Mark("ZOE", new(2025, 10, 6), "P1", "P"));
        d.MeetingAttendance.Add(Mark("ZOE", new(2025, 10, 7), "P1", "U"));
        d.MeetingAttendance.Add(Mark("ZOE", new(2025, 10, 9), "P1", "T"));
        d.MeetingAttendance.Add(Mark("YURI", new(2025, 10, 6), "P1", "ILL"));
        d.MeetingAttendance.Add(Mark("YURI", new(2025, 10, 9), "P1", "P"));
        d.MeetingAttendance.Add(Mark("YURI", new(2025, 10, 9), "P3", "U")); // not the bridge period: ignored by the sync
        d.DailyAttendance.Add(Daily(Jefferson, "ZOE", new(2025, 10, 7), "U"));
        d.DailyAttendance.Add(Daily(Jefferson, "YURI", new(2025, 10, 9), "U"));
        // Xavi: two bridge-period marks on 10-16 (S-P1 'T', S-P1B 'U'); the lowest identifier (S-P1) wins.
        d.MeetingAttendance.Add(Mark("XAVI", new(2025, 10, 16), "P1", "T"));
        d.MeetingAttendance.Add(Mark("XAVI", new(2025, 10, 16), "P1", "U") with { SectionIdentifier = "S-P1B" });

        // BR2 (Adams, Daily): Wes Mon U, Tue T; Vic absent on 10-08.
        d.DailyAttendance.Add(Daily(Adams, "WES", new(2025, 10, 6), "U"));
        d.DailyAttendance.Add(Daily(Adams, "WES", new(2025, 10, 7), "T"));
        d.DailyAttendance.Add(Daily(Adams, "VIC", new(2025, 10, 8), "U"));
        return d;
    }

    private static void AddSchool(DistrictData d, string id, string name, RecordingMethod method, BridgeMode bridge, bool lateStart)
    {
        d.Schools.Add(new School { SchoolId = id, Name = name });
        d.Calendars.Add(new Calendar { SchoolId = id, SchoolYear = 2026, CalendarCode = "REG" });
        (int Start, int End, int Lunch, bool Instr)[] times =
            [(480, 535, 0, true), (540, 595, 0, true), (600, 655, 0, true), (660, 745, 30, true), (750, 805, 0, true), (810, 865, 0, true), (870, 890, 0, false)];
        d.BellSchedules.Add(new BellSchedule { SchoolId = id, BellScheduleName = "Regular", BridgePeriodName = "P1", DailyTimeIn = 480, DailyTimeOut = 890 });
        if (lateStart) d.BellSchedules.Add(new BellSchedule { SchoolId = id, BellScheduleName = "Late Start", DailyTimeIn = 600, DailyTimeOut = 890 });
        for (var i = 0; i < Periods.Length; i++)
        {
            d.ClassPeriods.Add(new ClassPeriod { SchoolId = id, ClassPeriodName = Periods[i], OfficialAttendancePeriod = i == 0 });
            d.BellSchedulePeriods.Add(new BellSchedulePeriod
            {
                SchoolId = id, BellScheduleName = "Regular", ClassPeriodName = Periods[i], StartTime = times[i].Start, EndTime = times[i].End,
                LunchMinutes = times[i].Lunch, IsInstructional = times[i].Instr,
            });
            if (lateStart && i >= 2)
                d.BellSchedulePeriods.Add(new BellSchedulePeriod
                {
                    SchoolId = id, BellScheduleName = "Late Start", ClassPeriodName = Periods[i], StartTime = times[i].Start, EndTime = times[i].End,
                    LunchMinutes = times[i].Lunch, IsInstructional = times[i].Instr,
                });
            d.Courses.Add(new Course { SchoolId = id, LocalCourseCode = "C-" + Periods[i], Title = "Course " + Periods[i] });
            d.Sections.Add(new Section
            {
                SchoolId = id, SchoolYear = 2026, SectionIdentifier = "S-" + Periods[i], LocalCourseCode = "C-" + Periods[i],
                ClassPeriodNames = [Periods[i]], AttendanceTracked = Periods[i] != "ADV",
            });
        }
        for (var day = Monday; day <= Last; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var inSession = day != Friday;
            var bell = !inSession ? null : lateStart && day == new DateOnly(2025, 10, 15) ? "Late Start" : "Regular";
            d.CalendarDates.Add(new CalendarDate
            {
                SchoolId = id, SchoolYear = 2026, CalendarCode = "REG", Date = day, InSession = inSession, TakesAttendance = inSession,
                BellScheduleName = bell, CalendarEvents = inSession ? "Instructional day" : "Holiday",
            });
        }
        foreach (var (code, presence, excuse, category) in new[] { ("P", PresenceStatus.Present, Excuse.None, "In Attendance"), ("T", PresenceStatus.Present, Excuse.None, "Tardy"),
                     ("U", PresenceStatus.Absent, Excuse.Unexcused, "Unexcused Absence"), ("ILL", PresenceStatus.Absent, Excuse.Excused, "Excused Absence") })
            d.AttendanceCodes.Add(new AttendanceCode { SchoolId = id, SchoolYear = 2026, Code = code, PresenceStatus = presence, Excuse = excuse, EventCategory = category });
        d.AttendanceSettings.Add(new AttendanceSettings { SchoolId = id, SchoolYear = 2026, RecordingMethod = method, BridgeMode = bridge });
    }

    private static void Student(DistrictData d, string school, string id, string[] sections)
    {
        d.Students.Add(new Student { StudentUniqueId = id, FirstName = id, LastSurname = "Test" });
        d.Enrollments.Add(new StudentSchoolAssociation { StudentUniqueId = id, SchoolId = school, EntryDate = new(2025, 8, 20), SchoolYear = 2026, CalendarCode = "REG", EntryGradeLevel = "08" });
        d.YearRecords.Add(new StudentYearRecord { StudentUniqueId = id, SchoolYear = 2026, SchoolId = school, GradeLevel = "08", CalendarCode = "REG" });
        foreach (var s in sections)
            d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = id, SchoolId = school, SchoolYear = 2026, SectionIdentifier = "S-" + s, BeginDate = new(2025, 8, 20) });
    }

    public static MeetingAttendance Mark(string student, DateOnly date, string period, string code) => new()
    {
        StudentUniqueId = student, SchoolId = Jefferson, SchoolYear = 2026, SectionIdentifier = "S-" + period, ClassPeriodName = period, Date = date, Code = code,
    };

    private static DailyAttendance Daily(string school, string student, DateOnly date, string code) => new()
    {
        StudentUniqueId = student, SchoolId = school, Date = date, Code = code,
    };
}
