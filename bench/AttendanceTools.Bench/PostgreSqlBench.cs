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

    public void Dispose() => _database.Dispose();
}
