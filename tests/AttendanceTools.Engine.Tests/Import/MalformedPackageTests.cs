using System.Security.Cryptography;
using System.Text;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>
/// Issue #9 items 4 and 6: malformed packages, table-driven. Each case changes the tiny-district package one
/// way and must be refused with its error id, file, physical line and column, leaving the store (holding the
/// fixture) byte-identical. The cases the importer refused before are in the table too.
/// </summary>
public sealed class MalformedPackageTests
{
    public sealed record Case(string Name, Action<PackageFolder> Break, string ErrorId, string File, int Line, string? Column)
    {
        public override string ToString() => Name;
    }

    private static void Bytes(PackageFolder p, string file, string find, byte[] replace)
    {
        var bytes = File.ReadAllBytes(p.File(file));
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(find));
        File.WriteAllBytes(p.File(file), [.. bytes[..at], .. replace, .. bytes[(at + find.Length)..]]);
    }

    public static TheoryData<Case> Cases => new()
    {
        // Issue #9 item 4: CSV read strictly.
        new("short row", p => p.Replace("dailyAttendance.csv", 3, "stu-1002,200,2025-09-04,T"), "ImportMalformedCsv", "dailyAttendance.csv", 3, "TimeIn"),
        new("long row", p => p.Replace("dailyAttendance.csv", 2, "stu-1001,200,2025-09-02,A,,,Entered,extra"), "ImportMalformedCsv", "dailyAttendance.csv", 2, null),
        new("duplicate header", p => p.Replace("calendars.csv", 1, "SchoolId,SchoolYear,CalendarCode,CalendarType,GradeLevels,WholeDayAbsenceMinutes,SchoolId"),
            "ImportMalformedCsv", "calendars.csv", 1, "SchoolId"),
        new("invalid UTF-8", p => Bytes(p, "users.csv", "Ben,Okafor", [.. "Ben,Oka"u8, 0xEB, .. "for"u8]), "ImportBadEncoding", "users.csv", 3, "familyName"),
        new("NUL in a text field", p => p.Replace("studentYearRecords.csv", 2, "stu-1001,2026,200,09,REG,Active,true,101,Ms.\0Lopez,200,10,REG,,"),
            "ImportBadValue", "studentYearRecords.csv", 2, "Counselor"),
        new("escape character in a name", p => p.Replace("users.csv", 2, "stu-1001,,,true,ava.martinez,,Ava\u001b,Martinez,,1001,,,,,09,,,,,,,org-200,,2010-04-12,2029"),
            "ImportBadValue", "users.csv", 2, "givenName"),
        new("calendar date outside its school year", p => p.Replace("calendarDates.csv", 2, "200,2026,REG,2026-07-15,Teacher only day,,,"),
            "ImportBadRange", "calendarDates.csv", 2, "Date"),
        new("physical line after a value with a line break", p => p.Write("studentYearRecords.csv",
                "StudentUniqueId,SchoolYear,SchoolId,GradeLevel,Counselor", "stu-1001,2026,200,09,\"Ms.\nLopez\"", "stu-1002,2026,200,14,Mr. Chen"),
            "ImportBadValue", "studentYearRecords.csv", 4, "GradeLevel"),
        new("a quote in the middle of a field", p => p.Replace("meetingAttendance.csv", 2, "stu-1001,\"200\"x,2026,cls-alg1-1,P1,2025-09-03,A,,Entered"),
            "ImportMalformedCsv", "meetingAttendance.csv", 2, null),
        new("a 50 MB line", p => File.AppendAllText(p.File("successPlans.csv"), "StudentUniqueId,PlanType,StartDate,EndDate,Notes\nstu-1001,Attendance,2025-09-10,," + new string('x', 50 * 1024 * 1024) + "\n"),
            "ImportMalformedCsv", "successPlans.csv", 2, null),
        // Issue #8 items 12-13: blank sourcedId, enumeration values as the standard writes them.
        new("blank users.csv sourcedId", p => p.Replace("users.csv", 5, ",,,true,dana.teacher,,Dana,Teacher,,,dana.teacher@tiny.example,,,,,,,,,,,org-200,,,"),
            "ImportMissingValue", "users.csv", 5, "sourcedId"),
        new("role Student", p => p.Replace("roles.csv", 2, "role-1,,,stu-1001,primary,Student,,,org-200,"), "ImportBadValue", "roles.csv", 2, "role"),
        new("roleType Primary", p => p.Replace("roles.csv", 3, "role-2,,,stu-1002,Primary,student,,,org-200,"), "ImportBadValue", "roles.csv", 3, "roleType"),
        new("org type School", p => p.Replace("orgs.csv", 3, "org-100,active,2025-08-01T00:00:00.000Z,Tiny District Office,School,100,tiny-district,true,,,"),
            "ImportBadValue", "orgs.csv", 3, "type"),
        new("classType Homeroom", p => p.Replace("classes.csv", 4, "cls-hr-101,,,Homeroom 101,,crs-hr,HR-101,Homeroom,Room 101,org-200,sy-2026,,,HR"),
            "ImportBadValue", "classes.csv", 4, "classType"),
        new("session type school year", p => p.Replace("academicSessions.csv", 3, "term-fall-2026,,,Fall 2025,Term,2025-08-13,2025-12-19,sy-2026,2026"),
            "ImportBadValue", "academicSessions.csv", 3, "type"),
        new("status deleted", p => p.Replace("enrollments.csv", 2, "enr-1,deleted,,cls-alg1-1,org-200,stu-1001,student,,2025-08-13,"),
            "ImportBadValue", "enrollments.csv", 2, "status"),
        // What the importer refused before (domain §3.5 "Bad input").
        new("missing required column", p => p.Write("calendars.csv", "SchoolId,SchoolYear,CalendarType", "200,2026,Student Specific"), "ImportMissingColumn", "calendars.csv", 1, "CalendarCode"),
        new("empty required value", p => p.Replace("dailyAttendance.csv", 3, "stu-1002,200,2025-09-04,,08:40,,Entered"), "ImportMissingValue", "dailyAttendance.csv", 3, "Code"),
        new("bad date", p => p.Replace("dailyAttendance.csv", 2, "stu-1001,200,2025-13-45,A,,,Entered"), "ImportBadValue", "dailyAttendance.csv", 2, "Date"),
        new("bad time", p => p.Replace("bellSchedulePeriods.csv", 3, "200,Regular,P1,25:00,09:10,0,true"), "ImportBadValue", "bellSchedulePeriods.csv", 3, "StartTime"),
        new("bad enumeration", p => p.Replace("attendanceCodes.csv", 2, "200,2026,P,Present,Here,None,,true"), "ImportBadValue", "attendanceCodes.csv", 2, "PresenceStatus"),
        new("bad grade", p => p.Replace("studentSchoolAssociations.csv", 2, "stu-1001,200,2025-08-13,2026,REG,14,E1,,,"), "ImportBadValue", "studentSchoolAssociations.csv", 2, "EntryGradeLevel"),
        new("repeated key", p => p.Append("dailyAttendance.csv", "stu-1001,200,2025-09-02,P,,,Entered"), "ImportDuplicateKey", "dailyAttendance.csv", 5, "StudentUniqueId,SchoolId,Date"),
        new("repeated sourcedId", p => p.Append("enrollments.csv", "enr-1,,,cls-eng9-2,org-200,stu-1003,student,,2025-08-20,"), "ImportDuplicateKey", "enrollments.csv", 9, "sourcedId"),
        new("unknown section", p => p.Replace("meetingAttendance.csv", 2, "stu-1001,200,2026,cls-nope,P1,2025-09-03,A,,Entered"), "ImportBrokenReference", "meetingAttendance.csv", 2, "SectionIdentifier"),
        new("unknown class", p => p.Replace("enrollments.csv", 2, "enr-1,,,cls-missing,org-200,stu-1001,student,,2025-08-13,"), "ImportBrokenReference", "enrollments.csv", 2, "classSourcedId"),
        new("unknown period with classPeriods.csv", p => p.Replace("classes.csv", 2, "cls-alg1-1,,,Algebra I,09,crs-alg1,ALG1-1,scheduled,Room 12,org-200,term-fall-2026,,,P7"),
            "ImportBrokenReference", "classes.csv", 2, "periods"),
        new("inverted range", p => p.Replace("bellSchedulePeriods.csv", 3, "200,Regular,P1,08:15,08:15,0,true"), "ImportBadRange", "bellSchedulePeriods.csv", 3, "EndTime"),
        new("negative present minutes", p => p.Replace("meetingAttendance.csv", 3, "stu-1003,200,2026,cls-eng9-2,P2,2025-09-04,A,-5,Entered"), "ImportBadRange", "meetingAttendance.csv", 3, "PresentMinutes"),
        new("header only", p => p.Write("dailyAttendance.csv", "StudentUniqueId,SchoolId,Date,Code,TimeIn,TimeOut,Origin"), "ImportEmptyFile", "dailyAttendance.csv", 1, null),
        new("attendance on a day out of session", p => p.Replace("calendarDates.csv", 3, "200,2026,REG,2025-08-13,Instructional day,false,true,Regular"),
            "CalendarDateInconsistent", "calendarDates.csv", 3, "TakesAttendance"),
        new("day in session without a bell schedule", p => p.Replace("calendarDates.csv", 3, "200,2026,REG,2025-08-13,Instructional day,,,"),
            "CalendarDateWithoutBellSchedule", "calendarDates.csv", 3, "BellScheduleName"),
        new("delta manifest", p => p.Replace("manifest.csv", 8, "file.orgs,delta"), "ImportBadValue", "manifest.csv", 8, "value"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_malformed_package_is_refused_naming_file_line_and_column_and_the_store_stays_byte_identical(Case c)
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        var content = Conformance.StoreContent.Of(t.Store);
        AttendanceStore.ReleaseConnections();
        var before = Fingerprint(t);
        using var p = new PackageFolder();
        c.Break(p);

        var ex = ImportRun.Refused(t.Store, p.Path);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal((c.ErrorId, c.File, c.Line, c.Column), (problem.ErrorId, problem.File, problem.Line, problem.Column));
        Assert.DoesNotContain("MaxBufferSize", problem.Reason, StringComparison.Ordinal);
        // The content as every provider compares it (MalformedPackageConformanceTests), and on SQLite the file's very bytes.
        Assert.Equal(content, Conformance.StoreContent.Of(t.Store));
        AttendanceStore.ReleaseConnections();
        Assert.Equal(before, Fingerprint(t));
    }

    [Fact]
    public void Invalid_UTF_8_offers_Encoding_and_Windows_1252_reads_the_same_bytes()
    {
        using var p = new PackageFolder();
        Bytes(p, "users.csv", "Ben,Okafor", [.. "Ben,Oka"u8, 0xEB, .. "for"u8]);
        using var t = new TempStore();

        var problem = Assert.Single(ImportRun.Refused(t.Store, p.Path).Problems);
        Assert.Equal("0xEB66", problem.Value);
        Assert.Contains("-Encoding Windows1252", problem.Reason, StringComparison.Ordinal);

        // Windows-1252 everywhere: the package is plain ASCII but for this byte.
        DistrictImport.Apply(DistrictImport.Plan(new ImportRequest { Store = t.Store, Path = p.Path, Encoding = ImportEncoding.Windows1252 },
            NullObserver.Instance, CancellationToken.None), NullObserver.Instance, CancellationToken.None);
        Assert.Equal("Okaëfor", DistrictStore.Read(t.Store, CancellationToken.None).Students.Single(s => s.StudentUniqueId == "stu-1002").LastSurname);
    }

    [Fact]
    public void A_misspelt_column_of_our_own_files_warns_ImportColumnIgnored_naming_the_nearest_column()
    {
        using var p = new PackageFolder().Replace("calendars.csv", 1, "SchoolId,SchoolYear,CalendarCode,CalendarType,GradeLevels,WholeDayAbsenseMinutes,HalfDayAbsenceMinutes");
        using var t = new TempStore();

        var result = ImportRun.Import(t.Store, p.Path);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("ImportColumnIgnored", "calendars.csv: column 'WholeDayAbsenseMinutes' is not a column of this file, so its values were ignored; did you mean 'WholeDayAbsenceMinutes'?"),
            (warning.Id, warning.Message));
    }

    [Fact]
    public void A_near_miss_enumeration_value_is_refused_with_the_value_it_probably_meant()
    {
        using var p = new PackageFolder().Replace("roles.csv", 2, "role-1,,,stu-1001,primary,Student,,,org-200,");
        using var t = new TempStore();

        var problem = Assert.Single(ImportRun.Refused(t.Store, p.Path).Problems);

        Assert.Equal("'Student' is not a OneRoster role (OneRoster values are case-sensitive); did you mean 'student'?", problem.Reason);
    }

    [Fact]
    public void All_problems_of_a_package_are_reported_in_one_pass_grouped_by_file_column_and_kind()
    {
        using var p = new PackageFolder()
            .Replace("dailyAttendance.csv", 2, "stu-1001,200,2025-13-45,A,,,Entered").Replace("dailyAttendance.csv", 4, "stu-1003,200,2025-09-33,E,,,Entered")
            .Replace("dailyAttendance.csv", 3, "stu-1002,200,2025-09-04,,08:40,,Entered")
            .Replace("roles.csv", 2, "role-1,,,stu-1001,primary,Student,,,org-200,");
        using var t = new TempStore();

        var ex = ImportRun.Refused(t.Store, p.Path);

        Assert.Equal(["dailyAttendance.csv|Code|ImportMissingValue|1|3", "dailyAttendance.csv|Date|ImportBadValue|2|2,4", "roles.csv|role|ImportBadValue|1|2"],
            ex.Groups.Select(g => $"{g.File}|{g.Column}|{g.ErrorId}|{g.Rows}|{string.Join(",", g.FirstLines)}"));
        Assert.StartsWith("The import from '", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4 problems, nothing was written.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dailyAttendance.csv, column Date: ImportBadValue, 2 rows, lines 2, 4. First: dailyAttendance.csv, line 2, column Date: '2025-13-45' is not a date; use yyyy-MM-dd.",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enumeration_text_an_ETL_job_stored_in_another_case_is_read_as_the_value_it_names()
    {
        using var t = FixtureWith("UPDATE AttendanceCode SET PresenceStatus = 'absent', Excuse = 'UNEXCUSED ' WHERE Code = 'A'");

        var code = DistrictStore.Read(t.Store, CancellationToken.None).AttendanceCodes.Single(x => x.Code == "A");
        var record = AttendanceRecordQuery.Find(t.Store, new AttendanceRecordFilter { Codes = ["A"], Kind = AttendanceRecordKind.Daily }).Single();

        Assert.Equal((PresenceStatus.Absent, Excuse.Unexcused), (code.PresenceStatus, code.Excuse));
        Assert.Equal(("Absent", "Unexcused"), (record.PresenceStatus, record.Excuse));
    }

    [Fact]
    public void An_absence_code_stored_in_lower_case_still_counts_as_absent_in_the_aggregates()
    {
        using var exact = FixtureWith(null);
        using var lower = FixtureWith("UPDATE AttendanceCode SET PresenceStatus = lower(PresenceStatus), Excuse = lower(Excuse)");

        // stu-1001 is absent (code A, unexcused) all day on 2025-09-02: P1 55 + P2 55 + P3 75 minutes.
        Assert.Equal([(185L, 185L)], Aggregates(exact.Store));
        Assert.Equal(Aggregates(exact.Store), Aggregates(lower.Store));
    }

    [Fact]
    public void Enumeration_text_that_names_no_value_is_refused_clearly_not_thrown_mid_run()
    {
        using var t = FixtureWith("UPDATE AttendanceCode SET PresenceStatus = 'gone' WHERE Code = 'A'");

        var ex = Assert.Throws<AttendanceException>(() => DistrictStore.Read(t.Store, CancellationToken.None));
        // The refresh reports the calendar as failed (its other calendars would go on), writing nothing for it.
        var plan = Engine.Aggregation.AggregationOperation.Plan(t.Store,
            new Engine.Aggregation.AggregationRequest { Selectors = [new Engine.Aggregation.CalendarSelector(["REG"], [], [])] }, NullObserver.Instance, default);
        var refresh = Assert.Single(plan.Failures);
        Assert.Empty(plan.Calendars);

        Assert.Equal("StoreBadValue", ex.ErrorId);
        Assert.Equal("The store holds 'gone' in column PresenceStatus, which is not one of Present, Absent. Something outside AttendanceTools wrote it.", ex.Message);
        Assert.Equal(("StoreBadValue", "The store holds 'gone' in column AttendanceCode.PresenceStatus, which is not one of Present, Absent. Something outside AttendanceTools wrote it."),
            (refresh.ErrorId, refresh.Message));
    }

    /// <summary>The fixture in a new store, then <paramref name="sql"/> as an ETL job would run it.</summary>
    private static TempStore FixtureWith(string? sql)
    {
        var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        if (sql is null) return t;
        using var c = t.Store.OpenConnection();
        c.Execute(sql);
        return t;
    }

    /// <summary>Refreshes the fixture's calendar and returns stu-1001's absent and unexcused minutes on 2025-09-02.</summary>
    private static List<(long Absent, long Unexcused)> Aggregates(AttendanceStore store)
    {
        var request = new Engine.Aggregation.AggregationRequest { Selectors = [new Engine.Aggregation.CalendarSelector(["REG"], [], [])] };
        Engine.Aggregation.AggregationOperation.Apply(store, Engine.Aggregation.AggregationOperation.Plan(store, request, NullObserver.Instance, default), null,
            NullObserver.Instance, default);
        using var c = store.OpenConnection();
        return c.Query("SELECT a.AbsentMinutes, a.UnexcusedAbsentMinutes FROM DayAggregate a JOIN Student s ON s.StudentRef = a.StudentRef " +
                       "WHERE s.StudentUniqueId = 'stu-1001' AND a.Date = 20250902", r => (r.GetInt64(0), r.GetInt64(1))).ToList();
    }

    private static string Fingerprint(TempStore t)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(t.Folder, "store.db").Order(StringComparer.Ordinal))
            sb.Append(Path.GetFileName(f)).Append(':').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Append(';');
        return sb.ToString();
    }
}
