using System.Data.Common;
using System.Text;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.SqlClient;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// SQL Server and Azure SQL through Microsoft.Data.SqlClient. Tables live in their own schema
/// (<see cref="Schema"/>); the engine's unqualified SQL resolves there because the store's login
/// has it as its default schema (README, "Stores"). Values keep SQLite's forms (yyyymmdd integers,
/// ISO text timestamps, 0/1 flags) and text uses a binary collation, so ordering matches SQLite's.
/// </summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    public const string Schema = "attendance";

    /// <summary>Binary, code-point order: the same order as SQLite's BINARY and PostgreSQL's "C".</summary>
    internal const string BinaryCollation = "Latin1_General_100_BIN2";

    /// <summary>The collation of the comparisons that ignore case (ids typed by people, names).</summary>
    internal const string CaseInsensitiveCollation = "Latin1_General_100_CI_AS";

    /// <summary>
    /// Error numbers worth retrying: deadlock victim (1205), Azure SQL's service errors and throttling
    /// (40197, 40501, 40613, 49918-49920, 10928, 10929), a database not yet available (4060),
    /// network faults (64, 233, 10053, 10054, 10060, 11001) and a command timeout (-2).
    /// </summary>
    private static readonly HashSet<int> TransientNumbers = [1205, 40197, 40501, 40613, 49918, 49919, 49920, 4060, 10928, 10929, 64, 233, 10053, 10054, 10060, 11001, -2];

    public string Name => "SqlServer";

    public string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    /// <summary>The schema-qualified, quoted name of a table: [attendance].[name].</summary>
    internal string Table(string name) => Quote(Schema) + "." + Quote(name);

    public IEnumerable<string> CreateTable(TableDef table)
    {
        var sql = new StringBuilder().Append("CREATE TABLE ").Append(Table(table.Name)).Append(" (");
        var keys = table.PrimaryKey.ToHashSet(StringComparer.Ordinal);
        var indexed = table.Indexes.SelectMany(i => i.Columns).Concat(keys).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var c = table.Columns[i];
            if (i > 0) sql.Append(", ");
            sql.Append(Quote(c.Name)).Append(' ');
            sql.Append(c.Type == ColumnType.Identity ? "BIGINT IDENTITY(1,1) NOT NULL" : TypeName(c, indexed.Contains(c.Name)) + (c.Nullable ? " NULL" : " NOT NULL"));
        }
        sql.Append(", CONSTRAINT ").Append(Quote("PK_" + table.Name)).Append(" PRIMARY KEY ")
           .Append(table.Clustered || table.HasIdentity ? "CLUSTERED" : "NONCLUSTERED")
           .Append(" (").Append(string.Join(", ", table.PrimaryKey.Select(Quote))).Append("))");
        yield return sql.ToString();
        foreach (var index in table.Indexes)
            yield return $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Table(table.Name)} ({string.Join(", ", index.Columns.Select(Quote))})";
    }

    public string AddColumn(TableDef table, ColumnDef column) => $"ALTER TABLE {Table(table.Name)} ADD {Quote(column.Name)} {TypeName(column, false)} NULL";

    public string InsertReturningIdentity(TableDef table, IReadOnlyList<string> columns)
        => $"INSERT INTO {Table(table.Name)} ({string.Join(", ", columns.Select(Quote))}) OUTPUT INSERTED.{Quote(table.PrimaryKey[0])} VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";

    public bool IsTransient(Exception exception) => exception switch
    {
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => IsTransientNumber(e.Number)) || IsTransientNumber(sql.Number),
        TimeoutException => true,
        _ => false,
    };

    /// <summary>The error-number classification of <see cref="IsTransient"/> (SqlException has no public constructor; tests use this).</summary>
    public static bool IsTransientNumber(int number) => TransientNumbers.Contains(number);

    public bool TableExists(DbConnection connection, string table)
        => connection.ScalarLong("SELECT COUNT(*) FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = @s AND t.name = @t", null,
            ("s", Schema), ("t", table)) > 0;

    public bool IsEmptyDatabase(DbConnection connection)
        => connection.ScalarLong("SELECT COUNT(*) FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = @s", null, ("s", Schema)) == 0;

    /// <summary>Statement triggers over <c>inserted</c>/<c>deleted</c>, logging the regions <see cref="SqliteChangeTriggers"/> names.</summary>
    public IEnumerable<string> ChangeTrackingTriggers()
    {
        foreach (var (table, columns, region) in SqliteChangeTriggers.Specs)
        {
            var old = SqliteChangeTriggers.Insert + "SELECT " + region.Replace("R.", "d.", StringComparison.Ordinal) + " FROM deleted d;";
            var @new = SqliteChangeTriggers.Insert + "SELECT " + region.Replace("R.", "i.", StringComparison.Ordinal) + " FROM inserted i;";
            var updated = string.Join(" OR ", columns.Split(", ").Select(c => $"UPDATE({Quote(c)})"));
            if (!SqliteChangeTriggers.UpdateDeleteOnly.Contains(table))
                yield return Trigger(table, "ins", "INSERT", @new);
            yield return Trigger(table, "upd", "UPDATE", $"IF {updated} BEGIN {old} {@new} END");
            yield return Trigger(table, "del", "DELETE", old);
        }
        var section = SqliteChangeTriggers.Insert + SqliteChangeTriggers.SectionRegion.Replace("R.", "d.", StringComparison.Ordinal).Replace("FROM StudentSectionAssociation A WHERE", "FROM deleted d JOIN StudentSectionAssociation A ON", StringComparison.Ordinal) + ";";
        yield return Trigger("Section", "upd", "UPDATE", $"IF {string.Join(" OR ", SqliteChangeTriggers.SectionColumns.Split(", ").Select(c => $"UPDATE({Quote(c)})"))} BEGIN {section} END");
        yield return Trigger("Section", "del", "DELETE", section);
    }

    public IEnumerable<string> DropChangeTrackingTriggers()
        => SqliteChangeTriggers.Names().Select(n => $"DROP TRIGGER IF EXISTS {Table(n)}");

    string? ISqlDialect.BeginWrite
        => "DECLARE @r int; EXEC @r = sp_getapplock @Resource = 'AttendanceTools.Writer', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000; " +
           "IF @r < 0 THROW 51000, 'The store''s writer lock was not granted within 30 seconds.', 1;";

    string ISqlDialect.FirstRows(string parameter) => $"OFFSET 0 ROWS FETCH NEXT @{parameter} ROWS ONLY";

    // The text columns are binary-collated (case-sensitive): a case-insensitive LIKE names a CI collation on the left operand.
    string ISqlDialect.LikeIgnoreCase => $"COLLATE {CaseInsensitiveCollation} LIKE";

    string ISqlDialect.EqualsIgnoreCase(string expression, string parameter) => $"{expression} = @{parameter} COLLATE {CaseInsensitiveCollation}";

    string ISqlDialect.InJsonSet(string expression, string parameter, bool ignoreCase)
        => ignoreCase
            ? $"{expression} COLLATE {CaseInsensitiveCollation} IN (SELECT value COLLATE {CaseInsensitiveCollation} FROM OPENJSON(@{parameter}))"
            : $"{expression} IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@{parameter}))";

    string ISqlDialect.IdentityHighWater(TableDef table)
        => $"SELECT CASE WHEN IDENT_CURRENT('{Schema}.{table.Name}') IS NULL OR (SELECT last_value FROM sys.identity_columns WHERE object_id = OBJECT_ID('{Schema}.{table.Name}')) IS NULL THEN 0 ELSE CAST(IDENT_CURRENT('{Schema}.{table.Name}') AS BIGINT) END";

    IEnumerable<string> ISqlDialect.AfterExplicitIdentities(TableDef table)
    {
        // RESEED to the highest key only moves forward here: it runs after inserts above the current value.
        yield return $"DECLARE @m BIGINT = (SELECT COALESCE(MAX({Quote(table.PrimaryKey[0])}), 0) FROM {Table(table.Name)}); IF @m > 0 DBCC CHECKIDENT ('{Schema}.{table.Name}', RESEED, @m) WITH NO_INFOMSGS;";
    }

    string? ISqlDialect.ExplicitIdentityInsert(TableDef table, bool allow) => $"SET IDENTITY_INSERT {Table(table.Name)} {(allow ? "ON" : "OFF")}";

    /// <summary>
    /// The statements that prepare an empty database: the store's own schema, and snapshot isolation allowed,
    /// which the engine's consistent reads (DistrictStore.BeginSnapshot) ask for; run outside a transaction.
    /// </summary>
    public static IEnumerable<string> CreateSchema() =>
    [
        $"IF SCHEMA_ID('{Schema}') IS NULL EXEC('CREATE SCHEMA [{Schema}]')",
        "IF (SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) = 0 ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON",
    ];

    // Set-based writes (StagedChanges): a #temporary table of the session (created once, emptied after each write), then
    // UPDATE ... FROM and DELETE ... FROM joined to it. Its text columns name the store's collation: a temporary table
    // would otherwise take tempdb's default, and comparisons with the store's columns would fail on a collation conflict.

    string ISqlDialect.TempTable(string name) => "#" + name;

    string ISqlDialect.CreateTempTable(TableDef table)
        => $"IF OBJECT_ID('tempdb..#{table.Name}') IS NULL CREATE TABLE #{table.Name} (" +
           string.Join(", ", table.Columns.Select(c => $"{Quote(c.Name)} {TypeName(c, false)}{(c.Nullable ? " NULL" : " NOT NULL")}")) + ")";

    string ISqlDialect.UpdateFrom(string table, string staging, string match, string assignments, string where)
        => $"UPDATE t SET {assignments} FROM {table} AS t JOIN {staging} AS s ON {match} WHERE {where}";

    string ISqlDialect.DeleteFrom(string table, string staging, string match, string where)
        => $"DELETE t FROM {table} AS t JOIN {staging} AS s ON {match} WHERE {where}";

    private string Trigger(string table, string suffix, string timing, string body)
        => $"CREATE TRIGGER {Table($"trg_{table}_{suffix}")} ON {Table(table)} AFTER {timing} AS BEGIN SET NOCOUNT ON; {body} END";

    /// <summary>The T-SQL type of a column (public so the type mapping is tested without a server).</summary>
    public static string TypeName(ColumnDef column, bool indexed) => column.Type switch
    {
        ColumnType.Text => $"NVARCHAR({(column.MaxLength > 0 ? column.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture) : indexed ? "450" : "MAX")}) COLLATE {BinaryCollation}",
        ColumnType.Decimal => $"VARCHAR(40) COLLATE {BinaryCollation}",
        ColumnType.Timestamp => $"VARCHAR(40) COLLATE {BinaryCollation}",
        // One integer width, as SQLite's: readers get Int64 back from every store.
        _ => "BIGINT",
    };
}
