using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The embedded default store. Not sealed for one reason: the SQL Server audit test derives a dialect
/// from it that marks its hooks' text (<see cref="SqlAudit"/>) while every "is SqliteDialect" still holds.
/// </summary>
public class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the write lock.
    private const int SqliteBusy = 5, SqliteLocked = 6;
    // SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN: the file (or its folder) cannot be written; SQLITE_NOTADB: not a database at all.
    private const int SqlitePerm = 3, SqliteReadOnly = 8, SqliteCantOpen = 14, SqliteNotADatabase = 26;

    /// <summary>
    /// The <c>PRAGMA application_id</c> of every AttendanceTools store ("ATND"): the file says what it is,
    /// so a zero-byte file or another program's database is never taken for (or turned into) a store.
    /// </summary>
    public const int ApplicationId = 0x41544E44;

    internal static readonly string StampApplicationId = $"PRAGMA application_id = {ApplicationId}";

    internal static long ReadApplicationId(DbConnection connection) => connection.ScalarLong("PRAGMA application_id");

    /// <summary>True when SQLite opened the file read-only (a write-protected file or folder), whatever mode was asked.</summary>
    internal static bool IsReadOnlyFile(DbConnection connection)
        => connection is SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_db_readonly(handle, "main") == 1;

    /// <summary>The file or its folder refused a write.</summary>
    internal static bool IsWriteRefused(Exception exception)
        => exception is SqliteException { SqliteErrorCode: SqliteReadOnly or SqlitePerm or SqliteCantOpen };

    /// <summary>The file is not a SQLite database (or is encrypted).</summary>
    internal static bool IsNotADatabase(Exception exception)
        => exception is SqliteException { SqliteErrorCode: SqliteNotADatabase };

    public string Name => "SQLite";

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public IEnumerable<string> CreateTable(TableDef table)
        // INTEGER PRIMARY KEY aliases the rowid; AUTOINCREMENT keeps ids of deleted rows from being reused.
        => TableDdl.Create(table, Quote, TypeName, "INTEGER PRIMARY KEY AUTOINCREMENT", identityKey => table.Clustered && !identityKey ? " WITHOUT ROWID" : "");

    public string AddColumn(TableDef table, ColumnDef column)
        => $"ALTER TABLE {Quote(table.Name)} ADD COLUMN {Quote(column.Name)} {TypeName(column.Type)} NULL";

    public string InsertReturningIdentity(TableDef table, IReadOnlyList<string> columns)
        => $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) RETURNING {Quote(table.PrimaryKey[0])}";

    public bool IsTransient(Exception exception)
        => exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public bool TableExists(DbConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        cmd.Parameters.Add(new SqliteParameter("@name", table));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public bool IsEmptyDatabase(DbConnection connection)
        => connection.ScalarLong("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") == 0;

    public IEnumerable<string> ChangeTrackingTriggers() => SqliteChangeTriggers.Create();

    public IEnumerable<string> DropChangeTrackingTriggers() => SqliteChangeTriggers.Names().Select(n => $"DROP TRIGGER IF EXISTS {n}");

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Text or ColumnType.Decimal or ColumnType.Timestamp => "TEXT",
        _ => "INTEGER",
    };
}
