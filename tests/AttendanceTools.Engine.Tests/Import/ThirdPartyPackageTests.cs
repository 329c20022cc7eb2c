using System.IO.Compression;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;
using AttendanceTools.Tests.Shared;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>Issue #17: OneRoster packages written by others, with their quirks, into an empty store.</summary>
public sealed class ThirdPartyPackageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-thirdparty-").FullName;

    /// <summary>OneRoster 1.1 as a public generator writes it: singular termSourcedId, homerooms without terms, a schoolYear that contradicts its dates, day-first timestamps, no periods.</summary>
    private static readonly ThirdPartyPackage V11 = new()
    {
        SingularTermHeader = true, HomeroomsWithoutTerms = true, SchoolYearContradictsDates = true, DayFirstTimestamps = true,
    };

    /// <summary>OneRoster 1.2 as an SIS writes it: roles.csv, one schoolYear session per school, periods the store does not know, two students without grades.</summary>
    private static readonly ThirdPartyPackage V12 = new() { V12 = true, YearPerSchool = true, Periods = true, StudentsWithoutGrades = true };

    private string Package(ThirdPartyPackage shape, string name = "pkg")
    {
        var path = Path.Combine(_folder, name);
        shape.WriteTo(path);
        return path;
    }

    [Fact]
    public void A_OneRoster_1_1_package_with_its_quirks_imports_into_an_empty_store_with_one_warning_per_tolerance()
    {
        using var t = new TempStore();

        var result = ImportRun.Import(t.Store, Package(V11));

        Assert.Equal(
        [
            "ImportTolerated: academicSessions.csv, column schoolYear: 1 row (line 2): a schoolYear session's schoolYear contradicts its own dates; the dates' end year was taken (a school year is numbered by the year it ends in). Use -Strict to refuse instead.",
            "ImportTolerated: academicSessions.csv, column schoolYear: 2 rows (lines 3, 4): a session's schoolYear followed its school year, whose value contradicted its dates and was corrected. Use -Strict to refuse instead.",
            "ImportTolerated: classes.csv, column termSourcedId: 30 rows (lines 2, 3, 4, 5, 6, …): the header says 'termSourcedId'; it was read as 'termSourcedIds' (OneRoster spells it plural). Use -Strict to refuse instead.",
            "ImportTolerated: classes.csv, column termSourcedIds: 3 rows (lines 11, 21, 31): termSourcedIds is empty; the package's only school year ('sy') was taken as the class's term. Use -Strict to refuse instead.",
            "ImportTolerated: orgs.csv, column dateLastModified: 4 rows (lines 2, 3, 4, 5): the dateLastModified value is not a timestamp; it was ignored (the import does not use it). Use -Strict to refuse instead.",
        ], result.Warnings.Select(w => w.ToString()).Order(StringComparer.Ordinal));
        var expected = new Dictionary<string, long>
        {
            ["SchoolYear"] = 1, ["AcademicSession"] = 3, ["School"] = 3, ["Course"] = 30, ["Section"] = 30, ["Student"] = 125, ["StudentYearRecord"] = 125,
            ["StudentSectionAssociation"] = ThirdPartyPackage.StudentEnrollments,
        };
        Assert.Equal(expected.OrderBy(x => x.Key), result.Tables.ToDictionary(x => x.Table, x => x.Inserted).OrderBy(x => x.Key));
        var d = DistrictStore.Read(t.Store, CancellationToken.None);
        // The year is the one the dates end in, and it is current (the only one).
        Assert.Equal(new SchoolYearRow { SchoolYear = 2027, Description = "SY 2026", BeginDate = new(2026, 8, 16), EndDate = new(2027, 8, 15), IsCurrent = true },
            Assert.Single(d.SchoolYears));
        Assert.All(d.AcademicSessions, a => Assert.Equal(2027, a.SchoolYear));
        // Classes without periods import; homerooms got the school year as their term and mark their enrolments homeroom.
        Assert.All(d.Sections, s => Assert.Empty(s.ClassPeriodNames));
        Assert.Equal(("sy", "homeroom"), d.Sections.Single(s => s.SectionIdentifier == ThirdPartyPackage.ClassId(2, 10)) is var hr ? (hr.TermSourcedIds, hr.ClassType) : default);
        Assert.Equal(("sem-1,sem-2", "scheduled"), d.Sections.Single(s => s.SectionIdentifier == ThirdPartyPackage.ClassId(1, 2)) is var c2 ? (c2.TermSourcedIds, c2.ClassType) : default);
        Assert.Equal(ThirdPartyPackage.Students, d.Rosters.Count(r => r.HomeroomIndicator));
        // Birth dates come from demographics.csv, usernames are kept.
        var s7 = d.Students.Single(s => s.StudentUniqueId == ThirdPartyPackage.StudentId(7));
        Assert.Equal((new DateOnly(2008, 2, 19), "stu7.dent7"), (s7.BirthDate, s7.Username));
    }

    [Fact]
    public void Every_student_is_visible_with_school_and_grade_in_an_active_year_record()
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, Package(V11));

        var students = StudentQuery.Find(t.Store, new StudentFilter()).ToList();

        Assert.Equal(ThirdPartyPackage.Students, students.Count);
        for (var i = 1; i <= ThirdPartyPackage.Students; i++)
        {
            var s = students.Single(x => x.StudentId == ThirdPartyPackage.StudentId(i));
            Assert.Equal(($"10{ThirdPartyPackage.SchoolOf(i)}", ThirdPartyPackage.Grade(i), "Active", 2027),
                (s.SchoolId, s.Grade, s.Status, s.SchoolYearNumber));
        }
        Assert.Equal([42, 42, 41], SchoolQuery.Find(t.Store, new SchoolFilter()).Where(s => !s.IsDistrictOffice).OrderBy(s => s.SchoolId).Select(s => s.Students));
    }

    [Fact]
    public void Each_file_says_what_was_read_kept_and_dropped()
    {
        using var t = new TempStore();

        var result = ImportRun.Import(t.Store, Package(V11));

        var users = result.FileAccounts.Single(a => a.File == "users.csv");
        Assert.Equal((147L, 125L, 22L), (users.Read, users.Kept, users.Dropped));
        Assert.Equal("Dropped: 2 users with role administrator, 20 users with role teacher.", users.Notes[0]);
        Assert.Contains("Year records for 2026-27: 125 (school from orgSourcedIds, grade from grades; fields the store had are kept).", users.Notes);
        Assert.Equal(["userIds", "middleName", "email", "sms", "phone", "agentSourcedIds", "password"], users.ColumnsNotKept);
        var enrollments = result.FileAccounts.Single(a => a.File == "enrollments.csv");
        Assert.Equal((1280L, 1250L, 30L), (enrollments.Read, enrollments.Kept, enrollments.Dropped));
        Assert.Equal(["primary"], enrollments.ColumnsNotKept);
        var courses = result.FileAccounts.Single(a => a.File == "courses.csv");
        Assert.Equal((12L, 10L, 2L), (courses.Read, courses.Kept, courses.Dropped));
        var demographics = result.FileAccounts.Single(a => a.File == "demographics.csv");
        Assert.Equal((145L, 125L, 20L), (demographics.Read, demographics.Kept, demographics.Dropped));
        Assert.Equal(["sex", "americanIndianOrAlaskaNative", "hispanicOrLatinoEthnicity"], demographics.ColumnsNotKept);
        var classes = result.FileAccounts.Single(a => a.File == "classes.csv");
        Assert.Equal(["grades", "classCode", "location", "subjects", "subjectCodes"], classes.ColumnsNotKept);
        Assert.Equal("classes.csv: read 30 rows, kept 30, dropped 0. Columns not kept: grades, classCode, location, subjects, subjectCodes.", classes.ToString());
    }

    [Fact]
    public void Importing_the_same_package_again_changes_nothing_and_the_export_gives_back_what_the_model_keeps()
    {
        using var t = new TempStore();
        var package = Package(V11);
        ImportRun.Import(t.Store, package);

        var again = ImportRun.Import(t.Store, package);
        Assert.Equal((0L, 0L, 0L), (again.Inserted, again.Updated, again.Deleted));

        var export = Path.Combine(_folder, "export");
        ImportRun.Export(t.Store, export);
        var classes = File.ReadAllLines(Path.Combine(export, "classes.csv"));
        Assert.Contains("cls-1-02,,,Course 2 - School 1,,crs-2,,scheduled,,5f1c0a3e-0000-4000-8000-000000000001,\"sem-1,sem-2\",,,,cls-1-02,true,true", classes);
        Assert.Contains("cls-1-10,,,Homeroom 1,,crs-10,,homeroom,,5f1c0a3e-0000-4000-8000-000000000001,sy,,,,cls-1-10,true,true", classes);
        // A course of the district goes back once, owned by the district, as it came.
        Assert.Contains("crs-2,,,,Course 2,C02,,district,,", File.ReadAllLines(Path.Combine(export, "courses.csv")));
        Assert.Equal(11, File.ReadAllLines(Path.Combine(export, "courses.csv")).Length);
        Assert.Equal(
            ["sy,,,SY 2026,schoolYear,2026-08-16,2027-08-15,,2027", "sem-1,,,Semester 1,semester,2026-08-16,2027-01-15,sy,2027", "sem-2,,,Semester 2,semester,2027-01-16,2027-08-15,sy,2027"],
            File.ReadAllLines(Path.Combine(export, "academicSessions.csv")).Skip(1));
        Assert.Contains(File.ReadAllLines(Path.Combine(export, "enrollments.csv")),
            l => l.StartsWith("enr-7-10,,,cls-1-10,5f1c0a3e-0000-4000-8000-000000000001,b7d30007-aaaa-4bbb-8ccc-dddddddddddd,student,,2026-08-16,,true", StringComparison.Ordinal));
        Assert.Contains(File.ReadAllLines(Path.Combine(export, "users.csv")), l => l.StartsWith("b7d30007-aaaa-4bbb-8ccc-dddddddddddd,,,true,stu7.dent7,", StringComparison.Ordinal));

        // The export reads back into an empty store as the same district, and exports the same bytes.
        using var b = new TempStore();
        var reimport = ImportRun.Import(b.Store, export);
        Assert.Empty(reimport.Warnings);
        DistrictAssert.Equal(DistrictStore.Read(t.Store, CancellationToken.None), DistrictStore.Read(b.Store, CancellationToken.None));
        var second = Path.Combine(_folder, "second");
        ImportRun.Export(b.Store, second);
        foreach (var file in Directory.EnumerateFiles(export))
            Assert.True(File.ReadAllBytes(file).SequenceEqual(File.ReadAllBytes(Path.Combine(second, Path.GetFileName(file)))), $"{Path.GetFileName(file)} differs.");
    }

    [Fact]
    public void Strict_refuses_every_tolerance_and_lists_them_grouped_by_file_column_and_kind()
    {
        using var t = new TempStore();

        var ex = Assert.Throws<ImportRefusedException>(() => DistrictImport.Plan(
            new ImportRequest { Store = t.Store, Path = Package(V11), Strict = true }, NullObserver.Instance, CancellationToken.None));

        Assert.Equal(
        [
            "academicSessions.csv|schoolYear|ImportBadValue|3|2,3,4",
            "classes.csv|termSourcedIds|ImportMissingColumn|1|1",
            "orgs.csv|dateLastModified|ImportBadValue|4|2,3,4,5",
        ], ex.Groups.Select(g => $"{g.File}|{g.Column}|{g.ErrorId}|{g.Rows}|{string.Join(",", g.FirstLines)}"));
        Assert.Contains("orgs.csv, column dateLastModified: ImportBadValue, 4 rows, lines 2, 3, 4, 5. First: orgs.csv, line 2, column dateLastModified: '16/08/2026 10:00' is not an ISO 8601 timestamp.",
            ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, StoreInfo.Read(t.Store).RowCounts.Values.Sum());
    }

    [Fact]
    public void A_OneRoster_1_2_package_creates_unknown_periods_merges_per_school_years_and_tolerates_missing_grades()
    {
        using var t = new TempStore();

        var result = ImportRun.Import(t.Store, Package(V12));

        Assert.Equal(
        [
            "ImportCreated: classes.csv: school '101' had no class periods '1', '2', '3', '4', '5', '6', '7', '8', '9', 'HR'; they were created (first named on line 2). Send classPeriods.csv and the bell schedules to give them times.",
            "ImportCreated: classes.csv: school '102' had no class periods '1', '2', '3', '4', '5', '6', '7', '8', '9', 'HR'; they were created (first named on line 12). Send classPeriods.csv and the bell schedules to give them times.",
            "ImportCreated: classes.csv: school '103' had no class periods '1', '2', '3', '4', '5', '6', '7', '8', '9', 'HR'; they were created (first named on line 22). Send classPeriods.csv and the bell schedules to give them times.",
            "ImportTolerated: academicSessions.csv, column type: 2 rows (lines 3, 4): several schoolYear sessions name the same school year; they were merged into one school year spanning all of them. Use -Strict to refuse instead.",
            "ImportTolerated: users.csv, column grades: 2 rows (lines 125, 126): a student has no grades; the year record's grade was set to UG (ungraded). Use -Strict to refuse instead.",
        ], result.Warnings.Select(w => w.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(30, result.Table("ClassPeriod").Inserted);
        var d = DistrictStore.Read(t.Store, CancellationToken.None);
        Assert.Equal(["P"], d.ClassPeriods.Select(p => p.OfficialAttendancePeriod ? "O" : "P").Distinct());
        Assert.Equal(["2"], d.Sections.Single(s => s.SectionIdentifier == ThirdPartyPackage.ClassId(1, 2)).ClassPeriodNames);
        Assert.Equal(new SchoolYearRow { SchoolYear = 2026, Description = "School 1 2026", BeginDate = new(2025, 8, 16), EndDate = new(2026, 8, 15), IsCurrent = true },
            Assert.Single(d.SchoolYears));
        Assert.Equal(["UG", "UG"], d.YearRecords.Where(y => y.StudentUniqueId == ThirdPartyPackage.StudentId(124) || y.StudentUniqueId == ThirdPartyPackage.StudentId(125))
            .Select(y => y.GradeLevel));
        Assert.Equal(("101", "10"), d.YearRecords.Single(y => y.StudentUniqueId == ThirdPartyPackage.StudentId(1)) is var y1 ? (y1.SchoolId, y1.GradeLevel) : default);
        Assert.Equal(ThirdPartyPackage.Students, d.Rosters.Count(r => r.HomeroomIndicator));
        var roles = result.FileAccounts.Single(a => a.File == "roles.csv");
        Assert.Equal((147L, 125L, 22L), (roles.Read, roles.Kept, roles.Dropped));

        // A second import finds the periods it created and changes nothing.
        var again = ImportRun.Import(t.Store, Package(V12, "again"));
        Assert.Equal((0L, 0L, 0L), (again.Inserted, again.Updated, again.Deleted));
        Assert.DoesNotContain(again.Warnings, w => w.Id == "ImportCreated");
    }

    [Fact]
    public void A_zip_of_the_package_imports_like_the_folder()
    {
        using var t = new TempStore();
        var zip = Path.Combine(_folder, "roster.zip");
        ZipFile.CreateFromDirectory(Package(V11), zip, CompressionLevel.Fastest, includeBaseDirectory: true);

        var result = ImportRun.Import(t.Store, zip);

        Assert.Equal(zip, result.Path);
        Assert.Equal(125, result.Table("Student").Inserted);
        Assert.Equal(5, result.Warnings.Count);
    }

    [Fact]
    public void A_year_record_the_store_already_has_keeps_its_other_fields_and_other_years_stay()
    {
        using var t = new TempStore();
        var package = Package(new ThirdPartyPackage { SchoolYearContradictsDates = true });
        ImportRun.Import(t.Store, package);
        var id = ThirdPartyPackage.StudentId(4);
        using (var c = t.Store.OpenConnection())
        {
            c.Execute("UPDATE StudentYearRecord SET Promote = 0, Counselor = 'Ms. Ruiz' WHERE StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = @id)", null, ("id", id));
            c.Execute("INSERT INTO SchoolYear (SchoolYear, Description, BeginDate, EndDate, IsCurrent) VALUES (2026, '2025-2026', 20250816, 20260815, 0)");
            c.Execute("INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, Status, Promote) " +
                      "SELECT StudentRef, 2026, 1, '09', 'Active', 1 FROM Student WHERE StudentUniqueId = @id", null, ("id", id));
        }
        // schoolYears.csv keeps 2026 in the store (academicSessions would replace the years); the student moved up a grade.
        File.WriteAllText(Path.Combine(package, "schoolYears.csv"), "SchoolYear,Description,BeginDate,EndDate,IsCurrent\n2026,2025-2026,2025-08-16,2026-08-15,false\n2027,SY 2026,2026-08-16,2027-08-15,true\n");
        var users = File.ReadAllText(Path.Combine(package, "users.csv")).Replace($"\"{id}\",\"active\",\"\",\"true\",\"{ThirdPartyPackage.Org(1)}\",\"student\",\"stu4.dent4\",\"\",\"Stu4\",\"Dent4\",\"Q\",\"b7d30004\",\"Stu4@lakeside.example\",\"\",\"\",\"\",\"09\"",
            $"\"{id}\",\"active\",\"\",\"true\",\"{ThirdPartyPackage.Org(1)}\",\"student\",\"stu4.dent4\",\"\",\"Stu4\",\"Dent4\",\"Q\",\"b7d30004\",\"Stu4@lakeside.example\",\"\",\"\",\"\",\"10\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(package, "users.csv"), users);

        var result = ImportRun.Import(t.Store, package);

        Assert.Equal((0L, 1L, 0L), (result.Table("StudentYearRecord").Inserted, result.Table("StudentYearRecord").Updated, result.Table("StudentYearRecord").Deleted));
        var records = DistrictStore.Read(t.Store, CancellationToken.None).YearRecords.Where(y => y.StudentUniqueId == id).OrderBy(y => y.SchoolYear).ToList();
        Assert.Equal(("09", 2026), (records[0].GradeLevel, records[0].SchoolYear));
        Assert.Equal(("10", false, "Ms. Ruiz"), (records[1].GradeLevel, records[1].Promote, records[1].Counselor));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
