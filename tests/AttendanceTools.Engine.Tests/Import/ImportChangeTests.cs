using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>Replace semantics (a file is the complete set; absent files leave tables alone), updates, the change guard, plan vs apply.</summary>
public sealed class ImportChangeTests
{
    [Fact]
    public void A_row_missing_from_a_present_file_is_deleted()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal((0L, 0L, 1L), (result.Inserted, result.Updated, result.Deleted));
        var daily = result.Table("DailyAttendance");
        Assert.Equal((3L, 0L, 0L, 1L, 2L), (daily.Existing, daily.Inserted, daily.Updated, daily.Deleted, daily.Unchanged));
        Assert.DoesNotContain(DistrictStore.Read(t.Store, CancellationToken.None).DailyAttendance, d => d.StudentUniqueId == "stu-1002");
    }

    [Fact]
    public void Tables_whose_file_is_absent_are_left_untouched()
    {
        using var t = ImportedFixture();
        var before = DistrictStore.Read(t.Store, CancellationToken.None);
        using var p = new PackageFolder().Only("dailyAttendance.csv").RemoveLine("dailyAttendance.csv", 2);

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal(["DailyAttendance"], result.Tables.Select(x => x.Table));
        Assert.Equal(1, result.Deleted);
        var after = DistrictStore.Read(t.Store, CancellationToken.None);
        Assert.Equal(before.MeetingAttendance.Count, after.MeetingAttendance.Count);
        Assert.Equal(before.Students.Count, after.Students.Count);
        Assert.Equal(2, after.DailyAttendance.Count);
    }

    [Fact]
    public void A_changed_value_is_an_update_and_a_new_row_an_insert()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder()
            .Replace("dailyAttendance.csv", 2, "stu-1001,200,2025-09-02,E,,,Entered")
            .Append("dailyAttendance.csv", "stu-1003,200,2025-09-04,A,,,Entered")
            .Replace("users.csv", 2, "stu-1001,,,true,ava.martinez,,Ava,Martinez-Lopez,,1001,,,,,09,,,,,,,org-200,,2010-04-12,2029");

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal((1L, 1L, 0L), (result.Table("DailyAttendance").Inserted, result.Table("DailyAttendance").Updated, result.Table("DailyAttendance").Deleted));
        Assert.Equal(1, result.Table("Student").Updated);
        Assert.Equal((1L, 2L, 0L), (result.Inserted, result.Updated, result.Deleted));
        var d = DistrictStore.Read(t.Store, CancellationToken.None);
        Assert.Equal("E", d.DailyAttendance.Single(x => x.StudentUniqueId == "stu-1001").Code);
        Assert.Equal("Martinez-Lopez", d.Students.Single(x => x.StudentUniqueId == "stu-1001").LastSurname);
        // The student kept its surrogate: its rosters still point at it.
        Assert.Equal(3, d.Rosters.Count(r => r.StudentUniqueId == "stu-1001"));
    }

    [Fact]
    public void A_section_can_be_deleted_together_with_its_rosters_and_attendance()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder()
            .RemoveLine("classes.csv", 2)                        // cls-alg1-1
            .RemoveLine("enrollments.csv", 5).RemoveLine("enrollments.csv", 2)
            .RemoveLine("meetingAttendance.csv", 2);

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal(1, result.Table("Section").Deleted);
        Assert.Equal(2, result.Table("StudentSectionAssociation").Deleted);
        Assert.Equal(1, result.Table("MeetingAttendance").Deleted);
        Assert.DoesNotContain(DistrictStore.Read(t.Store, CancellationToken.None).Sections, s => s.SectionIdentifier == "cls-alg1-1");
    }

    [Fact]
    public void Deleting_a_student_takes_their_day_aggregates_with_them()
    {
        using var t = ImportedFixture();
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, LastModified) " +
                      "SELECT 1, 20250902, StudentRef, 200, 0, 0, 0 FROM Student");
        using var p = new PackageFolder().Only("users.csv", "roles.csv", "enrollments.csv", "studentSchoolAssociations.csv", "studentYearRecords.csv", "dailyAttendance.csv")
            .RemoveLine("users.csv", 3).RemoveLine("enrollments.csv", 6).RemoveLine("enrollments.csv", 5)
            .RemoveLine("studentSchoolAssociations.csv", 3).RemoveLine("studentYearRecords.csv", 3).RemoveLine("dailyAttendance.csv", 3);

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal(1, result.Table("Student").Deleted);
        using var c2 = t.Store.OpenConnection();
        Assert.Equal(2, c2.ScalarLong("SELECT COUNT(*) FROM DayAggregate"));
    }

    [Fact]
    public void A_package_without_academic_sessions_resolves_terms_against_the_store()
    {
        using var t = ImportedFixture();
        var export = Path.Combine(t.Folder, "export");
        ImportRun.Export(t.Store, export);
        foreach (var f in Directory.EnumerateFiles(export).Where(f => Path.GetFileName(f) is not ("classes.csv" or "enrollments.csv"))) File.Delete(f);

        var result = ImportRun.Import(t.Store, export);

        Assert.Equal(["Section", "StudentSectionAssociation"], result.Tables.Select(x => x.Table));
        Assert.Equal((0L, 0L, 0L), (result.Inserted, result.Updated, result.Deleted));
    }

    [Fact]
    public void OneRoster_1_1_users_with_a_role_column_are_read_without_roles_csv()
    {
        using var t = new TempStore();
        using var p = new PackageFolder().Delete("roles.csv").Write("users.csv",
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
            "stu-1001,,,true,org-200,student,ava,,Ava,Martinez,,1001,,,,,09,",
            "stu-1002,,,true,org-200,student,ben,,Ben,Okafor,,1002,,,,,09,",
            "stu-1003,,,true,org-200,student,chloe,,Chloe,Nguyen,,1003,,,,,10,",
            "tch-1,,,true,org-200,teacher,dana,,Dana,Teacher,,,,,,,,");

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal(3, result.Table("Student").Inserted);
    }

    [Fact]
    public void A_byte_order_mark_is_tolerated()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder();
        File.WriteAllBytes(p.File("users.csv"), [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(p.File("users.csv"))]);

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal((0L, 0L, 0L), (result.Inserted, result.Updated, result.Deleted));
    }

    [Fact]
    public void Files_the_importer_does_not_know_are_ignored_with_a_warning()
    {
        using var t = new TempStore();
        using var p = new PackageFolder().Write("gradebook.csv", "sourcedId,score", "stu-1001,97");

        var result = ImportRun.Import(t.Store, p.Path);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("ImportFileIgnored", warning.Id);
        Assert.Equal("'gradebook.csv' is not a file this importer reads; it was ignored.", warning.Message);
    }

    [Fact]
    public void The_change_guard_refuses_a_table_changing_by_more_than_the_limit()
    {
        using var t = ImportedFixture();
        // One of the four class periods changes: 25 %.
        using var p = new PackageFolder().Replace("classPeriods.csv", 4, "200,P2,true");

        var ex = Assert.Throws<AttendanceException>(() => ImportRun.Plan(t.Store, p.Path, maxChangePercent: 24.9));

        Assert.Equal("ChangeThresholdExceeded", ex.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, ex.Kind);
        Assert.StartsWith("Table ClassPeriod (classPeriods.csv): this run would change 25.0% of the 4 existing rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains("24.9% allowed by -MaxChangePercent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_change_guard_lets_exactly_the_limit_pass()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder().Replace("classPeriods.csv", 4, "200,P2,true");

        var result = ImportRun.Import(t.Store, p.Path, maxChangePercent: 25);

        Assert.Equal(1, result.Table("ClassPeriod").Updated);
        Assert.Equal(25.0, result.Table("ClassPeriod").ChangePercent);
    }

    [Fact]
    public void The_change_guard_does_not_apply_to_a_first_load()
    {
        using var t = new TempStore();
        var result = ImportRun.Import(t.Store, PackageFolder.FixturePath, maxChangePercent: 0);
        Assert.All(result.Tables, x => Assert.Null(x.ChangePercent));
    }

    [Fact]
    public void Plan_writes_nothing_and_Apply_writes_exactly_what_it_reported()
    {
        using var t = ImportedFixture();
        var before = DistrictStore.Read(t.Store, CancellationToken.None);
        using var p = new PackageFolder().RemoveLine("dailyAttendance.csv", 3).Replace("attendanceCodes.csv", 3, "200,2026,A,Absent,Absent,Unknown,,true");

        var plan = ImportRun.Plan(t.Store, p.Path);

        DistrictAssert.Equal(before, DistrictStore.Read(t.Store, CancellationToken.None));
        using (var c = t.Store.OpenConnection()) Assert.Single(RunLog.Read(c, "Import"));
        Assert.Equal((0L, 1L, 1L), (plan.Inserted, plan.Updated, plan.Deleted));
        Assert.Contains("DailyAttendance (dailyAttendance.csv): 0 inserts, 0 updates, 1 delete.", plan.WhatIfText(), StringComparison.Ordinal);
        Assert.Contains("AttendanceCode (attendanceCodes.csv): 0 inserts, 1 update, 0 deletes.", plan.WhatIfText(), StringComparison.Ordinal);

        var result = DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None);

        Assert.Equal((plan.Inserted, plan.Updated, plan.Deleted, plan.Unchanged), (result.Inserted, result.Updated, result.Deleted, result.Unchanged));
        Assert.Equal(Excuse.Unknown, DistrictStore.Read(t.Store, CancellationToken.None).AttendanceCodes.Single(x => x.Code == "A").Excuse);
    }

    [Fact]
    public void A_cancelled_apply_writes_nothing()
    {
        using var t = ImportedFixture();
        var before = DistrictStore.Read(t.Store, CancellationToken.None);
        using var p = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var plan = ImportRun.Plan(t.Store, p.Path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DistrictImport.Apply(plan, NullObserver.Instance, cts.Token));

        DistrictAssert.Equal(before, DistrictStore.Read(t.Store, CancellationToken.None));
        using var c = t.Store.OpenConnection();
        Assert.Single(RunLog.Read(c, "Import"));
    }

    [Fact]
    public void Apply_refuses_when_the_store_changed_after_the_plan()
    {
        using var t = ImportedFixture();
        using var p = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var plan = ImportRun.Plan(t.Store, p.Path);
        using (var c = t.Store.OpenConnection()) c.Execute("DELETE FROM DailyAttendance WHERE Date = 20250904");

        var ex = Assert.Throws<AttendanceException>(() => DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
    }

    [Fact]
    public void A_large_import_records_one_coarse_change_instead_of_one_per_row()
    {
        using var t = new TempStore();
        var days = Enumerable.Range(0, 200).Select(i => new DateOnly(2025, 8, 13).AddDays(i)).Where(d => d <= new DateOnly(2026, 6, 30)).ToList();
        using var p = new PackageFolder();
        // 500 students × 200 days of one section: 100,000 meeting records, the coarse-change threshold.
        var header = "StudentUniqueId,SchoolId,SchoolYear,SectionIdentifier,ClassPeriodName,Date,Code,PresentMinutes,Origin";
        var users = new List<string> { File.ReadAllLines(p.File("users.csv"))[0] };
        var roles = new List<string> { File.ReadAllLines(p.File("roles.csv"))[0] };
        var meetings = new List<string> { header };
        for (var s = 0; s < 500; s++)
        {
            users.Add($"x{s},,,true,x{s},,X,Student{s},,,,,,,,,,,,,,org-200,,,");
            roles.Add($"r{s},,,x{s},primary,student,,,org-200,");
            meetings.AddRange(days.Select(d => $"x{s},200,2026,cls-alg1-1,P1,{d:yyyy-MM-dd},A,,Entered"));
        }
        p.Write("users.csv", [.. users]).Write("roles.csv", [.. roles]).Write("meetingAttendance.csv", [.. meetings])
         .Only("users.csv", "roles.csv", "meetingAttendance.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "classPeriods.csv", "attendanceCodes.csv");

        var result = ImportRun.Import(t.Store, p.Path);

        Assert.Equal(100_000, result.Table("MeetingAttendance").Inserted);
        using var c = t.Store.OpenConnection();
        Assert.Equal(1, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog"));
        Assert.Equal(1, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog WHERE Kind = 'Import' AND SchoolRef IS NULL"));
        Assert.Equal(SqliteChangeTriggers.Names().Count(), c.ScalarLong("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"));
    }

    private static TempStore ImportedFixture()
    {
        var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        return t;
    }
}
