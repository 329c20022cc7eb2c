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
}
