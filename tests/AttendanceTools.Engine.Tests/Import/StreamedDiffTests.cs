using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>
/// Issue 16 item 5: the attendance tables are diffed as a stream (StreamedDiff) so an import never holds the store's and the
/// package's whole district at once. These tests hold it to the in-memory diff it replaced, row for row and in the same order.
/// </summary>
public sealed class StreamedDiffTests
{
    [Fact]
    public void Streamed_tables_have_their_own_file_a_typed_key_and_no_table_referring_to_them()
    {
        Assert.Equal(["DailyAttendance", "MeetingAttendance", "AttendanceTime"], StreamedDiff.Tables.Select(t => t.Name));
        foreach (var table in StreamedDiff.Tables)
        {
            Assert.Single(OwnFiles.All, f => f.Table == table);
            Assert.DoesNotContain(ImportValidator.Parents, p => p.Value.Contains(table.Name));
        }
        Assert.NotNull(DistrictTables.DailyAttendance.KeyEquality);
        Assert.NotNull(DistrictTables.MeetingAttendance.KeyEquality);
        Assert.NotNull(DistrictTables.AttendanceTime.KeyEquality);
    }

    [Fact]
    public void The_typed_key_equals_exactly_when_the_boxed_natural_key_does()
    {
        var daily = new DailyAttendance { StudentUniqueId = "s1", SchoolId = "100", Date = new DateOnly(2025, 9, 2), Code = "A" };
        AssertKey(DistrictTables.DailyAttendance, daily, daily with { Code = "E", TimeIn = 480, Origin = AttendanceOrigin.Sync }, same: true);
        AssertKey(DistrictTables.DailyAttendance, daily, daily with { Date = new DateOnly(2025, 9, 3) }, same: false);
        AssertKey(DistrictTables.DailyAttendance, daily, daily with { StudentUniqueId = "S1" }, same: false);

        var meeting = new MeetingAttendance { StudentUniqueId = "s1", SchoolId = "100", SchoolYear = 2026, SectionIdentifier = "alg-1", ClassPeriodName = "P1",
            Date = new DateOnly(2025, 9, 2), Code = "A" };
        AssertKey(DistrictTables.MeetingAttendance, meeting, meeting with { Code = "T", PresentMinutes = 30 }, same: true);
        AssertKey(DistrictTables.MeetingAttendance, meeting, meeting with { ClassPeriodName = "P2" }, same: false);
        AssertKey(DistrictTables.MeetingAttendance, meeting, meeting with { SchoolYear = 2025 }, same: false);

        var time = new AttendanceTime { StudentUniqueId = "s1", SchoolId = "100", Date = new DateOnly(2025, 9, 2), Kind = AttendanceTimeKind.WorkExperience, Minutes = 60 };
        AssertKey(DistrictTables.AttendanceTime, time, time with { Minutes = 90 }, same: true);
        AssertKey(DistrictTables.AttendanceTime, time, time with { Kind = AttendanceTimeKind.IndependentStudy }, same: false);
        AssertKey(DistrictTables.AttendanceTime, time, time with { Sequence = 2 }, same: false);
    }

    [Fact]
    public void The_streamed_diff_finds_the_rows_the_in_memory_diff_finds_in_the_same_order()
    {
        using var t = new TempStore();
        DistrictStore.BulkLoad(t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 150, Seed = 7 }), NullObserver.Instance, CancellationToken.None);
        using var p = new PackageFolder(fromFixture: false);
        ImportRun.Export(t.Store, p.Path, force: true);
        // Updates: every 7th row's last value changes; deletes: every 11th row is missing from the file;
        // inserts: the rows of every 13th student are gone from the store, so the package brings it back.
        Edit(p, "dailyAttendance.csv", fields => fields[^1] = fields[^1] == "Sync" ? "Entered" : "Sync");
        Edit(p, "meetingAttendance.csv", fields => fields[^1] = fields[^1] == "Sync" ? "Entered" : "Sync");
        Edit(p, "attendanceTime.csv", fields => fields[^1] = (int.Parse(fields[^1], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var c = t.Store.OpenConnection())
            foreach (var table in StreamedDiff.Tables)
                c.Execute($"DELETE FROM {table.Name} WHERE StudentRef % 13 = 0");

        var plan = ImportRun.Plan(t.Store, p.Path);

        var expected = InMemoryDiffs(t.Store, p.Path);
        foreach (var table in StreamedDiff.Tables)
        {
            var streamed = plan.Diffs.Single(d => d.Table == table);
            var full = expected.Single(d => d.Table == table);
            Assert.True(full.Inserts.Count > 0 && full.Updates.Count > 0 && full.Deletes.Count > 0, $"{table.Name}: the edits should give every kind of change.");
            Assert.Equal(full.Inserts, streamed.Inserts);
            Assert.Equal(full.Updates, streamed.Updates);
            Assert.Equal(full.Deletes, streamed.Deletes);
            var change = plan.Table(table.Name);
            Assert.Equal((full.Existing, full.Inserts.Count, full.Updates.Count, full.Deletes.Count, full.Desired - full.Inserts.Count - full.Updates.Count),
                ((int)change.Existing, (int)change.Inserted, (int)change.Updated, (int)change.Deleted, (int)change.Unchanged));
        }
        // The plan keeps the diff, not the package's unchanged attendance rows.
        var diffs = plan.Diffs.Where(d => StreamedDiff.Tables.Contains(d.Table)).Sum(d => d.Inserts.Count + d.Updates.Count + d.Deletes.Count);
        Assert.True(diffs < plan.Tables.Where(x => StreamedDiff.Tables.Any(s => s.Name == x.Table)).Sum(x => x.Unchanged));

        // Applied, the store holds exactly the package's attendance rows.
        DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None);
        var after = DistrictStore.Read(t.Store, CancellationToken.None);
        var package = ReadFully(t.Store, p.Path, out _);
        Assert.Equal(Sorted(package.Data.DailyAttendance, DistrictTables.DailyAttendance), Sorted(after.DailyAttendance, DistrictTables.DailyAttendance));
        Assert.Equal(Sorted(package.Data.MeetingAttendance, DistrictTables.MeetingAttendance), Sorted(after.MeetingAttendance, DistrictTables.MeetingAttendance));
        Assert.Equal(Sorted(package.Data.AttendanceTime, DistrictTables.AttendanceTime), Sorted(after.AttendanceTime, DistrictTables.AttendanceTime));
    }

    [Fact]
    public void A_stored_attendance_row_of_a_student_the_package_drops_is_still_named()
    {
        using var t = new TempStore();
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        // users.csv without stu-1002 and no dailyAttendance.csv: the store's daily row of stu-1002 would be stranded.
        using var p = new PackageFolder().Delete("dailyAttendance.csv").Delete("meetingAttendance.csv").Delete("attendanceTime.csv");
        var line = Array.FindIndex(p.Lines("users.csv"), l => l.StartsWith("stu-1002,", StringComparison.Ordinal)) + 1;
        p.RemoveLine("users.csv", line);

        var refused = ImportRun.Refused(t.Store, p.Path);

        var problem = Assert.Single(refused.Problems, x => x.Table == "DailyAttendance");
        Assert.Equal(("ImportBrokenReference", null, "StudentUniqueId"), (problem.ErrorId, problem.File, problem.Column));
        Assert.Contains("'stu-1002'", problem.Key, StringComparison.Ordinal);
    }

    private static void AssertKey<T>(DistrictTable<T> table, T a, T b, bool same) where T : class
    {
        Assert.Equal(same, Equals(table.KeyOf(a), table.KeyOf(b)));
        Assert.Equal(same, table.KeyEquality!.Equals(a, b));
        if (same) Assert.Equal(table.KeyEquality.GetHashCode(a), table.KeyEquality.GetHashCode(b));
    }

    private static void Edit(PackageFolder p, string file, Action<string[]> change) => p.EditRows(file, changeEvery: 7, removeEvery: 11, change);

    /// <summary>The diff the import made before streaming: the whole package read, every table diffed in memory against the whole store.</summary>
    private static List<TableDiff> InMemoryDiffs(AttendanceStore store, string path)
    {
        var package = ReadFully(store, path, out var problems);
        var current = DistrictStore.Read(store, CancellationToken.None);
        return [.. StreamedDiff.Tables.Select(table => ImportDiff.Diff(table, current, package, problems, CancellationToken.None))];
    }

    private static ImportPackage ReadFully(AttendanceStore store, string path, out ImportProblems problems)
    {
        problems = new ImportProblems();
        using var source = PackageSource.Open(new ImportRequest { Store = store, Path = path }, problems);
        var package = ImportPackageReader.Read(source, DistrictStore.Read(store, CancellationToken.None), new DateOnly(2025, 10, 15), [], NullObserver.Instance, CancellationToken.None);
        ImportPackageReader.Finish(source, package, NullObserver.Instance);
        Assert.False(problems.Any);
        return package;
    }

    private static List<T> Sorted<T>(List<T> rows, DistrictTable<T> table) where T : class
    {
        var array = rows.ToArray();
        NaturalKeyComparer.Sort(array, table.KeyOf);
        return [.. array];
    }
}
