using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// A generated district loaded into each store and refreshed there: every day aggregate, every exported
/// byte and every run count equal to SQLite's (the reference store), row by row.
/// </summary>
public sealed class DistrictConformanceTests
{
    internal static readonly Lazy<DistrictData> District = new(() => DemoDistrictGenerator.Generate(new DemoOptions { Students = 300, Seed = 5 }));

    // After the 2025-26 year: the manual refresh covers every calendar day.
    private static readonly DateTimeOffset AfterYear = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    internal static readonly AggregationRequest EveryCalendar = new() { Selectors = [new CalendarSelector(["*"], [], [])] };

    internal static IReadOnlyList<AggregationRefreshResult> Refresh(AttendanceStore store, AggregationRequest request)
        => AggregationOperation.Apply(store, AggregationOperation.Plan(store, request, NullObserver.Instance, default), null, NullObserver.Instance, default);

    /// <summary>Every day aggregate by natural keys, as text, in one order.</summary>
    internal static List<string> Aggregates(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT s.SchoolId, k.CalendarCode, k.SchoolYear, a.Date, p.StudentUniqueId, a.ScheduledMinutes, a.AbsentMinutes, a.UnexcusedAbsentMinutes, x.Code, a.LastModified " +
                       "FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef JOIN School s ON s.SchoolRef = k.SchoolRef " +
                       "JOIN Student p ON p.StudentRef = a.StudentRef LEFT JOIN AttendanceCode x ON x.CodeRef = a.MostCommonExcuseRef " +
                       "ORDER BY s.SchoolId, k.CalendarCode, k.SchoolYear, a.Date, p.StudentUniqueId",
            r => string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static string Counts(IReadOnlyList<AggregationRefreshResult> results)
        => string.Join(";", results.Select(r => $"{r.SchoolId} {r.Calendar} {r.StudentDays} {r.Inserted} {r.Updated} {r.Deleted}"));

    [Theory, PostgreSql, SqlServer]
    public void Demo_district_refresh_gives_the_same_rows_and_counts_as_SQLite(string provider)
    {
        using var sqlite = new TempStore(AfterYear);
        using var server = new TempStore(AfterYear, provider: provider);
        DistrictStore.BulkLoad(sqlite.Store, District.Value, NullObserver.Instance, default);
        DistrictStore.BulkLoad(server.Store, District.Value, NullObserver.Instance, default);

        var expected = Refresh(sqlite.Store, EveryCalendar);
        var actual = Refresh(server.Store, EveryCalendar);

        Assert.Equal(Counts(expected), Counts(actual));
        Assert.True(expected.Sum(r => r.Inserted) > 10_000);
        var rows = Aggregates(sqlite.Store);
        Assert.Equal(rows.Count, Aggregates(server.Store).Count);
        Assert.Equal(rows, Aggregates(server.Store));
        // A second refresh writes nothing on either.
        Assert.Equal(0, Refresh(server.Store, EveryCalendar).Sum(r => r.Inserted + r.Updated + r.Deleted));
        // The nightly refresh after an edit picks up the same region on both.
        foreach (var store in new[] { sqlite.Store, server.Store })
        {
            using var c = store.OpenConnection();
            c.Execute("UPDATE DailyAttendance SET CodeRef = (SELECT MIN(CodeRef) FROM AttendanceCode x WHERE x.SchoolRef = DailyAttendance.SchoolRef AND x.PresenceStatus = 'Absent') " +
                      "WHERE Date = 20260115");
        }
        var nightly = new AggregationRequest { Nightly = true, AsOf = new DateTime(2026, 6, 30, 23, 0, 0) };
        Assert.Equal(Counts(Refresh(sqlite.Store, nightly)), Counts(Refresh(server.Store, nightly)));
        Assert.Equal(Aggregates(sqlite.Store), Aggregates(server.Store));
    }

    [Theory, PostgreSql, SqlServer]
    public void Export_of_the_same_district_is_byte_identical(string provider)
    {
        using var sqlite = new TempStore(AfterYear);
        using var server = new TempStore(AfterYear, provider: provider);
        DistrictStore.BulkLoad(sqlite.Store, District.Value, NullObserver.Instance, default);
        DistrictStore.BulkLoad(server.Store, District.Value, NullObserver.Instance, default);

        AssertSameExport(sqlite, sqlite.Store, server.Store);
    }

    /// <summary>Exports both stores into folders of <paramref name="scratch"/> and compares every file byte for byte.</summary>
    internal static void AssertSameExport(TempStore scratch, AttendanceStore expected, AttendanceStore actual)
    {
        var a = Path.Combine(scratch.Folder, "export-a");
        var b = Path.Combine(scratch.Folder, "export-b");
        var ea = DistrictExport.Write(DistrictExport.Plan(new ExportRequest { Store = expected, Path = a }, NullObserver.Instance, default), NullObserver.Instance, default);
        var eb = DistrictExport.Write(DistrictExport.Plan(new ExportRequest { Store = actual, Path = b }, NullObserver.Instance, default), NullObserver.Instance, default);
        Assert.True(ea.Rows > 1000);
        Assert.Equal(ea.Files, eb.Files);
        var files = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file!))), $"{file} differs between the stores.");
    }
}
