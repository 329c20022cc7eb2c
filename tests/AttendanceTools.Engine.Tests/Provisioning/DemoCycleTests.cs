using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>
/// The whole cycle on the demo district (issue 14's "done when"): export, the real registration
/// rollover (Start-Rollover's engine, under the maintenance lock), preview, the guarded export refused,
/// a raised threshold, export; the package checked against the OneRoster 1.2 rules and imported back.
/// </summary>
public sealed class DemoCycleTests
{
    private static readonly Lazy<DistrictData> Demo = new(() => DemoDistrictGenerator.Generate(new DemoOptions { Students = 400, Seed = 5 }));

    internal static FeedStore DemoStore(string provider = StoreProviders.Sqlite)
    {
        var f = new FeedStore(seed: false, provider);
        DistrictStore.BulkLoad(f.Store, Demo.Value, NullObserver.Instance, CancellationToken.None);
        return f;
    }

    /// <summary>
    /// The real registration rollover with the default criteria, as the year-end runbook runs it: under the
    /// maintenance lock (scheduled tasks disabled), then unlocked so the feed's export may write.
    /// </summary>
    internal static RolloverResult RollUp(FeedStore f)
    {
        RolloverCriteria.Save(f.Store, RolloverCriteria.Default, null);
        var token = MaintenanceLockOperation.Lock(f.Store, "Year-end rollover", disableScheduledTasks: true).Token;
        var result = RolloverOperation.Apply(f.Store, new RolloverRequest { Type = RolloverType.Registration, LockToken = token }, NullObserver.Instance, CancellationToken.None);
        MaintenanceLockOperation.Unlock(f.Store, token, force: false);
        return result;
    }

    [Fact]
    public void Export_roll_up_preview_refused_raised_export()
    {
        using var f = DemoStore();
        long Count(string where) => f.Scalar($"SELECT COUNT(*) FROM StudentYearRecord y JOIN Student p ON p.StudentRef = y.StudentRef WHERE p.IsDeleted = 0 AND y.SchoolYear = 2026 AND {where}");
        var active = Count("y.Status = 'Active'");
        var preRegistered = Count("y.Status = 'PreRegistered'");
        var graduating = Count("y.Status = 'Active' AND y.GradeLevel = '12' AND y.Promote = 1");
        var retained = Count("y.Status = 'Active' AND y.Promote = 0");
        Assert.True(preRegistered > 0 && graduating > 0 && retained > 0, "the demo has pre-registered, graduating and retained students");

        var first = f.Export(2026);
        Assert.Equal(("Exported", (int)active, (int)active), (first.Status, first.Total, first.New));
        Assert.Empty(OneRoster12.Problems(f.FeedPath));

        var rolled = RollUp(f);
        // Seed 5, 400 students: 390 active (27 promoted seniors, 6 not promoted, 4 withdrawn on the last day as not returning,
        // whom the default criteria promote with nothing to close), 3 pre-registered, 7 neither (unmatched).
        Assert.Equal((390L, 3L, 27L, 6L), (active, preRegistered, graduating, retained));
        Assert.Equal(("Applied", 393, 357, 6, 27, 3, 0, 0, 7, 386, 366),
            (rolled.Mode, rolled.Processed, rolled.Promoted, rolled.Retained, rolled.Graduated, rolled.PreRegisteredActivated, rolled.Inactivated, rolled.Deleted,
             rolled.Unmatched, rolled.EnrollmentsClosed, rolled.EnrollmentsOpened));
        var preview = f.Preview(2027);
        // 366 in the 2026-27 feed: the 363 continuing students (grade or school changed; the 6 retained with a new graduation year) and 3 new; 27 graduates leave.
        Assert.Equal((366, 3, 27, 363, 6), (preview.Total, preview.New, preview.Removed, preview.Updated, preview.GraduationYearChanged));
        Assert.Equal((6 * 100.0 / 363, 363 * 100.0 / 390, 27 * 100.0 / 390), (preview.GraduationYearChangePercent, preview.UpdatePercent, preview.DeletePercent));
        Assert.Equal("ChangeThresholdExceeded", preview.FailedGuard);
        Assert.Equal((active - graduating + preRegistered, preRegistered, graduating, active - graduating, retained),
            (preview.Total, preview.New, preview.Removed, preview.Updated, preview.GraduationYearChanged));
        Assert.False(preview.Passed);

        var before = f.State();
        Assert.Equal("SchoolYearMismatch", f.Refused(2026).ErrorId);
        var refused = f.Refused(2027);
        Assert.Equal(preview.FailedGuard, refused.ErrorId);
        Assert.Equal(before, f.State());

        // "It is OK this time": raise exactly the thresholds that tripped, for this run.
        var limits = new ProvisioningLimits
        {
            MaxGraduationYearChangePercent = Math.Ceiling(preview.GraduationYearChangePercent),
            MaxUpdatePercent = Math.Ceiling(preview.UpdatePercent), MaxDeletePercent = Math.Ceiling(preview.DeletePercent),
        };
        var exported = f.Export(2027, limits);
        Assert.Equal((preview.Total, preview.New, preview.Removed, preview.Updated, preview.GraduationYearChanged),
            (exported.Total, exported.New, exported.Removed, exported.Updated, exported.GraduationYearChanged));
        Assert.Empty(OneRoster12.Problems(f.FeedPath));
        var after = f.Preview(2027);
        Assert.Equal((0, 0, 0, true), (after.New + after.Removed, after.Updated, after.GraduationYearChanged, after.Passed));
        Assert.Empty(f.Leftovers());
    }

    [Fact]
    public void The_package_meets_the_OneRoster_rules_and_carries_grade_and_graduation_year()
    {
        using var f = DemoStore();
        f.Export(2026);

        Assert.Empty(OneRoster12.Problems(f.FeedPath));
        var users = OneRoster12.Read(Path.Combine(f.FeedPath, "users.csv"));
        var snapshot = f.Snapshot().ToDictionary(s => s.StudentUniqueId);
        Assert.Equal(snapshot.Count, users.Rows.Count);
        foreach (var row in users.Rows)
        {
            var student = snapshot[users.Value(row, "sourcedId")];
            Assert.Equal(student.GradeLevel, users.Value(row, "grades"));
            Assert.Equal(student.GraduationYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", users.Value(row, "metadata.graduationYear"));
        }
        var orgs = OneRoster12.Read(Path.Combine(f.FeedPath, "orgs.csv"));
        var schoolIdOf = orgs.Rows.ToDictionary(r => orgs.Value(r, "sourcedId"), r => orgs.Value(r, "identifier"));
        var roles = OneRoster12.Read(Path.Combine(f.FeedPath, "roles.csv"));
        var schoolOf = roles.Rows.ToDictionary(r => roles.Value(r, "userSourcedId"), r => schoolIdOf[roles.Value(r, "orgSourcedId")]);
        Assert.All(snapshot.Values, s => Assert.Equal(s.SchoolId, schoolOf[s.StudentUniqueId]));
        var manifest = OneRoster12.Read(Path.Combine(f.FeedPath, "manifest.csv")).Rows.ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(("bulk", "bulk", "bulk", "bulk", "bulk", "bulk", "bulk", "bulk"),
            (manifest["file.orgs"], manifest["file.academicSessions"], manifest["file.courses"], manifest["file.classes"], manifest["file.users"],
             manifest["file.roles"], manifest["file.enrollments"], manifest["file.demographics"]));
        var sessions = OneRoster12.Read(Path.Combine(f.FeedPath, "academicSessions.csv"));
        Assert.All(sessions.Rows, r => Assert.Equal("2026", sessions.Value(r, "schoolYear")));
    }

    [Fact]
    public void The_package_imports_back_students_schools_and_class_enrollments_round_trip()
    {
        using var f = DemoStore();
        f.Export(2026);
        var source = DistrictStore.Read(f.Store, CancellationToken.None);
        var feed = f.Snapshot().Select(s => s.StudentUniqueId).ToHashSet(StringComparer.Ordinal);

        // OneRoster carries no class periods (a class names its periods), so the store the feed goes into has the district's.
        using var copy = new FeedStore(seed: false);
        var periods = new DistrictData();
        periods.Schools.AddRange(source.Schools);
        periods.ClassPeriods.AddRange(source.ClassPeriods);
        DistrictStore.BulkLoad(copy.Store, periods, NullObserver.Instance, CancellationToken.None);
        var plan = DistrictImport.Plan(new ImportRequest { Store = copy.Store, Path = f.FeedPath }, NullObserver.Instance, CancellationToken.None);
        DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None);
        var imported = DistrictStore.Read(copy.Store, CancellationToken.None);

        Assert.Equal(source.Schools.OrderBy(s => s.SchoolId, StringComparer.Ordinal),
            imported.Schools.OrderBy(s => s.SchoolId, StringComparer.Ordinal));
        // OneRoster requires a username: a student without one is exported with the student id, which comes back as the username.
        Assert.Equal(source.Students.Where(s => feed.Contains(s.StudentUniqueId)).Select(s => s with { Username = s.Username ?? s.StudentUniqueId })
                .OrderBy(s => s.StudentUniqueId, StringComparer.Ordinal),
            imported.Students.OrderBy(s => s.StudentUniqueId, StringComparer.Ordinal));
        var rosters = source.Rosters.Where(r => r.SchoolYear == 2026 && feed.Contains(r.StudentUniqueId)).ToList();
        Assert.NotEmpty(rosters);
        // Enrolments need a sourcedId in OneRoster: one the store did not have is made from the class, student and begin date.
        Assert.Equal(Sorted(rosters), Sorted(imported.Rosters.Select(r => r with { SourcedId = null }).ToList()));
        Assert.Equal([2026], imported.SchoolYears.Select(y => y.SchoolYear));
        Assert.Equal(source.DistrictName, imported.DistrictName);
    }

    /// <summary>
    /// The package's bytes, pinned per file for the demo district (400 students, seed 5): a change of how the files are
    /// built or written (such as streaming rows instead of building them in memory) must give the same files.
    /// When the package is changed on purpose, update the values.
    /// </summary>
    [Fact]
    public void The_package_bytes_are_pinned_for_the_demo_district()
    {
        using var f = DemoStore();
        f.Export(2026);
        Assert.Equal(PinnedPackage, Hashes(f.FeedPath));
    }

    [Fact]
    public void Stored_enrolment_sourcedIds_are_written_as_stored_and_the_others_made()
    {
        using var f = DemoStore();
        f.Export(2026);
        var made = OneRoster12.Read(Path.Combine(f.FeedPath, "enrollments.csv"));

        var given = GiveSourcedIds(f);
        var again = f.Export(2026);

        Assert.Equal((0, 0, 0), (again.New, again.Updated, again.Removed));
        var written = OneRoster12.Read(Path.Combine(f.FeedPath, "enrollments.csv"));
        Assert.Equal(made.Rows.Count, written.Rows.Count);
        // Only three rows change, and only in their sourcedId: the stored one instead of the made class-student-date id.
        var changed = Enumerable.Range(0, made.Rows.Count).Where(i => !made.Rows[i].SequenceEqual(written.Rows[i])).ToList();
        Assert.Equal(given, changed.Select(i => written.Value(written.Rows[i], "sourcedId")).Order(StringComparer.Ordinal));
        Assert.All(changed, i =>
        {
            Assert.Equal(made.Rows[i][1..], written.Rows[i][1..]);
            var (classId, student, begin) = (made.Value(made.Rows[i], "classSourcedId"), made.Value(made.Rows[i], "userSourcedId"), made.Value(made.Rows[i], "beginDate"));
            Assert.Equal($"{classId}-{student}-{begin.Replace("-", "", StringComparison.Ordinal)}", made.Value(made.Rows[i], "sourcedId"));
        });
        Assert.Empty(OneRoster12.Problems(f.FeedPath));
    }

    /// <summary>
    /// Gives the first three current-year rosters of feed students (by surrogates, the same rows on every store) the
    /// enrolment sourcedIds a OneRoster package would have brought: "enr,1", "enr-2", "enr-3".
    /// </summary>
    internal static List<string> GiveSourcedIds(FeedStore f)
    {
        List<(int Section, int Student, int Begin)> keys;
        using (var c = f.Store.OpenConnection())
            keys = c.Query("SELECT r.SectionRef, r.StudentRef, r.BeginDate FROM StudentSectionAssociation r JOIN Section s ON s.SectionRef = r.SectionRef " +
                           "JOIN StudentYearRecord y ON y.StudentRef = r.StudentRef AND y.SchoolYear = s.SchoolYear WHERE s.SchoolYear = 2026 AND y.Status = 'Active'",
                    r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)))
                .Order().Take(3).ToList();
        List<string> ids = ["enr,1", "enr-2", "enr-3"];
        for (var i = 0; i < keys.Count; i++)
            f.Execute("UPDATE StudentSectionAssociation SET SourcedId = @id WHERE SectionRef = @s AND StudentRef = @p AND BeginDate = @b",
                ("id", ids[i]), ("s", keys[i].Section), ("p", keys[i].Student), ("b", keys[i].Begin));
        return ids;
    }

    /// <summary>Each file of a feed folder with the start of its SHA-256, in name order.</summary>
    internal static List<string> Hashes(string folder)
        => [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal)
            .Select(p => $"{Path.GetFileName(p)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)))[..16]}")];

    internal static readonly string[] PinnedPackage =
    [
        "academicSessions.csv B386360080FF8816",
        "classes.csv 761C7317AAE9EDF3",
        "courses.csv 4C61D6463C54648E",
        "demographics.csv F01180EB3424E9BF",
        "enrollments.csv ECCA1DE4A495B68E",
        "manifest.csv 87029AADD09A5FF8",
        "orgs.csv 28EC1821946D347D",
        "roles.csv CC1655D3DB944118",
        "users.csv EF9A1B4BABF8ECA6",
    ];

    private static List<StudentSectionAssociation> Sorted(IEnumerable<StudentSectionAssociation> rows)
        => [.. rows.OrderBy(r => r.StudentUniqueId, StringComparer.Ordinal).ThenBy(r => r.SchoolId, StringComparer.Ordinal)
            .ThenBy(r => r.SectionIdentifier, StringComparer.Ordinal).ThenBy(r => r.BeginDate)];
}
