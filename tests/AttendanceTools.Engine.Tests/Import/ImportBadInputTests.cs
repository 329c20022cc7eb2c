using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>Domain §3.5 "Bad input": every id, with file, line and column; a refused import writes nothing.</summary>
public sealed class ImportBadInputTests
{
    private const string DailyHeader = "StudentUniqueId,SchoolId,Date,Code,TimeIn,TimeOut,Origin";
    private const string TimeHeader = "StudentUniqueId,SchoolId,Date,Kind,Sequence,Minutes";

    [Fact]
    public void A_missing_required_column_is_ImportMissingColumn_on_the_header_line()
    {
        using var p = new PackageFolder().Write("calendars.csv", "SchoolId,SchoolYear,CalendarType", "200,2026,Student Specific");
        AssertSingle(p, "ImportMissingColumn", "calendars.csv", 1, "CalendarCode", null);
    }

    [Fact]
    public void An_empty_required_value_is_ImportMissingValue_on_its_line()
    {
        using var p = new PackageFolder().Replace("dailyAttendance.csv", 3, "stu-1002,200,2025-09-04,,08:40,,Entered");
        AssertSingle(p, "ImportMissingValue", "dailyAttendance.csv", 3, "Code", null);
    }

    [Theory]
    [InlineData("dailyAttendance.csv", 2, "stu-1001,200,2025-13-45,A,,,Entered", "Date", "2025-13-45")]
    [InlineData("bellSchedulePeriods.csv", 3, "200,Regular,P1,25:00,09:10,0,true", "StartTime", "25:00")]
    [InlineData("attendanceCodes.csv", 2, "200,2026,P,Present,Here,None,,true", "PresenceStatus", "Here")]
    [InlineData("calendarDates.csv", 3, "200,2026,REG,2025-08-13,Instructional day,yes,,Regular", "InSession", "yes")]
    [InlineData("studentSchoolAssociations.csv", 2, "stu-1001,200,2025-08-13,2026,REG,14,E1,,,", "EntryGradeLevel", "14")]
    [InlineData("calendarDates.csv", 3, "200,2026,REG,2025-08-13,Pep rally,,,Regular", "CalendarEvents", "Pep rally")]
    public void A_value_that_does_not_parse_is_ImportBadValue(string file, int line, string text, string column, string value)
    {
        using var p = new PackageFolder().Replace(file, line, text);
        AssertSingle(p, "ImportBadValue", file, line, column, value);
    }

    [Fact]
    public void An_unknown_district_time_zone_is_ImportBadValue_not_a_silent_utc()
    {
        using var p = new PackageFolder().Replace("orgs.csv", 2, "tiny-district,active,2025-08-01T00:00:00.000Z,Tiny Unified School District,district,,,,,,Pacific/Atlantis");
        AssertSingle(p, "ImportBadValue", "orgs.csv", 2, "metadata.timeZone", "Pacific/Atlantis");
    }

    [Fact]
    public void Letters_in_a_minutes_column_are_ImportBadValue()
    {
        using var p = new PackageFolder().Write("attendanceTime.csv", TimeHeader, "stu-1001,200,2025-09-02,IndependentStudy,1,abc");
        AssertSingle(p, "ImportBadValue", "attendanceTime.csv", 2, "Minutes", "abc");
    }

    [Fact]
    public void A_repeated_key_is_ImportDuplicateKey_on_the_second_line()
    {
        using var p = new PackageFolder().Append("dailyAttendance.csv", "stu-1001,200,2025-09-02,P,,,Entered");
        var problem = AssertSingle(p, "ImportDuplicateKey", "dailyAttendance.csv", 5, "StudentUniqueId,SchoolId,Date", "'stu-1001', '200', 2025-09-02");
        Assert.Contains("line 2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_sourcedId_in_a_OneRoster_file_is_ImportDuplicateKey()
    {
        using var p = new PackageFolder().Append("users.csv", "stu-1001,,,true,ava2,,Ava,Again,,1009,,,,,09,,,,,,,org-200,,,");
        AssertSingle(p, "ImportDuplicateKey", "users.csv", 6, "sourcedId", "stu-1001");
    }

    [Theory]
    [InlineData("meetingAttendance.csv", 2, "stu-1001,200,2026,cls-nope,P1,2025-09-03,A,,Entered", "SectionIdentifier", "cls-nope")]
    [InlineData("dailyAttendance.csv", 2, "stu-1001,200,2025-09-02,Z,,,Entered", "Code", "Z")]
    [InlineData("dailyAttendance.csv", 2, "stu-9999,200,2025-09-02,A,,,Entered", "StudentUniqueId", "stu-9999")]
    [InlineData("enrollments.csv", 2, "enr-1,,,cls-missing,org-200,stu-1001,student,,2025-08-13,", "classSourcedId", "cls-missing")]
    [InlineData("classes.csv", 2, "cls-alg1-1,,,Algebra I,09,crs-alg1,ALG1-1,scheduled,Room 12,org-200,term-fall-2026,,,P7", "periods", "P7")]
    [InlineData("calendarDates.csv", 2, "200,2026,REG,2025-08-12,Teacher only day,,,Late Start", "BellScheduleName", "Late Start")]
    public void A_reference_that_does_not_resolve_is_ImportBrokenReference(string file, int line, string text, string column, string value)
    {
        using var p = new PackageFolder().Replace(file, line, text);
        AssertSingle(p, "ImportBrokenReference", file, line, column, value);
    }

    [Theory]
    [InlineData("bellSchedulePeriods.csv", 3, "200,Regular,P1,08:15,08:15,0,true", "EndTime", "08:15")]
    [InlineData("bellSchedulePeriods.csv", 3, "200,Regular,P1,08:15,09:10,60,true", "LunchMinutes", "60")]
    [InlineData("bellSchedulePeriods.csv", 3, "200,Regular,P1,08:15,09:10,-5,true", "LunchMinutes", "-5")]
    [InlineData("meetingAttendance.csv", 3, "stu-1003,200,2026,cls-eng9-2,P2,2025-09-04,A,-5,Entered", "PresentMinutes", "-5")]
    [InlineData("studentSchoolAssociations.csv", 3, "stu-1002,200,2025-08-13,2026,REG,09,E1,2025-08-12,T1,Transferred", "ExitWithdrawDate", "2025-08-12")]
    [InlineData("enrollments.csv", 2, "enr-1,,,cls-alg1-1,org-200,stu-1001,student,,2025-08-13,2025-08-01", "endDate", "2025-08-01")]
    public void An_inverted_or_out_of_bounds_range_is_ImportBadRange(string file, int line, string text, string column, string value)
    {
        using var p = new PackageFolder().Replace(file, line, text);
        AssertSingle(p, "ImportBadRange", file, line, column, value);
    }

    [Fact]
    public void Minutes_of_zero_in_attendanceTime_are_ImportBadRange()
    {
        using var p = new PackageFolder().Write("attendanceTime.csv", TimeHeader, "stu-1001,200,2025-09-02,IndependentStudy,1,30", "stu-1001,200,2025-09-02,WorkExperience,1,0");
        AssertSingle(p, "ImportBadRange", "attendanceTime.csv", 3, "Minutes", "0");
    }

    [Fact]
    public void A_header_without_rows_is_ImportEmptyFile()
    {
        using var p = new PackageFolder().Write("dailyAttendance.csv", DailyHeader);
        AssertSingle(p, "ImportEmptyFile", "dailyAttendance.csv", 1, null, null);
    }

    [Fact]
    public void A_file_without_even_a_header_is_ImportEmptyFile()
    {
        using var p = new PackageFolder().Write("attendanceSettings.csv");
        File.WriteAllText(p.File("attendanceSettings.csv"), "");
        AssertSingle(p, "ImportEmptyFile", "attendanceSettings.csv", 1, null, null);
    }

    [Fact]
    public void A_day_that_takes_attendance_but_is_not_in_session_is_CalendarDateInconsistent()
    {
        using var p = new PackageFolder().Replace("calendarDates.csv", 3, "200,2026,REG,2025-08-13,Instructional day,false,true,Regular");
        AssertSingle(p, "CalendarDateInconsistent", "calendarDates.csv", 3, "TakesAttendance", "true");
    }

    [Theory]
    [InlineData("200,2026,REG,2025-08-13,Instructional day,,,", null)]
    [InlineData("200,2026,REG,2025-08-13,Instructional day,,,Late Start", "Late Start")]
    public void A_day_in_session_without_an_existing_bell_schedule_is_CalendarDateWithoutBellSchedule(string text, string? value)
    {
        using var p = new PackageFolder().Replace("calendarDates.csv", 3, text);
        AssertSingle(p, "CalendarDateWithoutBellSchedule", "calendarDates.csv", 3, "BellScheduleName", value);
    }

    [Fact]
    public void Two_current_school_years_are_ImportBadValue_on_the_second()
    {
        using var p = new PackageFolder().Write("schoolYears.csv", "SchoolYear,Description,BeginDate,EndDate,IsCurrent",
            "2026,2025-2026,2025-07-01,2026-06-30,true", "2027,2026-2027,2026-07-01,2027-06-30,true");
        AssertSingle(p, "ImportBadValue", "schoolYears.csv", 3, "IsCurrent", "true");
    }

    [Fact]
    public void A_delta_manifest_is_refused()
    {
        using var p = new PackageFolder().Replace("manifest.csv", 8, "file.orgs,delta");
        AssertSingle(p, "ImportBadValue", "manifest.csv", 8, "value", "delta");
    }

    [Fact]
    public void OneRoster_1_2_users_without_roles_cannot_tell_students_apart()
    {
        using var p = new PackageFolder().Delete("roles.csv");
        AssertSingle(p, "ImportMissingColumn", "users.csv", 1, "role", null);
    }

    [Fact]
    public void A_deletion_that_would_strand_stored_rows_names_them()
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        // The package is only classPeriods.csv, without HR: two stored bell-schedule periods and a section use HR.
        using var p = new PackageFolder().Only("classPeriods.csv").RemoveLine("classPeriods.csv", 2);

        var ex = ImportRun.Refused(t.Store, p.Path);

        Assert.Equal(3, ex.Total);
        Assert.All(ex.Problems, x => Assert.Equal(("ImportBrokenReference", null), (x.ErrorId, x.File)));
        Assert.Equal(["BellSchedulePeriod '200', 'Minimum Day', 'HR'", "BellSchedulePeriod '200', 'Regular', 'HR'", "Section '200', 2026, 'cls-hr-101'"],
            ex.Problems.Select(x => $"{x.Table} {x.Key}").Order(StringComparer.Ordinal));
        Assert.Contains("class period 'HR' of school '200'", ex.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_student_who_still_has_backfill_moves_is_refused()
    {
        using var t = new TempStore();
        using (var extra = new PackageFolder()
                   .Append("users.csv", "stu-1004,,,true,dee,,Dee,Extra,,1004,,,,,09,,,,,,,org-200,,,")
                   .Append("roles.csv", "role-5,,,stu-1004,primary,student,,,org-200,"))
            ImportRun.Import(t.Store, extra.Path);
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO BackfillMove (SchoolRef, StudentRef, DonorWeek, RecipientWeek, Category, Minutes) " +
                      "SELECT 2, StudentRef, 20250908, 20250901, 'Class', 30 FROM Student WHERE StudentUniqueId = 'stu-1004'");

        var ex = ImportRun.Refused(t.Store, PackageFolder.FixturePath);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(("ImportBrokenReference", "users.csv", "BackfillMove"), (problem.ErrorId, problem.File, problem.Table));
        Assert.Contains("Student 'stu-1004'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_import_leaves_the_store_exactly_as_it_was()
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        var before = DistrictStore.Read(t.Store, CancellationToken.None);
        var (runs, changes) = Bookkeeping(t.Store);
        // Good changes in one file, a bad row in another.
        using var p = new PackageFolder().RemoveLine("dailyAttendance.csv", 2).Replace("meetingAttendance.csv", 2, "stu-1001,200,2026,cls-nope,P1,2025-09-03,A,,Entered");

        ImportRun.Refused(t.Store, p.Path);

        DistrictAssert.Equal(before, DistrictStore.Read(t.Store, CancellationToken.None));
        Assert.Equal((runs, changes), Bookkeeping(t.Store));
    }

    [Fact]
    public void Problems_are_capped_at_100_but_all_are_counted()
    {
        using var p = new PackageFolder().Write("dailyAttendance.csv",
            [DailyHeader, .. Enumerable.Range(1, 150).Select(i => $"stu-1001,200,2025-09-{i % 28 + 1:00}x,A,,,Entered")]);
        using var t = new TempStore();

        var ex = ImportRun.Refused(t.Store, p.Path);

        Assert.Equal(100, ex.Problems.Count);
        Assert.Equal(150, ex.Total);
        Assert.Contains("150 problems, nothing was written", ex.Message, StringComparison.Ordinal);
        Assert.Equal(101, ex.Problems[^1].Line); // the first 100 are kept
    }

    [Fact]
    public void A_missing_folder_is_ImportFolderNotFound()
    {
        using var t = new TempStore();
        var ex = Assert.Throws<AttendanceException>(() => ImportRun.Plan(t.Store, Path.Combine(t.Folder, "nope")));
        Assert.Equal("ImportFolderNotFound", ex.ErrorId);
    }

    private static ImportProblem AssertSingle(PackageFolder p, string errorId, string file, int line, string? column, string? value)
    {
        using var t = new TempStore();
        var ex = ImportRun.Refused(t.Store, p.Path);
        var problem = Assert.Single(ex.Problems);
        Assert.Equal((errorId, file, line, column, value), (problem.ErrorId, problem.File, problem.Line, problem.Column, problem.Value));
        Assert.Equal(1, ex.Total);
        Assert.Equal("ImportRefused", ex.ErrorId);
        AssertEmpty(t.Store);
        return problem;
    }

    private static void AssertEmpty(AttendanceStore store)
    {
        Assert.All(StoreInfo.Read(store).RowCounts, kv => Assert.Equal(0, kv.Value));
        Assert.Equal((0L, 0L), Bookkeeping(store));
    }

    private static (long Runs, long Changes) Bookkeeping(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return (c.ScalarLong("SELECT COUNT(*) FROM RunLog"), c.ScalarLong("SELECT COUNT(*) FROM ChangeLog"));
    }
}
