using AttendanceTools.Bench;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Issue 16: the benchmark's fair SQL baseline and the module's refresh paths give the same rows, every column
/// compared (LastModified aside where two runs wrote at different times). On a small demo district, whole 2025-26.
/// </summary>
public sealed class RefreshEquivalenceTests : IDisposable
{
    private const int Year = 2026, LastDay = 20260630;
    private static readonly AggregationRequest WholeYear = new() { Selectors = [new CalendarSelector([], [], [Year])] };
    private readonly TempStore _t = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public RefreshEquivalenceTests()
    {
        DistrictStore.BulkLoad(_t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 400, Seed = 3 }), NullObserver.Instance, default);
        using var c = _t.Store.OpenConnection();
        StoreSettings.Set(c, null, StoreSettings.TimeZone, "UTC");
    }

    public void Dispose() => _t.Dispose();

    private IReadOnlyList<AggregationRefreshResult> Refresh(AggregationRequest request)
        => AggregationOperation.Apply(_t.Store, AggregationOperation.Plan(_t.Store, request, NullObserver.Instance, default), null, NullObserver.Instance, default);

    private long Sql(string sql) { using var c = _t.Store.OpenConnection(); return c.ScalarLong(sql); }

    [Fact]
    public void The_fair_sql_baseline_gives_exactly_the_modules_rows()
    {
        var results = Refresh(WholeYear);
        using var c = _t.Store.OpenConnection();
        FairRefresh.CreateTable(c);

        var written = FairRefresh.Run(c, Year, LastDay);

        Assert.Equal(results.Sum(r => (long)r.Inserted), written);
        Assert.True(written > 10_000, $"the demo district should give a real workload, got {written} rows");
        // Not a trivial district: absences, unexcused minutes and excuses all occur.
        Assert.True(Sql("SELECT COUNT(*) FROM DayAggregate WHERE UnexcusedAbsentMinutes > 0 AND UnexcusedAbsentMinutes < AbsentMinutes") > 0);
        Assert.True(Sql("SELECT COUNT(DISTINCT MostCommonExcuseRef) FROM DayAggregate") > 2);
        Assert.Equal(0, FairRefresh.Mismatches(c));
        Assert.Equal(written, Sql($"SELECT COUNT(*) FROM {FairRefresh.Table}"));
    }
}
