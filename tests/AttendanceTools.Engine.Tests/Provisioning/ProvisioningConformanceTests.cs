using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>
/// The feed export on each server store against SQLite's (the reference): the students and rosters are read by
/// the export's own narrow queries and the snapshot is written by each store's bulk and prepared-row paths, so
/// the package's bytes and the snapshot rows (ExportedAt included) must come out the same on every store,
/// through a first export, the roll-up's inserts, updates and deletes, and a one-student change.
/// </summary>
public sealed class ProvisioningConformanceTests
{
    private static readonly DateTimeOffset First = new(2026, 8, 25, 14, 0, 0, TimeSpan.Zero);

    [Theory, PostgreSql, SqlServer]
    public void The_demo_feed_exports_the_same_package_and_snapshot_as_on_SQLite(string provider)
    {
        using var sqlite = DemoCycleTests.DemoStore();
        using var server = DemoCycleTests.DemoStore(provider);
        FeedStore[] stores = [sqlite, server];

        foreach (var f in stores)
        {
            var first = f.Export(2026);
            Assert.Equal(("Exported", 390, 390, 0, 0), (first.Status, first.Total, first.New, first.Updated, first.Removed));
        }
        Assert.Equal(DemoCycleTests.PinnedPackage, DemoCycleTests.Hashes(server.FeedPath));
        AssertSame(sqlite, server);
        Assert.All(Snapshot(server), row => Assert.EndsWith("|" + DbValue.Timestamp(First), row, StringComparison.Ordinal));

        // Enrolment sourcedIds a package brought (read beside SQLite's compiled roster read) come out the same.
        foreach (var f in stores)
        {
            DemoCycleTests.GiveSourcedIds(f);
            var again = f.Export(2026);
            Assert.Equal((390, 0, 0, 0), (again.Total, again.New, again.Updated, again.Removed));
        }
        Assert.Contains("\n\"enr,1\",", File.ReadAllText(Path.Combine(server.FeedPath, "enrollments.csv")), StringComparison.Ordinal);
        AssertSame(sqlite, server);

        // The roll-up a day later: 363 students updated, 27 graduates deleted, 3 pre-registered inserted.
        var limits = new Engine.Provisioning.ProvisioningLimits { MaxUpdatePercent = 100, MaxDeletePercent = 100, MaxGraduationYearChangePercent = 100 };
        foreach (var f in stores)
        {
            f.Clock.Advance(TimeSpan.FromDays(1));
            DemoCycleTests.RollUp(f);
            var rolled = f.Export(2027, limits);
            Assert.Equal((366, 3, 363, 27, 6), (rolled.Total, rolled.New, rolled.Updated, rolled.Removed, rolled.GraduationYearChanged));
        }
        AssertSame(sqlite, server);

        // One student moved to an ungraded grade an hour later: only their row changes (a null graduation year); the rest keep their ExportedAt.
        var someone = sqlite.Snapshot()[0].StudentUniqueId;
        foreach (var f in stores)
        {
            f.Clock.Advance(TimeSpan.FromHours(1));
            f.Execute("UPDATE StudentYearRecord SET GradeLevel = 'UG' WHERE SchoolYear = 2027 AND StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = @id)",
                ("id", someone));
            var one = f.Export(2027);
            Assert.Equal((366, 0, 1, 0, 1), (one.Total, one.New, one.Updated, one.Removed, one.GraduationYearChanged));
        }
        AssertSame(sqlite, server);
        var snapshot = Snapshot(server);
        var afterRollUp = DbValue.Timestamp(First.AddDays(1));
        var changed = DbValue.Timestamp(First.AddDays(1).AddHours(1));
        Assert.Equal($"{someone}|{sqlite.Snapshot()[0].SchoolId}|UG||{changed}", snapshot[0]);
        Assert.Equal(365, snapshot.Count(row => row.EndsWith("|" + afterRollUp, StringComparison.Ordinal)));
    }

    private static void AssertSame(FeedStore expected, FeedStore actual)
    {
        Assert.Equal(DemoCycleTests.Hashes(expected.FeedPath), DemoCycleTests.Hashes(actual.FeedPath));
        Assert.Equal(Snapshot(expected), Snapshot(actual));
    }

    /// <summary>The snapshot as "id|school|grade|graduation year|ExportedAt", in student id order (ordinal).</summary>
    private static List<string> Snapshot(FeedStore f)
    {
        using var c = f.Store.OpenConnection();
        return [.. c.Query("SELECT StudentUniqueId, SchoolId, GradeLevel, GraduationYear, ExportedAt FROM ProvisioningSnapshot",
                r => (Id: r.GetString(0), Row: $"{r.GetString(0)}|{r.GetString(1)}|{r.GetString(2)}|{r.NullableInt(3)}|{r.GetString(4)}"))
            .OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Row)];
    }
}
