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

    /// <summary>
    /// The image as JSON: an object of column → stored value, written directly (a journal holds one or two
    /// images per changed row, hundreds of thousands in a rollover); the bytes are those
    /// <c>JsonSerializer.Serialize</c> gives the normalized dictionary, with the same default encoder.
    /// </summary>
    internal static object Serialize(IReadOnlyDictionary<string, object?>? image)
    {
        if (image is null) return DBNull.Value;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (column, raw) in image)
            {
                json.WritePropertyName(column);
                switch (RowImage.Normalize(raw))
                {
                    case null: json.WriteNullValue(); break;
                    case long l: json.WriteNumberValue(l); break;
                    case string text: json.WriteStringValue(text); break;
                    case var other: JsonSerializer.Serialize(json, other, other.GetType()); break;
                }
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An image read back: numbers as <c>long</c>, text as string, null as null (what <see cref="RowImage.Normalize"/> makes of JSON).</summary>
    internal static RowImage? Deserialize(string? json)
    {
        if (json is null) return null;
        var image = new RowImage();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A row image is a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = reader.GetString()!;
            reader.Read();
            image[column] = reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.Number => reader.GetInt64(),
                JsonTokenType.String => reader.GetString(),
                _ => throw new JsonException($"Column {column} of a row image holds a {reader.TokenType}, not a stored value."),
            };
        }
        return image;
    }

    /// <summary>Reads the current row with the image's primary key, or null when there is none.</summary>
    public static RowImage? ReadRow(DbConnection connection, DbTransaction? transaction, TableDef table, IReadOnlyDictionary<string, object?> key)
    {
        var where = string.Join(" AND ", table.PrimaryKey.Select((k, i) => $"{k} = @k{i}"));
        using var cmd = connection.Command($"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name} WHERE {where}", transaction);
        for (var i = 0; i < table.PrimaryKey.Count; i++) cmd.AddParameter("k" + i.ToString(CultureInfo.InvariantCulture), key[table.PrimaryKey[i]]);
        using var r = cmd.OpenReader();
        if (!r.Read()) return null;
        var row = new RowImage();
        for (var i = 0; i < table.Columns.Count; i++) row[table.Columns[i].Name] = RowImage.Normalize(r.GetValue(i));
        return row;
    }
}
