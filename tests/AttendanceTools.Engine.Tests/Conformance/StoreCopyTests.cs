using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>Copy-AttendanceStore's engine: a district moved SQLite → server → SQLite, counts checked, exports byte-identical.</summary>
public sealed class StoreCopyTests
{
    private static readonly Lazy<DistrictData> District = new(() => DemoDistrictGenerator.Generate(new DemoOptions { Students = 200, Seed = 11 }));
    private static readonly DateTimeOffset AfterYear = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static TempStore Refreshed()
    {
        var t = new TempStore(AfterYear);
        DistrictStore.BulkLoad(t.Store, District.Value, NullObserver.Instance, default);
        DistrictConformanceTests.Refresh(t.Store, DistrictConformanceTests.EveryCalendar);
        return t;
    }

    [Fact]
    public void Copy_covers_every_table_of_the_schema()
    {
        using var t = new TempStore();
        using var c = t.Store.OpenConnection();
        var tables = c.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name", r => r.GetString(0));

        Assert.Equal(tables, StoreCopy.Tables.Select(x => x.Name).Concat(StoreCopy.LeftOut.Keys).Order(StringComparer.Ordinal));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void A_district_copied_there_and_back_keeps_every_row_and_exports_byte_identical(string provider)
    {
        using var source = Refreshed();
        using var middle = new TempStore(AfterYear, provider: provider);
        using var back = new TempStore(AfterYear);

        var there = StoreCopy.Copy(source.Store, middle.Store, null, NullObserver.Instance, default);
        var returned = StoreCopy.Copy(middle.Store, back.Store, null, NullObserver.Instance, default);

        var expected = StoreCopy.Count(source.Store);
        Assert.Equal(expected, there.Rows);
        // Each copy adds its own run-log row to its destination: the way back carries the first copy's.
        Assert.Equal(Data(expected), Data(returned.Rows));
        Assert.Equal(expected["RunLog"] + 1, returned.Rows["RunLog"]);
        Assert.True(there.Rows["DayAggregate"] > 10_000);
        Assert.Equal(there.TotalRows, expected.Values.Sum());
        Assert.Equal((middle.Store.Provider, "SQLite"), (there.DestinationProvider, returned.DestinationProvider));
        Assert.Equal(DistrictConformanceTests.Aggregates(source.Store), DistrictConformanceTests.Aggregates(middle.Store));
        Assert.Equal(DistrictConformanceTests.Aggregates(source.Store), DistrictConformanceTests.Aggregates(back.Store));
        DistrictConformanceTests.AssertSameExport(source, source.Store, middle.Store);
        DistrictConformanceTests.AssertSameExport(back, source.Store, back.Store);
        // The copy is a working store: a refresh there finds nothing to change, and new rows get new surrogates.
        Assert.Equal(0, DistrictConformanceTests.Refresh(middle.Store, DistrictConformanceTests.EveryCalendar).Sum(r => r.Inserted + r.Updated + r.Deleted));
        using var c = middle.Store.OpenConnection();
        Assert.Equal(1, c.ScalarLong("SELECT COUNT(*) FROM RunLog WHERE Operation = 'CopyStore'"));
        Assert.NotEqual(StoreSettings.Get(c, StoreSettings.StoreId), Read(source.Store, StoreSettings.StoreId));
        Assert.Equal(Read(source.Store, StoreSettings.DistrictName), StoreSettings.Get(c, StoreSettings.DistrictName));
    }

    private static Dictionary<string, long> Data(IReadOnlyDictionary<string, long> rows)
        => rows.Where(x => x.Key != "RunLog").ToDictionary(x => x.Key, x => x.Value);

    private static string? Read(AttendanceStore store, string setting)
    {
        using var c = store.OpenConnection();
        return StoreSettings.Get(c, setting);
    }

    [Theory, Sqlite, PostgreSql]
    public void A_destination_with_data_is_refused_and_left_as_it_was(string provider)
    {
        using var source = Refreshed();
        using var destination = new TempStore(AfterYear, provider: provider);
        StoreCopy.Copy(source.Store, destination.Store, null, NullObserver.Instance, default);

        var ex = Assert.Throws<AttendanceException>(() => StoreCopy.Copy(source.Store, destination.Store, null, NullObserver.Instance, default));

        Assert.Equal(("StoreNotEmpty", FailureKind.InvalidOperation), (ex.ErrorId, ex.Kind));
        Assert.Contains(destination.Store.Location, ex.Message, StringComparison.Ordinal);
        Assert.Equal(Data(StoreCopy.Count(source.Store)), Data(StoreCopy.Count(destination.Store)));
    }
}
