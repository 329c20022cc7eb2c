using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Rollover;

/// <summary>One row a rollover writes: before-image (null = inserted) and after-image (null = deleted).</summary>
internal sealed record RowChange(TableDef Table, RowImage? Before, RowImage? After)
{
    public static RowChange Insert(TableDef t, RowImage after) => new(t, null, after);
    public static RowChange Update(TableDef t, RowImage before, RowImage after) => new(t, before, after);
    public static RowChange Delete(TableDef t, RowImage before) => new(t, before, null);
}

/// <summary>Whole-row reads and writes by primary key, for any table (the rollovers and their restore).</summary>
internal static class Rows
{
    public static List<RowImage> Read(DbConnection c, DbTransaction? tx, TableDef table, string where, params (string, object?)[] parameters)
    {
        using var cmd = c.Command($"SELECT {string.Join(", ", table.Columns.Select(col => col.Name))} FROM {table.Name} WHERE {where}", tx, parameters);
        using var r = cmd.OpenReader();
        var rows = new List<RowImage>();
        while (r.Read())
        {
            var row = new RowImage();
            for (var i = 0; i < table.Columns.Count; i++) row[table.Columns[i].Name] = RowImage.Normalize(r.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    public static RowImage With(this RowImage row, params (string Column, object? Value)[] values)
    {
        var copy = new RowImage(row);
        foreach (var (col, v) in values) copy[col] = RowImage.Normalize(v);
        return copy;
    }

    public static long Long(this RowImage row, string column) => Convert.ToInt64(row[column], CultureInfo.InvariantCulture);
    public static string? Text(this RowImage row, string column) => row[column] as string;
}

/// <summary>
/// Writes row changes inside a run's transaction and keeps their images: tables keyed by their
/// columns go to the shared <see cref="RunJournal"/> (so restore is the undo mechanism); tables with a
/// store-generated key (Student, Section), which the journal does not take, keep their images in the
/// run's <c>BackupLog</c> entry. Counts per table feed the backup log.
/// </summary>
internal sealed class RowChangeWriter : IDisposable
{
    private readonly RunJournal _journal;
    private readonly RowWriter _rows;

    public RowChangeWriter(DbConnection c, DbTransaction tx, long runId)
    {
        _rows = new RowWriter(c, tx);
        _journal = new RunJournal(c, tx, runId);
    }

    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<IdentityImage>> IdentityImages { get; } = new(StringComparer.Ordinal);

    public void Write(RowChange change)
    {
        Apply(change.Table, change.Before, change.After);
        if (change.Table.HasIdentity)
        {
            if (!IdentityImages.TryGetValue(change.Table.Name, out var list)) IdentityImages[change.Table.Name] = list = [];
            list.Add(new IdentityImage(change.Before, change.After));
        }
        else if (change.Before is null) _journal.Inserted(change.Table, change.After!);
        else if (change.After is null) _journal.Deleted(change.Table, change.Before);
        else _journal.Updated(change.Table, change.Before, change.After);
        Counts[change.Table.Name] = Counts.GetValueOrDefault(change.Table.Name) + 1;
    }

    /// <summary>Puts a row into the state <paramref name="after"/> (null: deleted), from <paramref name="before"/> (null: absent).</summary>
    public void Apply(TableDef table, RowImage? before, RowImage? after) => _rows.Move(table, before, after);

    public void Dispose() => _rows.Dispose();
}

/// <summary>A before/after pair of a row with a store-generated key, as kept in the backup log.</summary>
internal sealed record IdentityImage(RowImage? Before, RowImage? After)
{
    public static string Serialize(IEnumerable<IdentityImage> images)
        => JsonSerializer.Serialize(images.Select(i => new { i.Before, i.After }));

    public static List<IdentityImage> Deserialize(string json)
        => JsonSerializer.Deserialize<List<Dictionary<string, Dictionary<string, JsonElement>?>>>(json)!
            .Select(d => new IdentityImage(Image(d.GetValueOrDefault("Before")), Image(d.GetValueOrDefault("After")))).ToList();

    private static RowImage? Image(Dictionary<string, JsonElement>? d)
        => d is null ? null : new RowImage(d.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
}
