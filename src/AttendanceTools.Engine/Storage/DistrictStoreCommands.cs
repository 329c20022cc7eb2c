using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// One prepared single-row statement (insert, update or delete) reused for every row of a table:
/// parameters are created once and only their values change. With Microsoft.Data.Sqlite in one
/// transaction this is the fastest write path (architecture.md: ~500k rows/s; multi-row VALUES is slower).
/// </summary>
internal sealed class PreparedRowCommand : IDisposable
{
    private readonly DbCommand _command;
    private readonly (DbParameter Parameter, int Column)[] _bindings;

    private PreparedRowCommand(DbConnection connection, DbTransaction tx, string sql, IEnumerable<int> columns)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = tx;
        _bindings = [.. columns.Select(i =>
        {
            var p = _command.CreateParameter();
            p.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _command.Parameters.Add(p);
            return (p, i);
        })];
        _command.Prepare();
    }

    /// <summary>INSERT of every column, the identity column included (we assign ids ourselves).</summary>
    public static PreparedRowCommand Insert(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var all = Enumerable.Range(0, def.Columns.Count).ToList();
        var sql = $"INSERT INTO {dialect.Quote(def.Name)} ({string.Join(", ", def.Columns.Select(x => dialect.Quote(x.Name)))}) " +
                  $"VALUES ({string.Join(", ", all.Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
        return new PreparedRowCommand(c, tx, sql, all);
    }

    /// <summary>UPDATE of every non-key column, found by the primary key; null when every column is key.</summary>
    public static PreparedRowCommand? Update(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var keys = KeyColumns(def);
        var set = Enumerable.Range(0, def.Columns.Count).Where(i => !keys.Contains(i)).ToList();
        if (set.Count == 0) return null;
        var sql = $"UPDATE {dialect.Quote(def.Name)} SET {string.Join(", ", set.Select(i => $"{dialect.Quote(def.Columns[i].Name)} = @p{i}"))} " +
                  $"WHERE {Where(dialect, def, keys)}";
        return new PreparedRowCommand(c, tx, sql, set.Concat(keys));
    }

    /// <summary>DELETE of one row, found by the primary key.</summary>
    public static PreparedRowCommand Delete(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def)
    {
        var keys = KeyColumns(def);
        return new PreparedRowCommand(c, tx, $"DELETE FROM {dialect.Quote(def.Name)} WHERE {Where(dialect, def, keys)}", keys);
    }

    /// <summary>Runs the statement with <paramref name="values"/> laid out in the table's column order.</summary>
    public int Execute(object?[] values)
    {
        foreach (var (p, i) in _bindings) p.Value = values[i] ?? DBNull.Value;
        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    /// <summary>True for a primary-key or unique-index violation (a duplicate natural key).</summary>
    public static bool IsDuplicateKey(DbException ex)
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
        => ex is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    private static List<int> KeyColumns(TableDef def)
        => [.. def.PrimaryKey.Select(k => def.Columns.ToList().FindIndex(c => c.Name == k))];

    private static string Where(ISqlDialect dialect, TableDef def, List<int> keys)
        => string.Join(" AND ", keys.Select(i => $"{dialect.Quote(def.Columns[i].Name)} = @p{i}"));
}
