using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace AttendanceTools.Engine.Tests.Rollover;

/// <summary>A demo store as New-AttendanceDemoStore builds it (criteria included), on a clock at the year end.</summary>
internal sealed class DemoYearEnd : IDisposable
{
    public DemoYearEnd(int students, int seed)
    {
        Folder = Directory.CreateTempSubdirectory("attendancetools-demo-rollover-").FullName;
        var path = Path.Combine(Folder, "demo.db");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 12, 16, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var request = new DemoStoreRequest { Path = path, Options = new DemoOptions { Students = students, Seed = seed }, Clock = clock };
        DemoStore.Apply(DemoStore.Plan(request, NullObserver.Instance, CancellationToken.None), NullObserver.Instance, CancellationToken.None);
        Store = AttendanceStore.OpenSqlite(path, new StoreOpenOptions { Clock = clock });
    }

    public string Folder { get; }
    public AttendanceStore Store { get; }

    public string Lock() => MaintenanceLockOperation.Lock(Store, "Year-end rollover", disableScheduledTasks: true).Token;

    public RolloverPlan Preview(string token)
        => RolloverOperation.Plan(Store, new RolloverRequest { Type = RolloverType.Registration, LockToken = token }, NullObserver.Instance, CancellationToken.None);

    public RolloverResult Run(string token)
        => RolloverOperation.Apply(Store, new RolloverRequest { Type = RolloverType.Registration, LockToken = token }, NullObserver.Instance, CancellationToken.None);

    public List<string> Strings(string sql) => R1District.Strings(Store, sql);

    public void Dispose()
    {
        AttendanceStore.ReleaseConnections();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Issue 13's "the demo district's year-end data exercises every path": the demo store's own criteria send its
/// students down every registration action (domain §8.5), each counted exactly and one student per action checked
/// field by field. Seed 5, 400 students: 390 active (27 promoted seniors, 6 not promoted, 4 withdrawn on the last
/// day as not returning), 3 pre-registered (1 cancelled), 7 inactive (moved out during the year).
/// </summary>
public sealed class DemoRolloverTests
{
    private static DemoYearEnd Demo() => new(400, 5);

    [Fact]
    public void The_demo_criteria_produce_every_action_and_the_preview_reports_the_same_numbers()
    {
        using var d = Demo();
        var token = d.Lock();
        var preview = d.Preview(token).Result;
        var result = d.Run(token);
        foreach (var r in new[] { preview, result })
        {
            Assert.Equal((393, 353, 6, 27, 2, 4, 1, 7, 386, 361, 0),
                (r.Processed, r.Promoted, r.Retained, r.Graduated, r.PreRegisteredActivated, r.Inactivated, r.Deleted, r.Unmatched,
                 r.EnrollmentsClosed, r.EnrollmentsOpened, r.Warnings));
        }
        Assert.Equal(preview.Tables, result.Tables);
        Assert.Equal(["RolloverYearEndStudent: 393", "SchoolYear: 2", "Student: 7", "StudentSchoolAssociation: 747", "StudentYearRecord: 393"], result.Tables);
        // Action | criterion | students.
        Assert.Equal(["Activated|2|2", "Deleted|1|1", "Graduated|4|27", "Inactivated|3|4", "Promoted|6|353", "Retained|5|6"],
            d.Strings("SELECT Action, CriterionSequence, COUNT(*) FROM RolloverYearEndStudent GROUP BY Action, CriterionSequence ORDER BY 1"));
        // Unmatched: the students who moved out during the year; no criterion selects an inactive student, and no warning (none was active).
        Assert.Equal(["Inactive|MV|7"], d.Strings(
            "SELECT r.Status, (SELECT e.ExitWithdrawCode FROM StudentSchoolAssociation e WHERE e.StudentRef = r.StudentRef ORDER BY e.EntryDate DESC LIMIT 1), COUNT(*) " +
            "FROM StudentYearRecord r WHERE r.SchoolYear = 2026 AND r.StudentRef NOT IN (SELECT StudentRef FROM RolloverYearEndStudent) GROUP BY 1, 2"));
        Assert.Equal(0, d.Run(token).Processed);
    }

    [Fact]
    public void One_student_per_action_field_by_field()
    {
        using var d = Demo();
        d.Run(d.Lock());
        List<string> Of(string id) =>
        [
            .. d.Strings($"SELECT 'Student', ClassOfSchoolYear, IsDeleted FROM Student WHERE StudentUniqueId = '{id}'"),
            .. d.Strings("SELECT 'Year', r.SchoolYear, sc.SchoolId, r.GradeLevel, r.CalendarCode, r.Status, r.Promote, r.Homeroom, r.Counselor, r.NextYearSchoolId, r.NextYearGradeLevel " +
                         $"FROM StudentYearRecord r JOIN Student s USING (StudentRef) JOIN School sc USING (SchoolRef) WHERE s.StudentUniqueId = '{id}' ORDER BY 2"),
            .. d.Strings("SELECT 'Enrolment', sc.SchoolId, e.SchoolYear, e.EntryDate, e.EntryCode, e.EntryGradeLevel, e.ExitWithdrawDate, e.ExitWithdrawCode, e.ExitWithdrawType " +
                         $"FROM StudentSchoolAssociation e JOIN Student s USING (StudentRef) JOIN School sc USING (SchoolRef) WHERE s.StudentUniqueId = '{id}' ORDER BY 3, 4"),
            .. d.Strings($"SELECT 'YearEnd', e.CriterionSequence, e.Action, e.RunNumber, e.WasPreRegistered FROM RolloverYearEndStudent e JOIN Student s USING (StudentRef) WHERE s.StudentUniqueId = '{id}'"),
        ];

        // Promoted (criterion 6): kindergarten to grade 01 at Oak; exit on the last in-session day with EOY, entry on next year's first with R.
        Assert.Equal(
        [
            "Student|2038|0",
            "Year|2026|101|KG|REG|Active|1|KG-A|Mr. Anderson|101|01",
            "Year|2027|101|01|REG|Active|1|01-A|Mr. Anderson||",
            "Enrolment|101|2026|20250820|N|KG|20260605|EOY|End of school year",
            "Enrolment|101|2027|20260819|R|01|||",
            "YearEnd|6|Promoted|1|0",
        ], Of("100001"));
        // Retained (criterion 5): grade 03 again, class year recomputed 2035 → 2036.
        Assert.Equal(
        [
            "Student|2036|0",
            "Year|2026|101|03|REG|Active|0|03-B|Mr. Nakamura|101|03",
            "Year|2027|101|03|REG|Active|1|03-B|Mr. Nakamura||",
            "Enrolment|101|2026|20250820|R|03|20260605|EOY|End of school year",
            "Enrolment|101|2027|20260819|R|03|||",
            "YearEnd|5|Retained|1|0",
        ], Of("100094"));
        // Activated (criterion 2): a pre-registered kindergartner takes the next-year placement (homeroom KG-A); nothing to close.
        Assert.Equal(
        [
            "Student|2039|0",
            "Year|2026|101|KG|REG|PreRegistered|1||Mr. Nakamura|101|KG",
            "Year|2027|101|KG|REG|Active|1|KG-A|Mr. Nakamura||",
            "Enrolment|101|2027|20260819|R|KG|||",
            "YearEnd|2|Activated|1|1",
        ], Of("100398"));
        // Graduated (criterion 4): a promoted senior at Cedar High; exit GRAD, no next-year record.
        Assert.Equal(
        [
            "Student|2026|0",
            "Year|2026|301|12|REG|Graduated|1|ADV-12-01|Ms. Nakamura||",
            "Enrolment|301|2026|20250821|R|12|20260605|GRAD|Graduated",
            "YearEnd|4|Graduated|1|0",
        ], Of("100357"));
        // Inactivated (criterion 3): withdrawn on the last day as not returning (NR, kept: the enrolment was already closed);
        // the next-year values set in spring stay, and no next-year record or enrolment is made.
        Assert.Equal(
        [
            "Student|2038|0",
            "Year|2026|101|KG|REG|Inactive|1|KG-A|Mr. Nakamura|101|01",
            "Enrolment|101|2026|20250820|N|KG|20260605|NR|Not returning next year",
            "YearEnd|3|Inactivated|1|0",
        ], Of("100017"));
        // Deleted (criterion 1): a cancelled pre-registration; the year record goes, the student is marked deleted.
        Assert.Equal(["Student|2039|1", "YearEnd|1|Deleted|1|1"], Of("100399"));
        // Unmatched: moved out in the year (MV, Inactive); untouched.
        Assert.Equal(["Student|2036|0", "Year|2026|101|02|REG|Inactive|1|02-A|Mr. Nakamura||"], Of("100079").Take(2));
        Assert.Single(Of("100079"), l => l.StartsWith("Enrolment|", StringComparison.Ordinal) && l.EndsWith("|MV|Moved out of the district", StringComparison.Ordinal));
        Assert.DoesNotContain(Of("100079"), l => l.StartsWith("YearEnd|", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_criteria_promote_the_leavers_and_activate_the_cancelled_registration()
    {
        using var d = Demo();
        RolloverCriteria.Save(d.Store, RolloverCriteria.Default, null);
        var r = d.Run(d.Lock());
        // The default set knows nothing of NR or cancelled registrations: 4 more promoted (nothing to close), 1 more activated.
        Assert.Equal((393, 357, 6, 27, 3, 0, 0, 7, 386, 366),
            (r.Processed, r.Promoted, r.Retained, r.Graduated, r.PreRegisteredActivated, r.Inactivated, r.Deleted, r.Unmatched, r.EnrollmentsClosed, r.EnrollmentsOpened));
        Assert.Equal(["101|01|R"], d.Strings("SELECT sc.SchoolId, e.EntryGradeLevel, e.EntryCode FROM StudentSchoolAssociation e JOIN Student s USING (StudentRef) " +
                                             "JOIN School sc USING (SchoolRef) WHERE s.StudentUniqueId = '100017' AND e.SchoolYear = 2027"));
    }

    [Fact]
    public void The_demo_store_ships_its_criteria_and_examples_has_them_as_a_file()
    {
        using var d = Demo();
        using (var c = d.Store.OpenConnection())
            Assert.Equal(RolloverCriteria.ToJson(DemoDistrictGenerator.RolloverCriteria), RolloverCriteria.ToJson(RolloverCriteria.Read(c)));
        Assert.Equal(["Delete", "Active", "Inactive", "Graduated", "Active", "Active"], DemoDistrictGenerator.RolloverCriteria.Select(c => c.AssignStatus));
        // The default set stays the default (domain §8.3, issue 13): criteria 4 to 6 are it, renumbered.
        Assert.Equal(RolloverCriteria.Default.Skip(1).Select(c => c with { Sequence = 0 }), DemoDistrictGenerator.RolloverCriteria.Skip(3).Select(c => c with { Sequence = 0 }));
        var file = Path.Combine(Import.PackageFolder.FixturePath, "..", "..", "..", "examples", "rollover-criteria.json");
        Assert.Equal(RolloverCriteria.ToJson(DemoDistrictGenerator.RolloverCriteria), File.ReadAllText(file).ReplaceLineEndings("\n"));
        Assert.Equal(RolloverCriteria.ToJson(DemoDistrictGenerator.RolloverCriteria), RolloverCriteria.ToJson(RolloverCriteria.FromJson(File.ReadAllText(file), file)));
    }
}
