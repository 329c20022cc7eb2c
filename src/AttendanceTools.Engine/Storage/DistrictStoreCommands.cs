using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// One prepared single-row statement (insert, update or delete) reused for every row of a table:
/// parameters are created once and only their values change (architecture.md: ~500k rows/s in one
/// transaction; multi-row VALUES is slower). On SQLite the statement is compiled straight through
/// SQLitePCL and bound by index, which skips ADO.NET's per-call lookup of every parameter by name.
/// </summary>
internal sealed class PreparedRowCommand : IDisposable
{
    private readonly DbCommand? _command;
    private readonly (DbParameter Parameter, int Column)[] _bindings = [];
    private readonly sqlite3? _db;
    private readonly sqlite3_stmt? _stmt;
    private readonly (int Index, int Column)[] _rawBindings = [];
    // SQL Server: the statement that ends explicit identity values for the table (run on Dispose).
    private string? _identityInsertOff;

    private PreparedRowCommand(DbConnection connection, DbTransaction tx, TableDef def, string sql, IEnumerable<int> columns)
    {
        SqlAudit.Record(connection, sql);
        if (connection is SqliteConnection { Handle: { } db })
        {
            _db = db;
            Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
            _stmt = stmt;
            _rawBindings = [.. columns.Select(i => (raw.sqlite3_bind_parameter_index(stmt, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), i))];
            return;
        }
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = tx;
        _bindings = [.. columns.Select(i =>
        {
            var p = _command.CreateParameter();
            p.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A server prepares the statement once, so it needs each parameter's type before the first value.
            p.DbType = def.Columns[i].Type is ColumnType.Text or ColumnType.Decimal or ColumnType.Timestamp ? System.Data.DbType.String : System.Data.DbType.Int64;
            _command.Parameters.Add(p);
            return (p, i);
        })];
        _command.PrepareForReuse();
    }

    /// <summary>INSERT of every column, the identity column included (we assign ids ourselves).</summary>
    public static PreparedRowCommand Insert(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var all = Enumerable.Range(0, def.Columns.Count).ToList();
        var sql = $"INSERT INTO {dialect.Quote(def.Name)} ({string.Join(", ", def.Columns.Select(x => dialect.Quote(x.Name)))}) " +
                  $"VALUES ({string.Join(", ", all.Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
        var command = new PreparedRowCommand(c, tx, def, sql, all);
        // SQL Server refuses explicit values in an IDENTITY column unless the session allows it, one table at a time.
        if (def.HasIdentity && dialect.ExplicitIdentityInsert(def, allow: true) is { } on)
        {
            c.Execute(on, tx);
            command._identityInsertOff = dialect.ExplicitIdentityInsert(def, allow: false);
        }
        return command;
    }

    /// <summary>UPDATE of every non-key column, found by the primary key; null when every column is key.</summary>
    public static PreparedRowCommand? Update(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var keys = KeyColumns(def);
        var set = Enumerable.Range(0, def.Columns.Count).Where(i => !keys.Contains(i)).ToList();
        if (set.Count == 0) return null;
        var sql = $"UPDATE {dialect.Quote(def.Name)} SET {string.Join(", ", set.Select(i => $"{dialect.Quote(def.Columns[i].Name)} = @p{i}"))} " +
                  $"WHERE {Where(dialect, def, keys)}";
        return new PreparedRowCommand(c, tx, def, sql, set.Concat(keys));
    }

    /// <summary>DELETE of one row, found by the primary key.</summary>
    public static PreparedRowCommand Delete(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var keys = KeyColumns(def);
        return new PreparedRowCommand(c, tx, def, $"DELETE FROM {dialect.Quote(def.Name)} WHERE {Where(dialect, def, keys)}", keys);
    }

    /// <summary>Runs the statement with <paramref name="values"/> laid out in the table's column order; returns the rows it changed.</summary>
    public int Execute(object?[] values)
    {
        if (_stmt is not null) return ExecuteRaw(values);
        foreach (var (p, i) in _bindings) p.Value = values[i] ?? DBNull.Value;
        return _command!.ExecuteNonQuery();
    }

    private int ExecuteRaw(object?[] values)
    {
        foreach (var (index, column) in _rawBindings)
        {
            var rc = values[column] switch
            {
                null or DBNull => raw.sqlite3_bind_null(_stmt, index),
                int n => raw.sqlite3_bind_int(_stmt, index, n),
                long n => raw.sqlite3_bind_int64(_stmt, index, n),
                string text => raw.sqlite3_bind_text(_stmt, index, text),
                var other => throw new InvalidOperationException($"No SQLite binding for a {other.GetType().Name}."),
            };
            Check(_db!, rc);
        }
        var step = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        Check(_db!, step);
        return raw.sqlite3_changes(_db);
    }

    public void Dispose()
    {
        _stmt?.Dispose();
        if (_identityInsertOff is { } off && _command is { Connection: { } c, Transaction: var tx })
        {
            _identityInsertOff = null;
            c.Execute(off, tx);
        }
        _command?.Dispose();
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        // The exception ADO.NET would throw, so duplicate-key and retry classification stay one path.
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }

    /// <summary>True for a primary-key or unique-index violation (a duplicate natural key).</summary>
    public static bool IsDuplicateKey(DbException ex)
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067); PostgreSQL's unique_violation;
        // SQL Server's violated primary key (2627) and unique index (2601).
        => ex is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 } or Npgsql.PostgresException { SqlState: "23505" }
            or Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 };

    private static List<int> KeyColumns(TableDef def)
        => [.. def.PrimaryKey.Select(k => def.Columns.ToList().FindIndex(c => c.Name == k))];

    private static string Where(ISqlDialect dialect, TableDef def, List<int> keys)
        => string.Join(" AND ", keys.Select(i => $"{dialect.Quote(def.Columns[i].Name)} = @p{i}"));
}
