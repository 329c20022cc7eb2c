using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>
/// A continuation school for backfill tests (domain §5.8 B4/B5): Redwood Continuation (RCH), calendar
/// CE 2025-26 with every weekday of 2025-12-01 … 2026-01-30 in session (Monday 2026-01-19 a holiday),
/// bell schedule <i>CE</i> of four 60-minute periods, program CE, backfill on (3 h target, 1 h work
/// experience, start 2026-01-05, realtime off), and a district office (DO).
/// Class minutes per day are 240 less 60 per absent period.
/// </summary>
internal sealed class RedwoodDistrict
{
    public const string School = "RCH";
    public static readonly DateOnly Holiday = new(2026, 1, 19);
    public static readonly string[] Periods = ["P1", "P2", "P3", "P4"];
    public DistrictData Data { get; } = new() { DistrictName = "Redwood Test District", TimeZone = "UTC" };

    public RedwoodDistrict()
    {
        var d = Data;
        d.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true });
        d.Schools.Add(new School { SchoolId = "DO", Name = "District Office", IsDistrictOffice = true });
        d.Schools.Add(new School { SchoolId = School, Name = "Redwood Continuation", SchoolCategory = "Continuation" });
        d.Calendars.Add(new Calendar { SchoolId = School, SchoolYear = 2026, CalendarCode = "CE" });
        d.BellSchedules.Add(new BellSchedule { SchoolId = School, BellScheduleName = "CE", BridgePeriodName = "P1", DailyTimeIn = 480, DailyTimeOut = 720 });
        for (var i = 0; i < Periods.Length; i++)
        {
            d.ClassPeriods.Add(new ClassPeriod { SchoolId = School, ClassPeriodName = Periods[i], OfficialAttendancePeriod = i == 0 });
            d.BellSchedulePeriods.Add(new BellSchedulePeriod
            {
                SchoolId = School, BellScheduleName = "CE", ClassPeriodName = Periods[i], StartTime = 480 + (60 * i), EndTime = 540 + (60 * i), IsInstructional = true,
            });
            d.Courses.Add(new Course { SchoolId = School, LocalCourseCode = "C-" + Periods[i], Title = "Course " + Periods[i] });
            d.Sections.Add(new Section
            {
                SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + Periods[i], LocalCourseCode = "C-" + Periods[i], ClassPeriodNames = [Periods[i]],
            });
        }
        for (var day = new DateOnly(2025, 12, 1); day <= new DateOnly(2026, 1, 30); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var inSession = day != Holiday;
            d.CalendarDates.Add(new CalendarDate
            {
                SchoolId = School, SchoolYear = 2026, CalendarCode = "CE", Date = day, InSession = inSession, TakesAttendance = inSession,
                BellScheduleName = inSession ? "CE" : null, CalendarEvents = inSession ? "Instructional day" : "Holiday",
            });
        }
        d.AttendanceCodes.Add(new AttendanceCode { SchoolId = School, SchoolYear = 2026, Code = "P", PresenceStatus = PresenceStatus.Present, Excuse = Excuse.None });
        d.AttendanceCodes.Add(new AttendanceCode { SchoolId = School, SchoolYear = 2026, Code = "A", PresenceStatus = PresenceStatus.Absent, Excuse = Excuse.Unexcused });
        d.AttendanceSettings.Add(new AttendanceSettings { SchoolId = School, SchoolYear = 2026, RecordingMethod = RecordingMethod.Meeting });
        d.Programs.Add(new Program { SchoolId = School, ProgramName = "CE", ProgramType = "Continuation Education" });
        d.BackfillPreferences.Add(new BackfillPreference
        {
            SchoolId = School, SchoolYear = 2026, Enabled = true, ProgramName = "CE", TargetHoursPerDay = 3.0m, MaxWorkExperienceHoursPerDay = 1.0m,
            BackfillStartDate = new(2026, 1, 5),
        });
    }

    /// <summary>A student enrolled from 2025-12-01, in all four sections and in the CE program.</summary>
    public RedwoodDistrict Student(string id, DateOnly? exit = null)
    {
        var d = Data;
        d.Students.Add(new Student { StudentUniqueId = id, FirstName = id, LastSurname = "Test" });
        d.Enrollments.Add(new StudentSchoolAssociation
        {
            StudentUniqueId = id, SchoolId = School, EntryDate = new(2025, 12, 1), ExitWithdrawDate = exit, SchoolYear = 2026, CalendarCode = "CE", EntryGradeLevel = "11",
        });
        d.YearRecords.Add(new StudentYearRecord { StudentUniqueId = id, SchoolYear = 2026, SchoolId = School, GradeLevel = "11", CalendarCode = "CE" });
        foreach (var p in Periods)
            d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = id, SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + p, BeginDate = new(2025, 12, 1) });
        d.ProgramAssociations.Add(new StudentProgramAssociation { StudentUniqueId = id, SchoolId = School, ProgramName = "CE", BeginDate = new(2025, 12, 1) });
        return this;
    }

    /// <summary>Class minutes on each weekday of the week of <paramref name="monday"/> (multiples of 60, at most 240): absent marks on the last periods.</summary>
    public RedwoodDistrict Class(string id, DateOnly monday, params int[] minutes)
    {
        for (var i = 0; i < minutes.Length; i++)
        {
            var date = monday.AddDays(i);
            for (var p = minutes[i] / 60; p < Periods.Length; p++)
                Data.MeetingAttendance.Add(new MeetingAttendance
                {
                    StudentUniqueId = id, SchoolId = School, SchoolYear = 2026, SectionIdentifier = "S-" + Periods[p], ClassPeriodName = Periods[p], Date = date, Code = "A",
                });
        }
        return this;
    }

    public RedwoodDistrict Time(string id, DateOnly date, AttendanceTimeKind kind, int minutes)
    {
        Data.AttendanceTime.Add(new AttendanceTime { StudentUniqueId = id, SchoolId = School, Date = date, Kind = kind, Minutes = minutes });
        return this;
    }

    public static readonly DateOnly Week1 = new(2026, 1, 5), Week2 = new(2026, 1, 12);

    /// <summary>Example B4 before the changes: Ben short in week 01-05 (120/day) and long in 01-12 (240/day); Cleo short 60 in 01-05, 60 minutes of independent study over in 01-12.</summary>
    public static RedwoodDistrict B4()
    {
        var r = new RedwoodDistrict().Student("BEN").Student("CLEO");
        r.Class("BEN", Week1, 120, 120, 120, 120, 120);
        r.Class("CLEO", Week1, 180, 180, 180, 180, 120).Class("CLEO", Week2, 180, 180, 180, 180, 180).Time("CLEO", Week2.AddDays(2), AttendanceTimeKind.IndependentStudy, 60);
        return r;
    }
}
