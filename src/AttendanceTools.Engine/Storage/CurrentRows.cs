using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Reads the current rows for many primary keys of one table at once (undo and restore plans compare
/// every journaled row with the store). One query per key was the restore's whole cost at district
/// size, so keys are read in ranges of their leading key column (integer refs, dates, years: the same
/// order in memory and in every dialect), each range one index scan, and matched in memory. Tables
/// whose leading key is text, and small key sets, use one prepared point query instead.
/// </summary>
internal static class CurrentRows
{
    /// <summary>Journaled keys per range query; ranges never overlap, so a sparse key set reads each row once at most.</summary>
    private const int KeysPerRange = 2000;

    /// <summary>Below this many keys a point query per key costs less than scanning their ranges.</summary>
    private const int PointReadLimit = 64;

    /// <summary>The key text rows are matched by (the primary-key values, invariant, unit-separated).</summary>
    public static string KeyText(TableDef table, IReadOnlyDictionary<string, object?> image) =>
        string.Join("\u001f", table.PrimaryKey.Select(k => Convert.ToString(RowImage.Normalize(image[k]), CultureInfo.InvariantCulture)));

    /// <summary>The current row of each key in <paramref name="keys"/> (images holding at least the key columns); absent rows are missing from the result.</summary>
    public static Dictionary<string, RowImage> Read(DbConnection c, DbTransaction? tx, TableDef table, IEnumerable<IReadOnlyDictionary<string, object?>> keys)
    {
        var wanted = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var key in keys) wanted.TryAdd(KeyText(table, key), key);
        var found = new Dictionary<string, RowImage>(StringComparer.Ordinal);
        if (wanted.Count == 0) return found;
        var columns = string.Join(", ", table.Columns.Select(col => col.Name));
        var leading = table.PrimaryKey[0];
        var ranged = table.Column(leading).Type is ColumnType.Identity or ColumnType.Int or ColumnType.Long or ColumnType.Date or ColumnType.Bool or ColumnType.Minutes;
        if (!ranged || wanted.Count < PointReadLimit)
        {
            var where = string.Join(" AND ", table.PrimaryKey.Select((k, i) => $"{k} = @k{i.ToString(CultureInfo.InvariantCulture)}"));
            using var point = c.Command($"SELECT {columns} FROM {table.Name} WHERE {where}", tx);
            for (var i = 0; i < table.PrimaryKey.Count; i++) point.AddParameter("k" + i.ToString(CultureInfo.InvariantCulture), null);
            point.PrepareForReuse();
            foreach (var key in wanted.Values)
            {
                for (var i = 0; i < table.PrimaryKey.Count; i++) point.Parameters[i].Value = RowImage.Normalize(key[table.PrimaryKey[i]]) ?? DBNull.Value;
                Collect(point, table, wanted, found);
            }
            return found;
        }

        // Leading values in order, cut into ranges of about KeysPerRange keys (one leading value is never split).
        var perLeading = wanted.Values.GroupBy(k => Convert.ToInt64(RowImage.Normalize(k[leading]), CultureInfo.InvariantCulture))
            .Select(g => (Value: g.Key, Keys: g.Count())).OrderBy(g => g.Value).ToList();
        using var range = c.Command($"SELECT {columns} FROM {table.Name} WHERE {leading} >= @lo AND {leading} <= @hi", tx, ("lo", 0L), ("hi", 0L));
        range.PrepareForReuse();
        for (var start = 0; start < perLeading.Count;)
        {
            var end = start;
            var count = perLeading[start].Keys;
            while (end + 1 < perLeading.Count && count + perLeading[end + 1].Keys <= KeysPerRange) count += perLeading[++end].Keys;
            range.Parameters[0].Value = perLeading[start].Value;
            range.Parameters[1].Value = perLeading[end].Value;
            Collect(range, table, wanted, found);
            start = end + 1;
        }
        return found;
    }

    private static void Collect(DbCommand cmd, TableDef table, Dictionary<string, IReadOnlyDictionary<string, object?>> wanted, Dictionary<string, RowImage> found)
    {
        var keyOrdinals = table.PrimaryKey.Select(k => table.Columns.ToList().FindIndex(col => col.Name == k)).ToArray();
        using var r = cmd.OpenReader();
        while (r.Read())
        {
            // The key first: a range read passes rows nobody asked for, which need no image.
            var key = string.Join("\u001f", keyOrdinals.Select(i => Convert.ToString(RowImage.Normalize(r.GetValue(i)), CultureInfo.InvariantCulture)));
            if (!wanted.ContainsKey(key)) continue;
            var row = new RowImage();
            for (var i = 0; i < table.Columns.Count; i++) row[table.Columns[i].Name] = RowImage.Normalize(r.GetValue(i));
            found[key] = row;
        }
    }
}
