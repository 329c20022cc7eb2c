using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Everything that differs between store engines, kept in one small class per dialect. All other
/// SQL is written once, in the subset both understand (named <c>@parameters</c>, ANSI joins).
/// </summary>
public interface ISqlDialect
{
    /// <summary>Shown to people: "SQLite", "SqlServer".</summary>
    string Name { get; }

    string Quote(string identifier);

    IEnumerable<string> CreateTable(TableDef table);

    /// <summary>DDL that adds a nullable column to an existing table (a later schema version).</summary>
    string AddColumn(TableDef table, ColumnDef column);

    /// <summary>SQL that inserts one row and returns its identity value.</summary>
    string InsertReturningIdentity(TableDef table, IReadOnlyList<string> columns);

    /// <summary>True for faults worth retrying: busy/locked database, deadlock victim, timeouts.</summary>
    bool IsTransient(Exception exception);

    /// <summary>True when the table exists in the connected database.</summary>
    bool TableExists(DbConnection connection, string table);

    /// <summary>True when the database holds no tables at all (a new file or database).</summary>
    bool IsEmptyDatabase(DbConnection connection);

    /// <summary>DDL of the change-tracking triggers (schema version 2).</summary>
    IEnumerable<string> ChangeTrackingTriggers();

    /// <summary>DDL that drops them, for a bulk load that records one coarse change instead.</summary>
    IEnumerable<string> DropChangeTrackingTriggers();

    // Provider hooks added for the server stores (#15). The defaults are SQLite's, so the existing
    // dialect needs no change and the engine's SQL stays one text for every store.

    /// <summary>
    /// SQL run first in every write transaction. SQLite's BEGIN IMMEDIATE already serialises writers;
    /// a server store takes a transaction-scoped lock here so writers queue the same way.
    /// </summary>
    string? BeginWrite => null;

    /// <summary>A case-insensitive equality of <paramref name="expression"/> with the parameter <paramref name="parameter"/> (no @).</summary>
    string EqualsIgnoreCase(string expression, string parameter) => $"{expression} = @{parameter} COLLATE NOCASE";

    /// <summary>The LIKE operator that ignores case (SQLite's LIKE does for ASCII; PostgreSQL's ILIKE).</summary>
    string LikeIgnoreCase => "LIKE";

    /// <summary>
    /// <paramref name="expression"/> is one of the values of a JSON array held by the parameter <paramref name="parameter"/>
    /// (no @): integers, or text compared case-insensitively when <paramref name="ignoreCase"/>.
    /// </summary>
    string InJsonSet(string expression, string parameter, bool ignoreCase = false)
        => $"{expression}{(ignoreCase ? " COLLATE NOCASE" : "")} IN (SELECT value FROM json_each(@{parameter}))";

    /// <summary>
    /// The clause after an ORDER BY that keeps the first rows, as many as the parameter <paramref name="parameter"/> (no @) says.
    /// SQL Server has no LIMIT; its OFFSET ... FETCH needs the ORDER BY every caller writes anyway.
    /// </summary>
    string FirstRows(string parameter) => $"LIMIT @{parameter}";

    /// <summary>SQL returning the highest surrogate ever handed out for the identity table (deleted rows included), so ids are never reused.</summary>
    string IdentityHighWater(TableDef table)
        => $"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table.Name}'), 0)";

    /// <summary>
    /// Statements run after rows were inserted with explicit surrogates (bulk load, import), so the
    /// store's own generator continues above them. SQLite's AUTOINCREMENT does that by itself.
    /// </summary>
    IEnumerable<string> AfterExplicitIdentities(TableDef table) => [];

    /// <summary>
    /// The statement that lets (<paramref name="allow"/>) or stops letting the session insert explicit surrogates into
    /// <paramref name="table"/>'s identity column; null where that needs no permission (SQLite, PostgreSQL's BY DEFAULT).
    /// </summary>
    string? ExplicitIdentityInsert(TableDef table, bool allow) => null;

    /// <summary>
    /// Takes a lock tied to a connection's life (a server session) for the lease <paramref name="name"/>,
    /// so a lease whose holder's session died is known dead at once. Null when the lock is held by a live
    /// session; a no-op lock for stores without sessions (SQLite).
    /// </summary>
    IDisposable? TryTakeSessionLock(Func<DbConnection> open, string name) => NoSessionLock.Instance;

    // Set-based writes of a server store (StagedChanges): rows stream into a session's temporary table, then one
    // statement per kind of change joins it to the target. SQLite writes row statements (its fastest path), so it
    // has none of these.

    /// <summary>The name a session's temporary table <paramref name="name"/> is referred to by (SQL Server's start with #).</summary>
    string TempTable(string name) => throw SetBasedWritesNotUsed();

    /// <summary>
    /// DDL that creates the temporary table <paramref name="table"/> for this transaction unless this session already has it
    /// (a second writer in the same transaction reuses it). No keys or indexes: it holds one write's rows at a time.
    /// </summary>
    string CreateTempTable(TableDef table) => throw SetBasedWritesNotUsed();

    /// <summary>
    /// An UPDATE of <paramref name="table"/> (alias t) from the rows of the temporary table <paramref name="staging"/> (alias s)
    /// that match on <paramref name="match"/>, setting <paramref name="assignments"/> (unqualified targets), limited by <paramref name="where"/>.
    /// </summary>
    string UpdateFrom(string table, string staging, string match, string assignments, string where) => throw SetBasedWritesNotUsed();

    /// <summary>A DELETE of the rows of <paramref name="table"/> (alias t) that match a row of <paramref name="staging"/> (alias s) on <paramref name="match"/>, limited by <paramref name="where"/>.</summary>
    string DeleteFrom(string table, string staging, string match, string where) => throw SetBasedWritesNotUsed();

    private static NotSupportedException SetBasedWritesNotUsed()
        => new("This store writes row statements; set-based writes through a temporary table are a server store's.");
}

/// <summary>The session lock of a store without server sessions: always granted, nothing to release.</summary>
internal sealed class NoSessionLock : IDisposable
{
    public static readonly NoSessionLock Instance = new();
    public void Dispose() { }
}

/// <summary>The dialect of an open connection, for helpers that are handed only the connection.</summary>
public static class Dialects
{
    public static ISqlDialect Of(DbConnection connection) => connection switch
    {
        Npgsql.NpgsqlConnection => PostgreSqlDialect.Instance,
        Microsoft.Data.SqlClient.SqlConnection => SqlServerDialect.Instance,
        _ => SqlAudit.Sqlite,
    };
}
