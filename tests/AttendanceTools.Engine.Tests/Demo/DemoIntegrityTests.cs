using AttendanceTools.Engine.Model;
using static AttendanceTools.Engine.Tests.Demo.DemoFixture;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>The generated rows are a valid district: every reference resolves, every key is unique, every range is valid.</summary>
public sealed class DemoIntegrityTests
{
    private static void Unique<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, string table)
    {
        var duplicates = rows.GroupBy(key).Where(g => g.Count() > 1).Select(g => g.Key).Take(3).ToList();
        Assert.True(duplicates.Count == 0, $"{table} repeats keys: {string.Join(", ", duplicates)}");
    }

    [Fact]
    public void Natural_keys_are_unique()
    {
        var d = District;
        Unique(d.SchoolYears, r => r.SchoolYear, "SchoolYear");
        Unique(d.Schools, r => r.SchoolId, "School");
        Unique(d.Calendars, r => (r.SchoolId, r.SchoolYear, r.CalendarCode), "Calendar");
        Unique(d.CalendarDates, r => (r.SchoolId, r.SchoolYear, r.CalendarCode, r.Date), "CalendarDate");
        Unique(d.ClassPeriods, r => (r.SchoolId, r.ClassPeriodName), "ClassPeriod");
        Unique(d.BellSchedules, r => (r.SchoolId, r.BellScheduleName), "BellSchedule");
        Unique(d.BellSchedulePeriods, r => (r.SchoolId, r.BellScheduleName, r.ClassPeriodName), "BellSchedulePeriod");
        Unique(d.Courses, r => (r.SchoolId, r.LocalCourseCode), "Course");
        Unique(d.Sections, r => (r.SchoolId, r.SchoolYear, r.SectionIdentifier), "Section");
        Unique(d.Students, r => r.StudentUniqueId, "Student");
        Unique(d.Enrollments, r => (r.StudentUniqueId, r.SchoolId, r.EntryDate), "StudentSchoolAssociation");
        Unique(d.YearRecords, r => (r.StudentUniqueId, r.SchoolYear), "StudentYearRecord");
        Unique(d.Rosters, r => (r.StudentUniqueId, r.SchoolId, r.SchoolYear, r.SectionIdentifier, r.BeginDate), "StudentSectionAssociation");
        Unique(d.Programs, r => (r.SchoolId, r.ProgramName), "Program");
        Unique(d.ProgramAssociations, r => (r.StudentUniqueId, r.SchoolId, r.ProgramName, r.BeginDate), "StudentProgramAssociation");
        Unique(d.AttendanceCodes, r => (r.SchoolId, r.SchoolYear, r.Code), "AttendanceCode");
        Unique(d.DailyAttendance, r => (r.StudentUniqueId, r.SchoolId, r.Date), "DailyAttendance");
        Unique(d.MeetingAttendance, r => (r.StudentUniqueId, r.SchoolId, r.SchoolYear, r.SectionIdentifier, r.ClassPeriodName, r.Date), "MeetingAttendance");
        Unique(d.AttendanceTime, r => (r.StudentUniqueId, r.SchoolId, r.Date, r.Kind, r.Sequence), "AttendanceTime");
        Unique(d.AttendanceSettings, r => (r.SchoolId, r.SchoolYear), "AttendanceSettings");
        Unique(d.BackfillPreferences, r => (r.SchoolId, r.SchoolYear), "BackfillPreference");
        Unique(d.CourseRequests, r => (r.StudentUniqueId, r.SchoolId, r.SchoolYear, r.LocalCourseCode), "CourseRequest");
        Unique(d.ReportCardMarks, r => (r.StudentUniqueId, r.SchoolId, r.SchoolYear, r.SectionIdentifier, r.MarkingPeriod), "ReportCardMark");
        Unique(d.SuccessPlans, r => (r.StudentUniqueId, r.PlanType, r.StartDate), "SuccessPlan");
        // A student is never in two sections in one period on one day (domain §4.1 tolerates it; the demo does not need it).
        Unique(d.MeetingAttendance, r => (r.StudentUniqueId, r.SchoolId, r.ClassPeriodName, r.Date), "MeetingAttendance per period");
    }

    [Fact]
    public void Every_reference_resolves()
    {
        var d = District;
        var years = d.SchoolYears.Select(y => y.SchoolYear).ToHashSet();
        var schools = d.Schools.Select(s => s.SchoolId).ToHashSet();
        var students = d.Students.Select(s => s.StudentUniqueId).ToHashSet();
        var calendars = d.Calendars.Select(c => (c.SchoolId, c.SchoolYear, c.CalendarCode)).ToHashSet();
        var periods = d.ClassPeriods.Select(p => (p.SchoolId, p.ClassPeriodName)).ToHashSet();
        var bells = d.BellSchedules.Select(b => (b.SchoolId, b.BellScheduleName)).ToHashSet();
        var bellPeriods = d.BellSchedulePeriods.Select(p => (p.SchoolId, p.BellScheduleName, p.ClassPeriodName)).ToHashSet();
        var courses = d.Courses.Select(c => (c.SchoolId, c.LocalCourseCode)).ToHashSet();
        var sections = d.Sections.ToDictionary(s => (s.SchoolId, s.SchoolYear, s.SectionIdentifier));
        var codes = d.AttendanceCodes.Select(c => (c.SchoolId, c.SchoolYear, c.Code)).ToHashSet();
        var programs = d.Programs.Select(p => (p.SchoolId, p.ProgramName)).ToHashSet();

        Assert.All(d.Calendars, c => Assert.True(schools.Contains(c.SchoolId) && years.Contains(c.SchoolYear)));
        Assert.All(d.CalendarDates, c =>
        {
            Assert.Contains((c.SchoolId, c.SchoolYear, c.CalendarCode), calendars);
            if (c.InSession || c.TakesAttendance) Assert.Contains((c.SchoolId, c.BellScheduleName!), bells);
        });
        Assert.All(d.BellSchedulePeriods, p => Assert.True(bells.Contains((p.SchoolId, p.BellScheduleName)) && periods.Contains((p.SchoolId, p.ClassPeriodName))));
        Assert.All(d.BellSchedules, b => Assert.Contains((b.SchoolId, b.BellScheduleName, b.BridgePeriodName!), bellPeriods));
        Assert.All(d.Sections, s =>
        {
            Assert.Contains((s.SchoolId, s.LocalCourseCode), courses);
            Assert.NotEmpty(s.ClassPeriodNames);
            Assert.All(s.ClassPeriodNames, p => Assert.Contains((s.SchoolId, p), periods));
        });
        Assert.All(d.Enrollments, e => Assert.True(students.Contains(e.StudentUniqueId) && calendars.Contains((e.SchoolId, e.SchoolYear, e.CalendarCode))));
        Assert.All(d.YearRecords, r =>
        {
            Assert.Contains(r.StudentUniqueId, students);
            Assert.Contains(r.SchoolId, schools);
            Assert.True(r.NextYearSchoolId is null || schools.Contains(r.NextYearSchoolId));
            Assert.True(GradeLevel.IsValid(r.GradeLevel));
        });
        Assert.All(d.Rosters, r => Assert.True(students.Contains(r.StudentUniqueId) && sections.ContainsKey((r.SchoolId, r.SchoolYear, r.SectionIdentifier))));
        Assert.All(d.ProgramAssociations, a => Assert.True(students.Contains(a.StudentUniqueId) && programs.Contains((a.SchoolId, a.ProgramName))));
        Assert.All(d.BackfillPreferences, p => Assert.Contains((p.SchoolId, p.ProgramName!), programs));
        Assert.All(d.AttendanceSettings, s => Assert.True(schools.Contains(s.SchoolId) && years.Contains(s.SchoolYear)));
        Assert.All(d.CourseRequests, r => Assert.True(students.Contains(r.StudentUniqueId) && courses.Contains((r.SchoolId, r.LocalCourseCode)) && years.Contains(r.SchoolYear)));
        Assert.All(d.ReportCardMarks, m => Assert.True(students.Contains(m.StudentUniqueId) && sections.ContainsKey((m.SchoolId, m.SchoolYear, m.SectionIdentifier))));
        Assert.All(d.SuccessPlans, p => Assert.Contains(p.StudentUniqueId, students));
        Assert.All(d.MeetingAttendance, m =>
        {
            Assert.Contains((m.SchoolId, m.SchoolYear, m.Code), codes);
            Assert.Contains(m.ClassPeriodName, sections[(m.SchoolId, m.SchoolYear, m.SectionIdentifier)].ClassPeriodNames);
        });
        Assert.All(d.DailyAttendance, a => Assert.Contains((a.SchoolId, 2026, a.Code), codes));
    }

    [Fact]
    public void Attendance_falls_on_scheduled_in_session_days_of_enrolled_students()
    {
        var d = District;
        var days = d.CalendarDates.Where(c => c.TakesAttendance).ToDictionary(c => (c.SchoolId, c.SchoolYear, c.CalendarCode, c.Date), c => c.BellScheduleName!);
        var bellPeriods = d.BellSchedulePeriods.Select(p => (p.SchoolId, p.BellScheduleName, p.ClassPeriodName)).ToHashSet();
        var enrollments = d.Enrollments.ToLookup(e => (e.StudentUniqueId, e.SchoolId));
        var rosters = d.Rosters.ToLookup(r => (r.StudentUniqueId, r.SchoolId, r.SectionIdentifier));
        StudentSchoolAssociation Enrolled(string student, string school, DateOnly date)
        {
            var e = enrollments[(student, school)].SingleOrDefault(e => e.EntryDate <= date && (e.ExitWithdrawDate is null || e.ExitWithdrawDate >= date));
            Assert.True(e is not null, $"Student {student} has a mark at {school} on {date} but no enrolment covering it.");
            return e;
        }

        Assert.All(d.MeetingAttendance, m =>
        {
            var e = Enrolled(m.StudentUniqueId, m.SchoolId, m.Date);
            Assert.True(days.TryGetValue((m.SchoolId, m.SchoolYear, e.CalendarCode, m.Date), out var bell));
            Assert.Contains((m.SchoolId, bell, m.ClassPeriodName), bellPeriods);
            Assert.Contains(rosters[(m.StudentUniqueId, m.SchoolId, m.SectionIdentifier)],
                r => r.BeginDate <= m.Date && (r.EndDate is null || r.EndDate >= m.Date));
        });
        Assert.All(d.DailyAttendance, a =>
        {
            var e = Enrolled(a.StudentUniqueId, a.SchoolId, a.Date);
            Assert.True(days.ContainsKey((a.SchoolId, 2026, e.CalendarCode, a.Date)));
        });
        Assert.All(d.AttendanceTime, t =>
        {
            var e = Enrolled(t.StudentUniqueId, t.SchoolId, t.Date);
            Assert.True(days.ContainsKey((t.SchoolId, 2026, e.CalendarCode, t.Date)));
        });
        // Roster spans lie inside an enrolment of the student at the section's school.
        Assert.All(d.Rosters, r =>
        {
            var e = Enrolled(r.StudentUniqueId, r.SchoolId, r.BeginDate);
            Assert.True(r.EndDate is null ? e.ExitWithdrawDate is null : e.ExitWithdrawDate is null || r.EndDate <= e.ExitWithdrawDate);
        });
    }

    [Fact]
    public void Date_ranges_times_and_minutes_are_valid()
    {
        var d = District;
        Assert.All(d.SchoolYears, y => Assert.True(y.BeginDate < y.EndDate));
        Assert.All(d.Enrollments, e => Assert.True(e.ExitWithdrawDate is null || e.ExitWithdrawDate >= e.EntryDate));
        Assert.All(d.Enrollments, e => Assert.Equal(e.ExitWithdrawDate is null, e.ExitWithdrawCode is null));
        Assert.All(d.Rosters, r => Assert.True(r.EndDate is null || r.EndDate >= r.BeginDate));
        Assert.All(d.ProgramAssociations, a => Assert.True(a.EndDate is null || a.EndDate >= a.BeginDate));
        Assert.All(d.SuccessPlans, p => Assert.True(p.EndDate is null || p.EndDate >= p.StartDate));
        Assert.All(d.BellSchedulePeriods, p =>
        {
            Assert.True(p.EndTime > p.StartTime);
            Assert.InRange(p.LunchMinutes, 0, p.EndTime!.Value - p.StartTime!.Value);
        });
        Assert.All(d.BellSchedules, b => Assert.True(b.DailyTimeOut > b.DailyTimeIn));
        Assert.All(d.AttendanceTime, t => Assert.True(t.Minutes > 0));
        Assert.All(d.MeetingAttendance.Where(m => m.PresentMinutes is not null), m => Assert.True(m.PresentMinutes > 0));
        Assert.All(d.DailyAttendance, a =>
        {
            Assert.True(a.TimeIn is null || a.TimeIn is > 480 and < 900);
            Assert.True(a.TimeOut is null || a.TimeOut is > 480 and < 900);
        });
        var dates = d.SchoolYears.ToDictionary(y => y.SchoolYear);
        Assert.All(d.CalendarDates, c => Assert.InRange(c.Date, dates[c.SchoolYear].BeginDate, dates[c.SchoolYear].EndDate));
        Assert.All(d.CalendarDates, c => Assert.True(!c.TakesAttendance || c.InSession));
        Assert.All(d.Students, s => Assert.True(s.BirthDate < new DateOnly(2021, 9, 2) && s.BirthDate > new DateOnly(2006, 9, 1)));
    }

    [Fact]
    public void Codes_exist_for_every_school_year_used()
    {
        var d = District;
        var codeYears = d.AttendanceCodes.Select(c => (c.SchoolId, c.SchoolYear)).ToHashSet();
        Assert.All(d.Calendars, c => Assert.Contains((c.SchoolId, c.SchoolYear), codeYears));
        Assert.All(d.AttendanceSettings, s => Assert.Contains((s.SchoolId, s.SchoolYear), codeYears));
        Assert.All(d.Sections, s => Assert.Contains((s.SchoolId, s.SchoolYear), codeYears));
    }
}
