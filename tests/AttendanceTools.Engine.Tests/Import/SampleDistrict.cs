using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>
/// A small district with one row or more in every table, built by hand: a district office and a high
/// school, one year, a calendar with a holiday, a bell schedule with lunch and a non-instructional period.
/// </summary>
internal static class SampleDistrict
{
    public static DateOnly Day(int month, int day) => new(month >= 8 ? 2025 : 2026, month, day);

    public static DistrictData Build()
    {
        var d = new DistrictData { DistrictName = "Sample Unified", TimeZone = "America/Los_Angeles" };
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true });
        d.Schools.Add(new School { SchoolId = "DO", Name = "District Office", IsDistrictOffice = true, SourcedId = "org-do" });
        d.Schools.Add(new School { SchoolId = "HS", Name = "Sample High", SchoolCategory = "High School", GradeLevels = "09 10 11 12", SourcedId = "org-hs" });
        d.Calendars.Add(new Calendar { SchoolId = "HS", SchoolYear = 2026, CalendarCode = "REG", CalendarType = "Student Specific", GradeLevels = "09 10 11 12",
            WholeDayAbsenceMinutes = 240, HalfDayAbsenceMinutes = 120 });
        foreach (var name in new[] { "P1", "P2", "P3", "LUNCH" })
            d.ClassPeriods.Add(new ClassPeriod { SchoolId = "HS", ClassPeriodName = name, OfficialAttendancePeriod = name == "P1" });
        d.BellSchedules.Add(new BellSchedule { SchoolId = "HS", BellScheduleName = "Regular", BridgePeriodName = "P1", DailyTimeIn = 480, DailyTimeOut = 900 });
        d.BellSchedulePeriods.Add(new BellSchedulePeriod { SchoolId = "HS", BellScheduleName = "Regular", ClassPeriodName = "P1", StartTime = 480, EndTime = 540 });
        d.BellSchedulePeriods.Add(new BellSchedulePeriod { SchoolId = "HS", BellScheduleName = "Regular", ClassPeriodName = "P2", StartTime = 545, EndTime = 660, LunchMinutes = 30 });
        d.BellSchedulePeriods.Add(new BellSchedulePeriod { SchoolId = "HS", BellScheduleName = "Regular", ClassPeriodName = "LUNCH", StartTime = 660, EndTime = 690, IsInstructional = false });
        d.BellSchedulePeriods.Add(new BellSchedulePeriod { SchoolId = "HS", BellScheduleName = "Regular", ClassPeriodName = "P3", StartTime = 695, EndTime = 750 });
        d.CalendarDates.Add(new CalendarDate { SchoolId = "HS", SchoolYear = 2026, CalendarCode = "REG", Date = Day(9, 1), CalendarEvents = "Holiday" });
        foreach (var day in new[] { 2, 3, 4 })
            d.CalendarDates.Add(new CalendarDate { SchoolId = "HS", SchoolYear = 2026, CalendarCode = "REG", Date = Day(9, day), CalendarEvents = "Instructional day",
                InSession = true, TakesAttendance = true, BellScheduleName = "Regular" });
        d.Courses.Add(new Course { SchoolId = "HS", LocalCourseCode = "ALG1", Title = "Algebra I", SourcedId = "crs-alg1" });
        d.Courses.Add(new Course { SchoolId = "HS", LocalCourseCode = "ENG9", Title = "English 9" });
        d.Sections.Add(new Section { SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ALG1-1", LocalCourseCode = "ALG1", SessionName = "Fall",
            ClassPeriodNames = ["P1"], Title = "Algebra I - 1" });
        d.Sections.Add(new Section { SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ENG9-2", LocalCourseCode = "ENG9", ClassPeriodNames = ["P2", "P3"],
            AttendanceTracked = true, IsActive = false });
        d.Students.Add(new Student { StudentUniqueId = "S1", LocalId = "1001", FirstName = "Avery", LastSurname = "Lee", BirthDate = new(2010, 3, 4), ClassOfSchoolYear = 2029 });
        d.Students.Add(new Student { StudentUniqueId = "S2", FirstName = "Blake", LastSurname = "Ng", IsDeleted = true });
        d.Enrollments.Add(new StudentSchoolAssociation { StudentUniqueId = "S1", SchoolId = "HS", EntryDate = Day(8, 20), SchoolYear = 2026, CalendarCode = "REG",
            EntryGradeLevel = "09", EntryCode = "E1" });
        d.Enrollments.Add(new StudentSchoolAssociation { StudentUniqueId = "S2", SchoolId = "HS", EntryDate = Day(8, 20), SchoolYear = 2026, CalendarCode = "REG",
            EntryGradeLevel = "10", ExitWithdrawDate = Day(9, 3), ExitWithdrawCode = "W1", ExitWithdrawType = "Transferred" });
        d.YearRecords.Add(new StudentYearRecord { StudentUniqueId = "S1", SchoolYear = 2026, SchoolId = "HS", GradeLevel = "09", CalendarCode = "REG",
            Homeroom = "101", Counselor = "Ms. Diaz", NextYearSchoolId = "HS", NextYearGradeLevel = "10" });
        d.YearRecords.Add(new StudentYearRecord { StudentUniqueId = "S2", SchoolYear = 2026, SchoolId = "HS", GradeLevel = "10", Status = YearRecordStatus.Inactive, Promote = false });
        d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ALG1-1", BeginDate = Day(8, 20) });
        d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ENG9-2", BeginDate = Day(8, 20),
            EndDate = Day(9, 3), HomeroomIndicator = true });
        d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "S2", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ALG1-1", BeginDate = Day(8, 20), EndDate = Day(9, 3) });
        d.Programs.Add(new Program { SchoolId = "HS", ProgramName = "CE", ProgramType = "Continuation Education" });
        d.ProgramAssociations.Add(new StudentProgramAssociation { StudentUniqueId = "S1", SchoolId = "HS", ProgramName = "CE", BeginDate = Day(8, 20), EndDate = Day(12, 19) });
        d.AttendanceCodes.Add(new AttendanceCode { SchoolId = "HS", SchoolYear = 2026, Code = "P", Description = "Present", PresenceStatus = PresenceStatus.Present,
            EventCategory = "In Attendance" });
        d.AttendanceCodes.Add(new AttendanceCode { SchoolId = "HS", SchoolYear = 2026, Code = "U", Description = "Unexcused", PresenceStatus = PresenceStatus.Absent,
            Excuse = Excuse.Unexcused, EventCategory = "Unexcused Absence" });
        d.AttendanceCodes.Add(new AttendanceCode { SchoolId = "HS", SchoolYear = 2026, Code = "T", Description = "Tardy", PresenceStatus = PresenceStatus.Present,
            EventCategory = "Tardy", CountsForAda = false });
        d.DailyAttendance.Add(new DailyAttendance { StudentUniqueId = "S1", SchoolId = "HS", Date = Day(9, 2), Code = "U" });
        d.DailyAttendance.Add(new DailyAttendance { StudentUniqueId = "S2", SchoolId = "HS", Date = Day(9, 3), Code = "P", TimeIn = 500, TimeOut = 700, Origin = AttendanceOrigin.LiveBridge });
        d.MeetingAttendance.Add(new MeetingAttendance { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ALG1-1", ClassPeriodName = "P1",
            Date = Day(9, 3), Code = "U", PresentMinutes = 20 });
        d.MeetingAttendance.Add(new MeetingAttendance { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ENG9-2", ClassPeriodName = "P3",
            Date = Day(9, 3), Code = "T", Origin = AttendanceOrigin.Sync });
        d.AttendanceTime.Add(new AttendanceTime { StudentUniqueId = "S1", SchoolId = "HS", Date = Day(9, 2), Kind = AttendanceTimeKind.IndependentStudy, Minutes = 45 });
        d.AttendanceTime.Add(new AttendanceTime { StudentUniqueId = "S1", SchoolId = "HS", Date = Day(9, 2), Kind = AttendanceTimeKind.WorkExperience, Sequence = 2, Minutes = 60 });
        d.AttendanceSettings.Add(new AttendanceSettings { SchoolId = "HS", SchoolYear = 2026, RecordingMethod = RecordingMethod.Meeting, BridgeMode = BridgeMode.OneWay });
        d.BackfillPreferences.Add(new BackfillPreference { SchoolId = "HS", SchoolYear = 2026, Enabled = true, ProgramName = "CE", TargetHoursPerDay = 3.0m,
            MaxWorkExperienceHoursPerDay = 1.5m, BackfillStartDate = Day(8, 20) });
        d.CourseRequests.Add(new CourseRequest { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, LocalCourseCode = "ALG1" });
        d.ReportCardMarks.Add(new ReportCardMark { StudentUniqueId = "S1", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "ALG1-1", MarkingPeriod = "Q1", Mark = "B+" });
        d.SuccessPlans.Add(new SuccessPlan { StudentUniqueId = "S1", PlanType = "Attendance", StartDate = Day(9, 10), Notes = "Weekly check-in, \"parent\" call" });
        return d;
    }
}
