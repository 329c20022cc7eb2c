using AttendanceTools.Engine;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Tests.Shared;

namespace AttendanceTools.Bench;

/// <summary>
/// The PostgreSQL column of the benchmark: a throwaway cluster started the way the tests start it
/// (<see cref="PostgreSqlServer"/>: the Debian package's binaries, a temporary folder, a free loopback
/// port, stopped and deleted when the process ends, or the server in ATTENDANCETOOLS_POSTGRESQL), one new
/// database in it and an empty store there, initialized as Connect-AttendanceStore -Initialize does.
/// </summary>
internal sealed class PostgreSqlBench : IDisposable
{
    private readonly PostgreSqlDatabase _database;

    private PostgreSqlBench(PostgreSqlDatabase database, AttendanceStore store, string version) => (_database, Store, Version) = (database, store, version);

    public AttendanceStore Store { get; }

    public string Version { get; }

    public static PostgreSqlBench Start(TimeProvider clock)
    {
        if (PostgreSqlServer.SkipReason is { } reason) throw new InvalidOperationException(reason);
        var database = PostgreSqlDatabase.Create();
        var store = AttendanceStore.OpenServer(StoreProvider.PostgreSql, database.ConnectionString, new StoreOpenOptions { Clock = clock, Initialize = true });
        using var c = store.OpenConnection();
        return new PostgreSqlBench(database, store, c.ScalarString("SHOW server_version") ?? "?");
    }

    /// <summary>
    /// User + system CPU so far of this cluster's processes (every backend and background process that
    /// pg_stat_activity lists; other clusters on a shared machine are not counted), read from /proc, so a
    /// scenario's server work is counted beside the bench process's own. Backends that ended during a scenario
    /// are missed: the engine's pooled connections stay open, so its backends live through the run.
    /// </summary>
    public TimeSpan ServerCpu()
    {
        long ticks = 0;
        List<int> pids;
        using (var c = Store.OpenConnection()) pids = c.Query("SELECT pid FROM pg_stat_activity", r => r.GetInt32(0));
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // Fields after the command's closing parenthesis: state is field 3, utime 14 and stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>
    /// Empties DayAggregate and AggregationState before a scenario that starts from an empty aggregate table (not
    /// timed). TRUNCATE, not DELETE: PostgreSQL's DELETE leaves every row and index entry behind as dead until a
    /// vacuum, and the next load's primary-key checks then visit a dead heap row for every key it inserts again (on
    /// the server this doubled the write ceiling's CPU). SQLite's DELETE without WHERE frees the pages, as TRUNCATE does here.
    /// </summary>
    public void EmptyAggregates()
    {
        using var c = Store.OpenConnection();
        c.Execute("TRUNCATE DayAggregate; DELETE FROM AggregationState;");
    }

    public void Dispose() => _database.Dispose();
}
