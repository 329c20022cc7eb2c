using System.Globalization;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// An import that inserts, updates and deletes rows writes them on a server store through its bulk and set-based paths
/// (COPY / SqlBulkCopy, a temporary table joined by one UPDATE and one DELETE) and must leave the store exactly as SQLite's
/// row statements leave SQLite: the same counts per table and a byte-identical export.
/// </summary>
public sealed class ImportConformanceTests
{
    [Theory, PostgreSql, SqlServer]
    public void An_import_that_inserts_updates_and_deletes_leaves_the_store_as_it_leaves_SQLite(string provider)
    {
        using var sqlite = new TempStore();
        using var server = new TempStore(provider: provider);
        using var p = new PackageFolder(fromFixture: false);
        foreach (var t in new[] { sqlite, server })
            DistrictStore.BulkLoad(t.Store, DistrictConformanceTests.District.Value, NullObserver.Instance, CancellationToken.None);
        ImportRun.Export(sqlite.Store, p.Path, force: true);
        // Updates: every 7th row's last value; deletes: every 11th row gone from the file; inserts: every 13th student's attendance gone from the stores.
        p.EditRows("dailyAttendance.csv", 7, 11, f => f[^1] = f[^1] == "Sync" ? "Entered" : "Sync")
         .EditRows("meetingAttendance.csv", 7, 11, f => f[^1] = f[^1] == "Sync" ? "Entered" : "Sync")
         .EditRows("reportCardMarks.csv", 7, 11, f => f[^1] = f[^1] == "A" ? "B" : "A")
         .EditRows("courseRequests.csv", 1_000_000, 11, _ => { });
        foreach (var t in new[] { sqlite, server })
            using (var c = t.Store.OpenConnection())
                foreach (var table in new[] { "DailyAttendance", "MeetingAttendance" })
                    c.Execute($"DELETE FROM {table} WHERE StudentRef % 13 = 0");

        var expected = ImportRun.Import(sqlite.Store, p.Path, maxChangePercent: 100);
        var actual = ImportRun.Import(server.Store, p.Path, maxChangePercent: 100);

        Assert.All(new[] { "DailyAttendance", "MeetingAttendance" }, table =>
        {
            var change = expected.Table(table);
            Assert.True(change.Inserted > 0 && change.Updated > 0 && change.Deleted > 0, $"{table}: the edits should give every kind of change.");
        });
        Assert.True(expected.Table("ReportCardMark").Updated > 0 && expected.Table("CourseRequest").Deleted > 0);
        Assert.Equal(Counts(expected), Counts(actual));
        DistrictConformanceTests.AssertSameExport(sqlite, sqlite.Store, server.Store);
    }

    private static string Counts(Engine.Import.ImportResult result)
        => string.Join(";", result.Tables.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Table} {t.Existing} {t.Inserted} {t.Updated} {t.Deleted} {t.Unchanged}")));
}
