using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>The hand-made tests/fixtures/tiny-district package: what it becomes, and that importing it again changes nothing.</summary>
public sealed class ImportFixtureTests
{
    [Fact]
    public void The_tiny_district_imports_with_the_expected_rows_per_table()
    {
        using var t = new TempStore();

        var result = ImportRun.Import(t.Store, PackageFolder.FixturePath);

        var expected = new Dictionary<string, long>
        {
            ["SchoolYear"] = 1, ["AcademicSession"] = 3, ["School"] = 2, ["Calendar"] = 1, ["ClassPeriod"] = 4, ["BellSchedule"] = 2, ["BellSchedulePeriod"] = 8,
            ["CalendarDate"] = 8, ["Course"] = 3, ["Section"] = 3, ["Student"] = 3, ["StudentSchoolAssociation"] = 3, ["StudentYearRecord"] = 3,
            ["StudentSectionAssociation"] = 6, ["AttendanceCode"] = 5, ["DailyAttendance"] = 3, ["MeetingAttendance"] = 3, ["AttendanceSettings"] = 1,
        };
        Assert.Equal(expected.OrderBy(x => x.Key), result.Tables.ToDictionary(x => x.Table, x => x.Inserted).OrderBy(x => x.Key));
        Assert.Equal(expected.Values.Sum(), result.Inserted);
        Assert.Equal(0, result.Updated + result.Deleted + result.Unchanged);
        // 8 OneRoster files (manifest and roles included) and 11 of our own.
        Assert.Equal(19, result.Files.Count);
        Assert.True(result.RunId > 0);
    }

    [Fact]
    public void OneRoster_rows_map_to_the_model_as_documented()
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        var d = DistrictStore.Read(t.Store, CancellationToken.None);

        Assert.Equal("Tiny Unified School District", d.DistrictName);
        Assert.Equal("America/Los_Angeles", d.TimeZone);
        // SchoolId is the org's identifier; the sourcedId is kept.
        var office = d.Schools.Single(s => s.SchoolId == "100");
        Assert.True(office.IsDistrictOffice);
        Assert.Equal("org-100", office.SourcedId);
        // The school year comes from academicSessions (type schoolYear); it contains "today" (2025-10-15), so it is current.
        var year = Assert.Single(d.SchoolYears);
        Assert.Equal(new SchoolYearRow { SchoolYear = 2026, Description = "2025-2026", BeginDate = new(2025, 7, 1), EndDate = new(2026, 6, 30), IsCurrent = true }, year);
        // LocalCourseCode is courseCode; the district-wide course becomes a course of the school that teaches it.
        Assert.Equal(["200:ALG1:crs-alg1", "200:ENG9:crs-eng9", "200:HR:crs-hr"],
            d.Courses.Select(c => $"{c.SchoolId}:{c.LocalCourseCode}:{c.SourcedId}").Order(StringComparer.Ordinal));
        // SectionIdentifier is the class sourcedId; the first term names the session; periods become ClassPeriodNames.
        var eng = d.Sections.Single(s => s.SectionIdentifier == "cls-eng9-2");
        Assert.Equal(("200", 2026, "ENG9", "Fall 2025", "English 9, Periods 2-3"), (eng.SchoolId, eng.SchoolYear, eng.LocalCourseCode, eng.SessionName, eng.Title));
        Assert.Equal(["P2", "P3"], eng.ClassPeriodNames);
        // Every term of the class is kept, and the class type (issue #8 items 12-13).
        Assert.Equal(("term-fall-2026,term-spring-2026", "scheduled"), (eng.TermSourcedIds, eng.ClassType));
        Assert.Equal(("sy-2026", "homeroom"), d.Sections.Single(s => s.SectionIdentifier == "cls-hr-101") is var hr ? (hr.TermSourcedIds, hr.ClassType) : default);
        // Every academic session, with its own dates.
        Assert.Equal(new AcademicSession { SourcedId = "term-fall-2026", SchoolYear = 2026, Title = "Fall 2025", SessionType = "term",
            BeginDate = new(2025, 8, 13), EndDate = new(2025, 12, 19), ParentSourcedId = "sy-2026" }, d.AcademicSessions.Single(a => a.SourcedId == "term-fall-2026"));
        Assert.Equal(["sy-2026", "term-fall-2026", "term-spring-2026"], d.AcademicSessions.Select(a => a.SourcedId).Order(StringComparer.Ordinal));
        Assert.Null(d.Sections.Single(s => s.SectionIdentifier == "cls-hr-101").SessionName);
        // StudentUniqueId is the user sourcedId, LocalId the identifier; the teacher is not a student.
        Assert.Equal(["stu-1001", "stu-1002", "stu-1003"], d.Students.Select(s => s.StudentUniqueId).Order(StringComparer.Ordinal));
        Assert.Equal(new Student { StudentUniqueId = "stu-1003", LocalId = "1003", FirstName = "Chloe", LastSurname = "Nguyen", BirthDate = new(2009, 6, 2),
            ClassOfSchoolYear = 2028, Username = "chloe.nguyen" }, d.Students.Single(s => s.StudentUniqueId == "stu-1003"));
        // Student enrolments become roster spans; one without beginDate starts with the school year; the teacher's is skipped.
        Assert.Equal(6, d.Rosters.Count);
        var homeroom = d.Rosters.Single(r => r.SectionIdentifier == "cls-hr-101");
        Assert.Equal(new DateOnly(2025, 7, 1), homeroom.BeginDate);
        // The enrolment's sourcedId is kept; a homeroom class makes its enrolments homeroom.
        Assert.Equal(("enr-3", true), (homeroom.SourcedId, homeroom.HomeroomIndicator));
        Assert.Equal(["enr-1", "enr-2", "enr-4", "enr-5", "enr-6"], d.Rosters.Where(r => !r.HomeroomIndicator).Select(r => r.SourcedId).Order(StringComparer.Ordinal));
        Assert.Equal(new DateOnly(2025, 9, 5), d.Rosters.Single(r => r.StudentUniqueId == "stu-1002" && r.SectionIdentifier == "cls-alg1-1").EndDate);
    }

    [Theory]
    [InlineData("2025-08-12", false, false)] // Teacher only day
    [InlineData("2025-08-13", true, true)]   // Instructional day
    [InlineData("2025-09-01", false, false)] // Holiday
    [InlineData("2025-09-05", true, true)]   // Instructional day;Student late arrival/early dismissal
    public void Calendar_days_take_InSession_and_TakesAttendance_from_their_Ed_Fi_events(string date, bool inSession, bool takesAttendance)
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);

        var day = DistrictStore.Read(t.Store, CancellationToken.None).CalendarDates.Single(x => x.Date == DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((inSession, takesAttendance), (day.InSession, day.TakesAttendance));
    }

    [Theory]
    [InlineData("P", "In Attendance")]
    [InlineData("A", "Unexcused Absence")]
    [InlineData("E", "Excused Absence")]
    [InlineData("T", "Tardy")]       // stated explicitly in the file
    [InlineData("X", "Excused Absence")] // Exempt
    public void Codes_without_an_event_category_get_the_derived_one(string code, string category)
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);

        Assert.Equal(category, DistrictStore.Read(t.Store, CancellationToken.None).AttendanceCodes.Single(c => c.Code == code).EventCategory);
    }

    [Fact]
    public void Importing_the_same_files_again_changes_nothing()
    {
        using var t = new TempStore();
        var first = ImportRun.Import(t.Store, PackageFolder.FixturePath);
        var before = DistrictStore.Read(t.Store, CancellationToken.None);

        var second = ImportRun.Import(t.Store, PackageFolder.FixturePath);

        Assert.Equal((0L, 0L, 0L), (second.Inserted, second.Updated, second.Deleted));
        Assert.Equal(first.Inserted, second.Unchanged);
        Assert.All(second.Tables, x => Assert.False(x.HasChanges));
        DistrictAssert.Equal(before, DistrictStore.Read(t.Store, CancellationToken.None));
        using var c = t.Store.OpenConnection();
        Assert.Equal(2, RunLog.Read(c, "Import").Count);
    }

    [Fact]
    public void An_import_writes_one_run_log_row_and_tracks_its_changes()
    {
        using var t = new TempStore();
        var result = ImportRun.Import(t.Store, PackageFolder.FixturePath);

        using var c = t.Store.OpenConnection();
        var run = Assert.Single(RunLog.Read(c, "Import"));
        Assert.Equal(result.RunId, run.RunId);
        Assert.Equal(result.Inserted, run.Inserted);
        // Details read back as objects: per table, its counts.
        var details = Assert.IsAssignableFrom<IDictionary<string, object?>>(run.Details);
        var meeting = Assert.IsAssignableFrom<IDictionary<string, object?>>(details["MeetingAttendance"]);
        Assert.Equal(3L, meeting["Inserted"]);
        // A small import keeps the row triggers: each attendance insert is in the change log.
        Assert.Equal(6, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog WHERE Kind = 'Attendance'"));
        Assert.Equal(3, c.ScalarLong("SELECT COUNT(*) FROM DailyAttendance WHERE RunId = @r", null, ("r", result.RunId)));
    }
}
