using System.Buffers;
using System.Globalization;
using System.Text;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// A tiny RFC 4180 writer: UTF-8 without BOM, '\n' line ends, a field quoted only when it holds a comma,
/// a quote or a line break (quotes doubled). The same rows always give the same bytes.
/// Rows are written field by field (<see cref="Field(string?)"/> ... <see cref="EndRow"/>) so a large file is
/// formatted straight into the writer's buffer: numbers and dates without a string each, no array per row.
/// Every row must have the header's width (a row writer that lost a column fails here, not in a consumer).
/// </summary>
internal sealed class CsvOutput : IDisposable
{
    private static readonly SearchValues<char> Special = SearchValues.Create(",\"\r\n");

    private readonly StreamWriter _writer;
    private readonly string _path;
    private int _width = -1;
    private int _fields;

    public CsvOutput(string path)
    {
        _path = path;
        // One large buffer: a 50,000-student enrollments file is tens of megabytes written in a few hundred flushes.
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 17) { NewLine = "\n" };
    }

    public long Rows { get; private set; }

    public void Header(IEnumerable<string> names)
    {
        foreach (var name in names) Field(name);
        _width = _fields;
        _writer.Write('\n');
        _fields = 0;
    }

    /// <summary>A whole row from its fields (small files, and files built as rows).</summary>
    public void Row(IEnumerable<string?> fields)
    {
        foreach (var f in fields) Field(f);
        EndRow();
    }

    public void Field(string? value) => Field(value.AsSpan());

    public void Field(ReadOnlySpan<char> value)
    {
        Separator();
        if (value.IsEmpty) return;
        if (value.IndexOfAny(Special) < 0)
        {
            _writer.Write(value);
            return;
        }
        _writer.Write('"');
        int quote;
        while ((quote = value.IndexOf('"')) >= 0)
        {
            _writer.Write(value[..(quote + 1)]);
            _writer.Write('"');
            value = value[(quote + 1)..];
        }
        _writer.Write(value);
        _writer.Write('"');
    }

    /// <summary><paramref name="count"/> empty fields.</summary>
    public void Empty(int count = 1)
    {
        for (var i = 0; i < count; i++) Separator();
    }

    /// <summary>An integer as <see cref="CsvFormat.Int(int)"/> writes it.</summary>
    public void Field(int value)
    {
        Separator();
        Span<char> digits = stackalloc char[11];
        value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        _writer.Write(digits[..n]);
    }

    public void Field(int? value)
    {
        if (value is { } v) Field(v);
        else Separator();
    }

    /// <summary>A date as <see cref="CsvFormat.Date(DateOnly)"/> writes it (yyyy-MM-dd).</summary>
    public void Field(DateOnly value)
    {
        Separator();
        Span<char> text = stackalloc char[10];
        CsvFormat.Date(value, text);
        _writer.Write(text);
    }

    public void Field(DateOnly? value)
    {
        if (value is { } v) Field(v);
        else Separator();
    }

    public void Field(bool value) => Field(CsvFormat.Bool(value));

    public void EndRow()
    {
        if (_width >= 0 && _fields != _width)
            throw new InvalidOperationException($"Row {Rows + 1} of '{_path}' has {_fields} fields; its header has {_width}.");
        _writer.Write('\n');
        _fields = 0;
        Rows++;
    }

    private void Separator()
    {
        if (_fields++ > 0) _writer.Write(',');
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>How values are written in package files (the importer reads exactly these forms).</summary>
internal static class CsvFormat
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string? Date(DateOnly? d) => d is { } v ? Date(v) : null;

    /// <summary>yyyy-MM-dd into <paramref name="into"/> (10 characters), as <see cref="Date(DateOnly)"/> without a string.</summary>
    public static void Date(DateOnly d, Span<char> into)
    {
        Digits(d.Year, into[..4]);
        into[4] = '-';
        Digits(d.Month, into.Slice(5, 2));
        into[7] = '-';
        Digits(d.Day, into.Slice(8, 2));
    }

    /// <summary>yyyyMMdd into <paramref name="into"/> (8 characters), the date as ids carry it.</summary>
    public static void CompactDate(DateOnly d, Span<char> into)
    {
        Digits(d.Year, into[..4]);
        Digits(d.Month, into.Slice(4, 2));
        Digits(d.Day, into.Slice(6, 2));
    }

    private static void Digits(int value, Span<char> into)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + (value % 10));
    }

    public static string? Time(int? minutes) => minutes is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"{m / 60:00}:{m % 60:00}")
        : null;
    public static string Bool(bool b) => b ? "true" : "false";
    public static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
    public static string? Int(int? n) => n?.ToString(CultureInfo.InvariantCulture);
    public static string Dec(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
