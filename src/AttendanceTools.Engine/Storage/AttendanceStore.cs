using System.Data.Common;
using AttendanceTools.Engine.Storage.Migrations;
using Microsoft.Data.Sqlite;
using Polly;

namespace AttendanceTools.Engine.Storage;

/// <summary>How to open a store.</summary>
public sealed record StoreOpenOptions
{
    public bool ReadOnly { get; init; }
    /// <summary>Create (and migrate) the store when the file does not exist.</summary>
    public bool CreateIfMissing { get; init; } = true;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public IOperationObserver Observer { get; init; } = NullObserver.Instance;
    /// <summary>Migrate only this far (tests build "older" stores with it).</summary>
    public int? TargetSchemaVersion { get; init; }
}

/// <summary>
/// A handle on one district's store. Cheap to keep: it holds no open connection; every unit of
/// work opens one and disposes it. Safe to share between runspaces of one process.
/// </summary>
public sealed class AttendanceStore
{
    private readonly string _connectionString;

    private AttendanceStore(ISqlDialect dialect, string location, string connectionString, bool readOnly, TimeProvider clock)
    {
        Dialect = dialect;
        Location = location;
        _connectionString = connectionString;
        IsReadOnly = readOnly;
        Clock = clock;
        Retry = StoreRetry.Build(dialect);
    }

    /// <summary>"SQLite" (later also "SqlServer").</summary>
    public string Provider => Dialect.Name;
    /// <summary>The file path (SQLite) or server/database (SQL Server); never a secret.</summary>
    public string Location { get; }

    /// <summary>The store file for SQLite (the same as <see cref="Location"/>), so store objects show and pipe like Get-AttendanceStore's.</summary>
    public string Path => Location;
    public bool IsReadOnly { get; }
    public int SchemaVersion { get; private set; }
    public ISqlDialect Dialect { get; }
    public TimeProvider Clock { get; }
    internal ResiliencePipeline Retry { get; }

    public override string ToString() => $"{Provider}: {Location}";

    /// <summary>Opens (creating and migrating when allowed) a SQLite store file.</summary>
    public static AttendanceStore OpenSqlite(string path, StoreOpenOptions? options = null)
    {
        options ??= new StoreOpenOptions();
        var full = System.IO.Path.GetFullPath(path);
        var exists = File.Exists(full);
        if (!exists && (options.ReadOnly || !options.CreateIfMissing))
            throw new AttendanceException("StoreNotFound", FailureKind.NotFound, $"There is no store at '{full}'.", full,
                "Check the path, or connect without -ReadOnly to create a new store there.");
        if (!exists)
        {
            var dir = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                throw new AttendanceException("StoreNotFound", FailureKind.NotFound, $"The folder '{dir}' for the store '{full}' does not exist.", full);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // No pooling: no connection outlives the unit of work that opened it, so a store file can
            // be replaced, moved or deleted between commands, and another SQLite library in the same
            // process (another module) never shares an open file with ours. Opening costs well under
            // a millisecond next to any operation's work.
            Pooling = false,
            DefaultTimeout = 30,
        };
        var store = new AttendanceStore(SqliteDialect.Instance, full, builder.ToString(), options.ReadOnly, options.Clock);
        store.Initialize(options);
        return store;
    }

    /// <summary>Opens a connection with the dialect's session settings applied.</summary>
    public DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // WAL lets readers (previews, Get-*) run while a writer applies; NORMAL is durable in WAL mode.
            connection.Execute(IsReadOnly
                ? "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"
                : "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;");
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new AttendanceException("StoreConnectionFailed", FailureKind.Connection,
                $"Cannot open the store '{Location}': {ex.Message}", Location, null, ex);
        }
    }

    /// <summary>Releases pooled connections (before the file is moved, deleted or replaced).</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    private void Initialize(StoreOpenOptions options)
    {
        using var connection = OpenConnection();
        if (IsReadOnly)
        {
            var version = SchemaMigrator.CurrentVersion(connection, Dialect, Location);
            if (version > SchemaMigrator.LatestVersion) throw SchemaMigrator.TooNew(Location, version);
            if (version < SchemaMigrator.LatestVersion)
                throw new AttendanceException("StoreSchemaOutdated", FailureKind.InvalidOperation,
                    $"The store '{Location}' has schema version {version} and needs an upgrade to {SchemaMigrator.LatestVersion}, which a read-only connection cannot do.",
                    Location, "Connect once without -ReadOnly to upgrade the store.");
            SchemaVersion = version;
            return;
        }
        connection.Execute("PRAGMA journal_mode = WAL;");
        var wasEmpty = Dialect.IsEmptyDatabase(connection);
        SchemaVersion = SchemaMigrator.Migrate(connection, Dialect, Location, options.Observer, Clock, options.TargetSchemaVersion);
        if (wasEmpty) StoreSettings.InitializeNew(connection, Clock);
    }
}
