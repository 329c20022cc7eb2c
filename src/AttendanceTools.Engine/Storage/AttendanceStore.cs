using System.Data.Common;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.Sqlite;
using Polly;

namespace AttendanceTools.Engine.Storage;

/// <summary>How to open a store.</summary>
public sealed record StoreOpenOptions
{
    public bool ReadOnly { get; init; }
    /// <summary>
    /// Create (and migrate) the store when the file does not exist. New-AttendanceStore sets it;
    /// connecting never does (a mistyped path is StoreNotFound, not a new empty district).
    /// </summary>
    public bool CreateIfMissing { get; init; } = true;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public IOperationObserver Observer { get; init; } = NullObserver.Instance;
    /// <summary>Migrate only this far (tests build "older" stores with it).</summary>
    public int? TargetSchemaVersion { get; init; }
    /// <summary>
    /// Server stores: create the schema in an empty database, or upgrade an older one (Connect-AttendanceStore
    /// -Initialize). Without it a server store is never changed on connect: a database without the schema is
    /// StoreSchemaMissing, an older schema StoreSchemaOutdated (Update-AttendanceStoreSchema upgrades it).
    /// </summary>
    public bool Initialize { get; init; }
    /// <summary>Server stores: a login that replaces the connection string's user and password (-Credential).</summary>
    public System.Net.NetworkCredential? Credential { get; init; }
}

/// <summary>The store engines a district can live in.</summary>
public enum StoreProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
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

    /// <summary>"SQLite", "PostgreSql" or "SqlServer".</summary>
    public string Provider => Dialect.Name;
    /// <summary>A database server's store (PostgreSQL, SQL Server), not a file: file-only features refuse it.</summary>
    public bool IsServer => Dialect is not SqliteDialect;
    /// <summary>The file path (SQLite) or server/database (SQL Server); never a secret.</summary>
    public string Location { get; }

    /// <summary>The store file for SQLite (the same as <see cref="Location"/>), so store objects show and pipe like Get-AttendanceStore's.</summary>
    public string Path => Location;
    /// <summary>Connected read-only on purpose (-ReadOnly): nothing is created, upgraded or written.</summary>
    public bool IsReadOnly { get; }
    /// <summary>
    /// Connected to write, but the file (or its folder) refused writing when the store was opened:
    /// reads work, every write fails with <c>StoreReadOnly</c> (checked again at each write).
    /// </summary>
    public bool IsWriteProtected { get; private set; }
    public int SchemaVersion { get; private set; }
    public ISqlDialect Dialect { get; }
    public TimeProvider Clock { get; }
    internal ResiliencePipeline Retry { get; }

    public override string ToString() => $"{Provider}: {Location}";

    /// <summary>
    /// Opens a SQLite store file (creating and migrating it when <see cref="StoreOpenOptions.CreateIfMissing"/>
    /// allows and the file does not exist). An existing file must be a store: one that carries the
    /// store's application id, or (made before schema version 5) has a SchemaVersion table; anything
    /// else, a zero-byte file included, is <c>StoreNotRecognized</c> and is left untouched.
    /// </summary>
    public static AttendanceStore OpenSqlite(string path, StoreOpenOptions? options = null)
    {
        options ??= new StoreOpenOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw StoreFiles.NotRecognized(full, "it is a folder");
        var exists = File.Exists(full);
        if (!exists && (options.ReadOnly || !options.CreateIfMissing))
            throw StoreFiles.NotFound(full);
        if (!exists)
        {
            var dir = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                throw new AttendanceException("StoreNotFound", FailureKind.NotFound, $"The folder '{dir}' for the store '{full}' does not exist.", full,
                    "Create the folder first, or give a path in an existing folder.");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            // Never ReadWriteCreate after the store exists: a store file moved or deleted later fails
            // to open instead of being silently re-created empty.
            Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            // No pooling: no connection outlives the unit of work that opened it, so a store file can
            // be replaced, moved or deleted between commands, and another SQLite library in the same
            // process (another module) never shares an open file with ours. Opening costs well under
            // a millisecond next to any operation's work.
            Pooling = false,
            DefaultTimeout = 30,
        };
        if (!exists)
        {
            using var create = new SqliteConnection(new SqliteConnectionStringBuilder(builder.ToString()) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
            create.Open();
        }
        var store = new AttendanceStore(SqlAudit.Sqlite, full, builder.ToString(), options.ReadOnly, options.Clock);
        try
        {
            store.Initialize(options, created: !exists);
        }
        catch when (!exists)
        {
            // A store that could not be made is not left behind as a file that is no store.
            foreach (var file in new[] { full, full + "-wal", full + "-shm" })
                try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        return store;
    }

    /// <summary>
    /// Creates a new SQLite store (New-AttendanceStore): a file that exists is <c>StoreAlreadyExists</c>
    /// unless <paramref name="replace"/>, which deletes it first.
    /// </summary>
    public static AttendanceStore CreateSqlite(string path, bool replace, StoreOpenOptions? options = null)
    {
        options ??= new StoreOpenOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new AttendanceException("StoreAlreadyExists", FailureKind.AlreadyExists, $"'{full}' is a folder; a store needs a file path.", full);
        if (File.Exists(full))
        {
            if (!replace)
                throw new AttendanceException("StoreAlreadyExists", FailureKind.AlreadyExists, $"There is already a file at '{full}'.", full,
                    "Connect to it with Connect-AttendanceStore, choose another path, or add -Force to replace it (its data is lost).");
            ReleaseConnections();
            foreach (var file in new[] { full, full + "-wal", full + "-shm" }) File.Delete(file);
        }
        return OpenSqlite(full, options with { ReadOnly = false, CreateIfMissing = true });
    }

    /// <summary>Opens a connection with the dialect's session settings applied.</summary>
    public DbConnection OpenConnection()
    {
        if (IsServer) return ServerStores.Open(this, _connectionString);
        return OpenSqliteConnection();
    }

    private SqliteConnection OpenSqliteConnection()
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
            if (SqliteDialect.IsNotADatabase(ex)) throw StoreFiles.NotRecognized(Location, "it is not a SQLite database", ex);
            if (!File.Exists(Location)) throw StoreFiles.NotFound(Location, ex);
            throw new AttendanceException("StoreConnectionFailed", FailureKind.Connection,
                $"Cannot open the store '{Location}': {ex.Message}", Location, null, ex);
        }
    }

    /// <summary>Releases pooled connections (before the file is moved, deleted or replaced).</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    /// <summary>
    /// Opens a server store (PostgreSQL or SQL Server) from a connection string passed through untouched
    /// (so any authentication it names works), with <see cref="StoreOpenOptions.Credential"/> as its login
    /// when given. The schema is checked, never changed, unless <see cref="StoreOpenOptions.Initialize"/>.
    /// </summary>
    public static AttendanceStore OpenServer(StoreProvider provider, string connectionString, StoreOpenOptions? options = null)
    {
        options ??= new StoreOpenOptions();
        var (dialect, full, location) = ServerStores.Prepare(provider, connectionString, options.Credential);
        var store = new AttendanceStore(dialect, location, full, options.ReadOnly, options.Clock);
        // Connecting says at once why a server cannot be reached, transient or not.
        using var connection = ServerStores.Open(store, full, retryTransient: false);
        var version = SchemaMigrator.CurrentVersion(connection, dialect, location);
        if (version > SchemaMigrator.LatestVersion) throw SchemaMigrator.TooNew(location, version);
        if (options.Initialize && !options.ReadOnly && version < (options.TargetSchemaVersion ?? SchemaMigrator.LatestVersion))
        {
            store.SchemaVersion = store.Migrate(connection, options.Observer, options.TargetSchemaVersion);
            if (version == 0) StoreSettings.InitializeNew(connection, store.Clock);
            return store;
        }
        if (version == 0)
            throw new AttendanceException("StoreSchemaMissing", FailureKind.InvalidOperation,
                $"The {dialect.Name} database '{location}' holds no AttendanceTools store: it has no schema yet. Nothing was changed.", location,
                "Connect once with -Initialize to create the store's schema in this database.");
        store.SchemaVersion = version;
        // Connected, so Update-AttendanceStoreSchema can upgrade it; every write is refused until then.
        if (store.IsOutdated && options.TargetSchemaVersion is null)
            options.Observer.Warning("StoreSchemaOutdated", store.Outdated().Message + " Reads may fail; every command that writes is refused.");
        return store;
    }

    /// <summary>A server store connected with an older schema (never upgraded on connect): it must be upgraded before anything writes.</summary>
    public bool IsOutdated => IsServer && SchemaVersion < SchemaMigrator.LatestVersion;

    internal AttendanceException Outdated() => new("StoreSchemaOutdated", FailureKind.InvalidOperation,
        $"The {Provider} store '{Location}' has schema version {SchemaVersion} and needs an upgrade to {SchemaMigrator.LatestVersion}; server stores are never upgraded on connect.",
        Location, "Run Update-AttendanceStoreSchema (or connect with -Initialize) once the other jobs on this store have stopped.");

    /// <summary>The store file a SQLite connection string names (Data Source=), for Connect-AttendanceStore -Provider Sqlite.</summary>
    public static string SqliteFileOf(string connectionString)
    {
        string file;
        try { file = new SqliteConnectionStringBuilder(connectionString).DataSource; }
        catch (ArgumentException ex)
        {
            throw new AttendanceException("StoreConnectionStringInvalid", FailureKind.InvalidArgument,
                $"The Sqlite connection string is not valid: {ex.Message}", "Sqlite", "Give 'Data Source=<store file>', or use -Path.", ex);
        }
        if (string.IsNullOrWhiteSpace(file))
            throw new AttendanceException("StoreConnectionStringInvalid", FailureKind.InvalidArgument, "The Sqlite connection string names no file (Data Source=).",
                "Sqlite", "Give 'Data Source=<store file>', or use -Path.");
        return file;
    }

    /// <summary>
    /// Upgrades the store's schema to this module's version (Update-AttendanceStoreSchema); returns the
    /// version it had before. A store already current is left untouched.
    /// </summary>
    public int UpdateSchema(IOperationObserver observer) => UpdateSchema(observer, apply: true).PreviousVersion;

    /// <summary>The schema upgrade as Update-AttendanceStoreSchema reports it; with <paramref name="apply"/> false only what it would do.</summary>
    public SchemaUpdateResult UpdateSchema(IOperationObserver observer, bool apply)
    {
        ArgumentNullException.ThrowIfNull(observer);
        int before;
        using (var probe = OpenConnection()) before = SchemaMigrator.CurrentVersion(probe, Dialect, Location);
        if (before > SchemaMigrator.LatestVersion) throw SchemaMigrator.TooNew(Location, before);
        if (apply && before < SchemaMigrator.LatestVersion) MigrateNow(observer);
        else if (apply) SchemaVersion = before;
        return new SchemaUpdateResult
        {
            Provider = Provider, Location = Location, PreviousVersion = before, SchemaVersion = apply ? SchemaVersion : SchemaMigrator.LatestVersion, WhatIf = !apply,
        };
    }

    private int MigrateNow(IOperationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (IsReadOnly)
            throw new AttendanceException("StoreReadOnly", FailureKind.PermissionDenied,
                $"The store '{Location}' is connected read-only; upgrading its schema writes.", Location, "Connect again without -ReadOnly.");
        using var connection = OpenConnection();
        var before = SchemaMigrator.CurrentVersion(connection, Dialect, Location);
        SchemaVersion = Migrate(connection, observer, null);
        return before;
    }

    private int Migrate(DbConnection connection, IOperationObserver observer, int? target)
    {
        if (Dialect is SqlServerDialect)
            foreach (var sql in SqlServerDialect.CreateSchema()) connection.Execute(sql);
        return SchemaMigrator.Migrate(connection, Dialect, Location, observer, Clock, target);
    }

    private void Initialize(StoreOpenOptions options, bool created)
    {
        using var connection = OpenConnection();
        try
        {
            Recognize(connection, created);
            if (IsReadOnly)
            {
                SchemaVersion = CheckCurrentReadOnly(connection);
                return;
            }
            if (SqliteDialect.IsReadOnlyFile(connection))
            {
                // The file or its folder is write-protected: say so now, not at the first write.
                IsWriteProtected = true;
                SchemaVersion = CheckCurrentReadOnly(connection);
                options.Observer.Warning("StoreReadOnly", StoreFiles.ReadOnlyMessage(Location) + " Reads work; every command that writes will fail.");
                return;
            }
            connection.Execute("PRAGMA journal_mode = WAL;");
            SchemaVersion = SchemaMigrator.Migrate(connection, Dialect, Location, options.Observer, Clock, options.TargetSchemaVersion);
            if (created) StoreSettings.InitializeNew(connection, Clock);
        }
        catch (SqliteException ex) when (SqliteDialect.IsNotADatabase(ex))
        {
            throw StoreFiles.NotRecognized(Location, "it is not a SQLite database", ex);
        }
        catch (SqliteException ex) when (SqliteDialect.IsWriteRefused(ex))
        {
            throw StoreFiles.ReadOnly(Location, ex);
        }
    }

    /// <summary>A file we did not just create must say it is a store (application id) or be one made before the id existed.</summary>
    private void Recognize(DbConnection connection, bool created)
    {
        var id = SqliteDialect.ReadApplicationId(connection);
        if (id == SqliteDialect.ApplicationId) return;
        if (id != 0) throw StoreFiles.NotRecognized(Location, $"its application id is {id}, another program's");
        if (Dialect.TableExists(connection, Tables.SchemaVersion.Name)) return;
        if (created && Dialect.IsEmptyDatabase(connection)) return;
        throw StoreFiles.NotRecognized(Location, Dialect.IsEmptyDatabase(connection)
            ? (new FileInfo(Location).Length == 0 ? "the file is empty" : "it is an empty database")
            : "it is a database without a SchemaVersion table");
    }

    private int CheckCurrentReadOnly(DbConnection connection)
    {
        var version = SchemaMigrator.CurrentVersion(connection, Dialect, Location);
        if (version > SchemaMigrator.LatestVersion) throw SchemaMigrator.TooNew(Location, version);
        if (version < SchemaMigrator.LatestVersion)
            throw new AttendanceException("StoreSchemaOutdated", FailureKind.InvalidOperation,
                $"The store '{Location}' has schema version {version} and needs an upgrade to {SchemaMigrator.LatestVersion}, which " +
                (IsReadOnly ? "a read-only connection cannot do." : "cannot be written because the file is write-protected."),
                Location, IsReadOnly ? "Connect once without -ReadOnly to upgrade the store." : "Make the file and its folder writable, then connect again.");
        return version;
    }
}
