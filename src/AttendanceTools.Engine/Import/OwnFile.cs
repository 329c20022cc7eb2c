using System.Collections;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>One column of one of our own files: its name (the entity field), whether the importer requires it, its format, and how export writes it.</summary>
internal sealed record OwnColumn(string Name, bool Required, string Format);

/// <summary>
/// One of our own (Ed-Fi shaped) package files: one entity per file, columns named as the entity
/// fields, one row per record. Non-generic face for the reader, exporter and docs.
/// </summary>
internal abstract class OwnFile
{
    public required string FileName { get; init; }
    public abstract DistrictTable Table { get; }
    public abstract IReadOnlyList<OwnColumn> Columns { get; }

    /// <summary>Reads every row of the file into <paramref name="into"/>, recording the line of each kept row.</summary>
    public abstract void Read(CsvInput input, IList into, List<int> lines, CancellationToken ct);

    /// <summary>The fields of one record, in <see cref="Columns"/> order.</summary>
    public abstract IEnumerable<string?> Fields(object row);
}

internal sealed class OwnFile<T> : OwnFile where T : class
{
    private readonly List<(OwnColumn Column, Func<T, string?> Write)> _columns = [];

    public required DistrictTable<T> Of { get; init; }
    public required Func<CsvRow, T?> Parse { get; init; }

    public override DistrictTable Table => Of;
    public override IReadOnlyList<OwnColumn> Columns => [.. _columns.Select(c => c.Column)];

    public OwnFile<T> Col(string name, string format, Func<T, string?> write, bool required = false)
    {
        _columns.Add((new OwnColumn(name, required, format), write));
        return this;
    }

    public OwnFile<T> Key(string name, string format, Func<T, string?> write) => Col(name, format, write, required: true);

    public override void Read(CsvInput input, IList into, List<int> lines, CancellationToken ct)
    {
        if (!input.RequireColumns(_columns.Where(c => c.Column.Required).Select(c => c.Column.Name))) return;
        WarnUnknownColumns(input);
        var account = input.Source.Account(FileName);
        foreach (var row in input.Rows(ct))
        {
            account.Read++;
            var record = Parse(row);
            if (record is null || row.Bad) continue;
            into.Add(record);
            lines.Add(row.Line);
            account.Kept++;
        }
    }

    /// <summary>Issue #9: a misspelt optional header must not drop its data silently; name the nearest known column.</summary>
    private void WarnUnknownColumns(CsvInput input)
    {
        var known = _columns.Select(c => c.Column.Name).ToList();
        foreach (var name in input.Header.Where(h => !known.Contains(h, StringComparer.Ordinal)))
        {
            var nearest = Nearest.Of(name, known);
            input.Source.Warnings.Add(new EngineWarning(ImportWarningIds.ColumnIgnored,
                $"{FileName}: column '{name}' is not a column of this file, so its values were ignored" +
                (nearest is null ? "." : $"; did you mean '{nearest}'?")));
        }
    }

    public override IEnumerable<string?> Fields(object row)
    {
        var r = (T)row;
        return _columns.Select(c => c.Write(r));
    }
}
