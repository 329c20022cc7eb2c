using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Whole-row writes by primary key for any table, one prepared statement per table and kind (insert,
/// update, delete) reused for every row: rollovers write and restores put back hundreds of thousands
/// of rows in one transaction, where building and parsing a statement per row was most of the time.
/// </summary>
internal sealed class RowWriter(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<(string, char), (DbCommand Command, string[] Columns)> _commands = [];

    /// <summary>Puts a row into the state <paramref name="target"/> (null: deleted), from <paramref name="current"/> (null: absent).</summary>
    public void Move(TableDef table, IReadOnlyDictionary<string, object?>? current, IReadOnlyDictionary<string, object?>? target)
    {
        if (current is null && target is null) return;
        var op = current is null ? 'I' : target is null ? 'D' : 'U';
        if (!_commands.TryGetValue((table.Name, op), out var prepared))
        {
            var cols = table.Columns.Select(c => c.Name).ToList();
            var keyWhere = string.Join(" AND ", table.PrimaryKey.Select(k => $"{k} = @{k}"));
            var sql = op switch
            {
                'I' => $"INSERT INTO {table.Name} ({string.Join(", ", cols)}) VALUES ({string.Join(", ", cols.Select(c => "@" + c))})",
                'D' => $"DELETE FROM {table.Name} WHERE {keyWhere}",
                _ => $"UPDATE {table.Name} SET {string.Join(", ", cols.Where(c => !table.PrimaryKey.Contains(c)).Select(c => $"{c} = @{c}"))} WHERE {keyWhere}",
            };
            var cmd = connection.Command(sql, transaction);
            var bound = (op == 'D' ? table.PrimaryKey : cols).ToArray();
            foreach (var col in bound) cmd.AddParameter(col, null);
            cmd.PrepareForReuse();
            _commands[(table.Name, op)] = prepared = (cmd, bound);
        }
        var image = (target ?? current)!;
        for (var i = 0; i < prepared.Columns.Length; i++)
            prepared.Command.Parameters[i].Value = RowImage.Normalize(image[prepared.Columns[i]]) ?? DBNull.Value;
        prepared.Command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var (cmd, _) in _commands.Values) cmd.Dispose();
    }
}
