using AttendanceTools.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace AttendanceTools.Engine.Tests.Support;

/// <summary>
/// A store for one test with a fake clock, removed on dispose: a file in a temporary folder (SQLite, the
/// default), or a new database on the test server (<see cref="StoreProviders"/>) for the conformance tests.
/// </summary>
public sealed class TempStore : IDisposable
{
    private readonly ServerDatabase? _database;

    public TempStore(DateTimeOffset? now = null, int? schemaVersion = null, string provider = StoreProviders.Sqlite)
    {
        Provider = provider;
        Folder = Directory.CreateTempSubdirectory("attendancetools-engine-").FullName;
        Path = System.IO.Path.Combine(Folder, "store.db");
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2025, 10, 15, 3, 45, 0, TimeSpan.Zero));
        Clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        if (provider == StoreProviders.Sqlite)
        {
            Store = AttendanceStore.OpenSqlite(Path, new StoreOpenOptions { Clock = Clock, TargetSchemaVersion = schemaVersion });
            return;
        }
        _database = ServerDatabase.Create(provider);
        Store = AttendanceStore.OpenServer(_database.Provider, _database.ConnectionString,
            new StoreOpenOptions { Clock = Clock, TargetSchemaVersion = schemaVersion, Initialize = true });
    }

    /// <summary>"Sqlite", "PostgreSql" or "SqlServer".</summary>
    public string Provider { get; }
    public string Folder { get; }
    public string Path { get; }
    public FakeTimeProvider Clock { get; }
    public AttendanceStore Store { get; private set; }
    /// <summary>The server database's connection string (null for SQLite).</summary>
    public string? ConnectionString => _database?.ConnectionString;

    /// <summary>Opens the same store again (e.g. to migrate it), with the same clock.</summary>
    public AttendanceStore Reopen(StoreOpenOptions? options = null)
    {
        options = (options ?? new StoreOpenOptions()) with { Clock = Clock };
        Store = _database is null ? AttendanceStore.OpenSqlite(Path, options) : AttendanceStore.OpenServer(_database.Provider, _database.ConnectionString, options);
        return Store;
    }

    public void Dispose()
    {
        AttendanceStore.ReleaseConnections();
        _database?.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
