using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// <see cref="JeffersonDistrict"/> (optionally changed first) loaded into a temporary store on UTC, with
/// the helpers operation tests share: run a refresh as of a district time, read and write SQL.
/// </summary>
internal sealed class JeffersonStore : IDisposable
{
    private readonly TempStore _t;

    public JeffersonStore(Action<DistrictData>? change = null, string provider = StoreProviders.Sqlite)
    {
        _t = new(new DateTimeOffset(2025, 10, 14, 0, 0, 0, TimeSpan.Zero), provider: provider);
        var data = JeffersonDistrict.Build();
        change?.Invoke(data);
        DistrictStore.BulkLoad(_t.Store, data, NullObserver.Instance, default);
    }

    public AttendanceStore Store => _t.Store;

    public static readonly AggregationRequest Manual = new() { Selectors = [new CalendarSelector(["REG"], [], [])] };

    public static AggregationRequest Nightly(string asOf) => new() { Nightly = true, AsOf = At(asOf) };

    /// <summary>District wall-clock time (the store's zone), as -AsOf "2025-10-15T10:59" gives it.</summary>
    public static DateTime At(string local) => DateTime.SpecifyKind(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Unspecified);

    public IReadOnlyList<AggregationRefreshResult> Run(AggregationRequest request, IOperationObserver? observer = null)
    {
        observer ??= NullObserver.Instance;
        return AggregationOperation.Apply(Store, AggregationOperation.Plan(Store, request, observer, default), null, observer, default);
    }

    public AggregationRefreshResult RunOne(AggregationRequest request) => Assert.Single(Run(request));

    public static int Date(DateOnly date) => DbValue.Date(date);

    public long Sql(string sql) { using var c = Store.OpenConnection(); return c.ScalarLong(sql); }

    public void Exec(string sql) { using var c = Store.OpenConnection(); c.Execute(sql); }

    public int StudentRef(string id) => (int)Sql($"SELECT StudentRef FROM Student WHERE StudentUniqueId = '{id}'");

    /// <summary>(Scheduled, Absent, Unexcused, most common code or null) of one stored row; null when there is no row.</summary>
    public (long, long, long, string?)? Row(string student, int yyyymmdd)
    {
        using var c = Store.OpenConnection();
        var rows = c.Query(
            "SELECT a.ScheduledMinutes, a.AbsentMinutes, a.UnexcusedAbsentMinutes, k.Code FROM DayAggregate a LEFT JOIN AttendanceCode k ON k.CodeRef = a.MostCommonExcuseRef " +
            $"WHERE a.StudentRef = {StudentRef(student)} AND a.Date = {yyyymmdd}",
            r => ((long)r.GetInt32(0), (long)r.GetInt32(1), (long)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return rows.Count == 0 ? null : rows[0];
    }

    public void Dispose() => _t.Dispose();
}

/// <summary>Collects engine warnings.</summary>
internal sealed class WarningLog : IOperationObserver
{
    public List<(string Id, string Message)> Warnings { get; } = [];
    public void Progress(ProgressInfo progress) { }
    public void Verbose(string message) { }
    public void Warning(string id, string message) => Warnings.Add((id, message));
}
