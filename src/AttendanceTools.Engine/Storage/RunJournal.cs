using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A row image: every column of one table row, by column name, holding the value as stored
/// (<c>long</c> for Int/Long/Bool/Date/Minutes/Identity, <c>string</c> for Text/Decimal/Timestamp, or null).
/// </summary>
public sealed class RowImage : Dictionary<string, object?>
{
    public RowImage() : base(StringComparer.Ordinal) { }

    public RowImage(IEnumerable<KeyValuePair<string, object?>> values) : base(StringComparer.Ordinal)
    {
        foreach (var (k, v) in values) this[k] = Normalize(v);
    }

    /// <summary>Stored values compare the same whatever integer width or DBNull the provider handed back.</summary>
    internal static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        bool b => b ? 1L : 0L,
        decimal d => DbValue.Decimal(d),
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => e.GetInt64(),
            _ => e.GetString(),
        },
        _ => value,
    };

    public bool SameAs(RowImage other) =>
        Count == other.Count && this.All(kv => other.TryGetValue(kv.Key, out var v) && Equals(Normalize(kv.Value), Normalize(v)));
}

/// <summary>
/// Records, inside a reversible run's apply transaction, the before- and after-image of every
/// district row the run changes (domain §4.4 "reversible runs keep what is needed to undo them").
/// One mechanism for every reversible operation: backfill, bridge sync and rollovers record here,
/// and <c>Undo.UndoOperation</c> reverses any of them with the same conflict rules.
/// </summary>
public sealed class RunJournal
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private DbCommand? _insert;

    public RunJournal(DbConnection connection, DbTransaction transaction, long runId)
    {
        _connection = connection;
        _transaction = transaction;
        RunId = runId;
    }

    public long RunId { get; }

    /// <summary>Rows recorded so far.</summary>
    public int Count { get; private set; }

    public void Inserted(TableDef table, IReadOnlyDictionary<string, object?> after) => Record(table, null, after);

    public void Updated(TableDef table, IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after)
        => Record(table, before, after);

    public void Deleted(TableDef table, IReadOnlyDictionary<string, object?> before) => Record(table, before, null);

    private void Record(TableDef table, IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?>? after)
    {
        if (table.HasIdentity)
            throw new InvalidOperationException($"Table {table.Name} has a store-generated key; the run journal records only tables keyed by their columns.");
        CheckColumns(table, before);
        CheckColumns(table, after);
        if (_insert is null)
        {
            _insert = _connection.Command("INSERT INTO RunChange (RunId, Seq, TableName, Before, After) VALUES (@r, @s, @t, @b, @a)", _transaction,
                ("r", RunId), ("s", 0), ("t", ""), ("b", null), ("a", null));
            _insert.PrepareForReuse();
        }
        _insert.Parameters[1].Value = ++Count;
        _insert.Parameters[2].Value = table.Name;
        _insert.Parameters[3].Value = Serialize(before);
        _insert.Parameters[4].Value = Serialize(after);
        _insert.ExecuteNonQuery();
    }

    /// <summary>An image must be the whole row: undo compares and writes every column.</summary>
    private static void CheckColumns(TableDef table, IReadOnlyDictionary<string, object?>? image)
    {
        if (image is null) return;
        foreach (var column in table.Columns)
            if (!image.ContainsKey(column.Name))
                throw new ArgumentException($"The {table.Name} row image lacks column {column.Name}.", nameof(image));
        if (image.Count != table.Columns.Count)
            throw new ArgumentException($"The {table.Name} row image has columns the table does not have.", nameof(image));
    }

    private static object Serialize(IReadOnlyDictionary<string, object?>? image)
        => image is null ? DBNull.Value : JsonSerializer.Serialize(image.ToDictionary(kv => kv.Key, kv => RowImage.Normalize(kv.Value)));

    internal static RowImage? Deserialize(string? json)
        => json is null ? null : new RowImage(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!
            .Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));

    /// <summary>Reads the current row with the image's primary key, or null when there is none.</summary>
    public static RowImage? ReadRow(DbConnection connection, DbTransaction? transaction, TableDef table, IReadOnlyDictionary<string, object?> key)
    {
        var where = string.Join(" AND ", table.PrimaryKey.Select((k, i) => $"{k} = @k{i}"));
        using var cmd = connection.Command($"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name} WHERE {where}", transaction);
        for (var i = 0; i < table.PrimaryKey.Count; i++) cmd.AddParameter("k" + i.ToString(CultureInfo.InvariantCulture), key[table.PrimaryKey[i]]);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var row = new RowImage();
        for (var i = 0; i < table.Columns.Count; i++) row[table.Columns[i].Name] = RowImage.Normalize(r.GetValue(i));
        return row;
    }
}
