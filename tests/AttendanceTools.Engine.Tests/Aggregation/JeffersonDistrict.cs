using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// A small district for operation tests: Jefferson High (calendar REG, 2025-26) with bell schedule
/// <i>Regular</i> of domain §6.7, the week of 2025-10-06 plus the next (Monday 10-13 a holiday,
/// as in example A5), and three students rostered in P1–P6 and ADV.
/// </summary>
internal static class JeffersonDistrict
{
    public const string School = "JHS";
    public static readonly DateOnly First = new(2025, 10, 6), Last = new(2025, 10, 17), Holiday = new(2025, 10, 13);
    public static readonly string[] Students = ["ZOE", "YURI", "XAVI"];

    public static DistrictData Build()
    {
        var d = new DistrictData { DistrictName = "Test District", TimeZone = "UTC" };
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true });
        d.Schools.Add(new School { SchoolId = School, Name = "Jefferson High" });
        d.Calendars.Add(new Calendar { SchoolId = School, SchoolYear = 2026, CalendarCode = "REG", WholeDayAbsenceMinutes = 166, HalfDayAbsenceMinutes = 1 });
        string[] periods = ["P1", "P2", "P3", "P4", "P5", "P6", "ADV"];
        (string Start, string End, int Lunch, bool Instr)[] times =
            [("08:00", "08:55", 0, true), ("09:00", "09:55", 0, true), ("10:00", "10:55", 0, true), ("11:00", "12:25", 30, true),
             ("12:30", "13:25", 0, true), ("13:30", "14:25", 0, true), ("14:30", "14:50", 0, false)];
        d.BellSchedules.Add(new BellSchedule { SchoolId = School, BellScheduleName = "Regular", BridgePeriodName = "P1", DailyTimeIn = 480, DailyTimeOut = 890 });
        for (var i = 0; i < periods.Length; i++)
        {
            d.ClassPeriods.Add(new ClassPeriod { SchoolId = School, ClassPeriodName = periods[i], OfficialAttendancePeriod = periods[i] == "P1" });
            d.BellSchedulePeriods.Add(new BellSchedulePeriod
            {
                SchoolId = School, BellScheduleName = "Regular", ClassPeriodName = periods[i], StartTime = Minutes(times[i].Start),
                EndTime = Minutes(times[i].End), LunchMinutes = times[i].Lunch, IsInstructional = times[i].Instr,
            });
            d.Courses.Add(new Course { SchoolId = School, LocalCourseCode = "C-" + periods[i], Title = "Course " + periods[i] });
            d.Sections.Add(new Section
            {
                SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + periods[i], LocalCourseCode = "C-" + periods[i],
                ClassPeriodNames = [periods[i]], AttendanceTracked = periods[i] != "ADV",
            });
        }
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var inSession = day != Holiday;
            d.CalendarDates.Add(new CalendarDate
            {
                SchoolId = School, SchoolYear = 2026, CalendarCode = "REG", Date = day, InSession = inSession, TakesAttendance = inSession,
                BellScheduleName = inSession ? "Regular" : null, CalendarEvents = inSession ? "Instructional day" : "Holiday",
            });
        }
        foreach (var (code, presence, excuse) in new[] { ("P", PresenceStatus.Present, Excuse.None), ("T", PresenceStatus.Present, Excuse.None),
                     ("U", PresenceStatus.Absent, Excuse.Unexcused), ("ILL", PresenceStatus.Absent, Excuse.Excused) })
            d.AttendanceCodes.Add(new AttendanceCode { SchoolId = School, SchoolYear = 2026, Code = code, PresenceStatus = presence, Excuse = excuse });
        d.AttendanceSettings.Add(new AttendanceSettings { SchoolId = School, SchoolYear = 2026, RecordingMethod = RecordingMethod.Meeting, BridgeMode = BridgeMode.OneWay });
        foreach (var s in Students)
        {
            d.Students.Add(new Student { StudentUniqueId = s, FirstName = s, LastSurname = "Test" });
            d.Enrollments.Add(new StudentSchoolAssociation
            {
                StudentUniqueId = s, SchoolId = School, EntryDate = new(2025, 8, 20), SchoolYear = 2026, CalendarCode = "REG", EntryGradeLevel = "10",
            });
            d.YearRecords.Add(new StudentYearRecord { StudentUniqueId = s, SchoolYear = 2026, SchoolId = School, GradeLevel = "10", CalendarCode = "REG" });
            foreach (var p in periods)
                d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = s, SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + p, BeginDate = new(2025, 8, 20) });
        }
        // BR1-style marks: Zoe absent unexcused in P1 on Tuesday; Yuri ill all of Monday 10-06.
        d.MeetingAttendance.Add(Mark("ZOE", new(2025, 10, 7), "P1", "U"));
        d.DailyAttendance.Add(new DailyAttendance { StudentUniqueId = "YURI", SchoolId = School, Date = new(2025, 10, 6), Code = "ILL" });
        return d;
    }

    public static MeetingAttendance Mark(string student, DateOnly date, string period, string code) => new()
    {
        StudentUniqueId = student, SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + period, ClassPeriodName = period, Date = date, Code = code,
    };

    /// <summary>Attendance days of the two weeks (the holiday excluded).</summary>
    public static int AttendanceDays => 9;

    private static int Minutes(string hhmm) => (int.Parse(hhmm[..2], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(hhmm[3..], System.Globalization.CultureInfo.InvariantCulture);
}
