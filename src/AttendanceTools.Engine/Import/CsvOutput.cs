using System.Globalization;
using System.Text;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// A tiny RFC 4180 writer: UTF-8 without BOM, '\n' line ends, a field quoted only when it holds a comma,
/// a quote or a line break (quotes doubled). The same rows always give the same bytes.
/// </summary>
internal sealed class CsvOutput : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();

    public CsvOutput(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
    }

    public long Rows { get; private set; }

    public void Header(IEnumerable<string> names) => Write(names);

    public void Row(IEnumerable<string?> fields)
    {
        Write(fields);
        Rows++;
    }

    private void Write(IEnumerable<string?> fields)
    {
        _line.Clear();
        var first = true;
        foreach (var f in fields)
        {
            if (!first) _line.Append(',');
            first = false;
            if (string.IsNullOrEmpty(f)) continue;
            if (f.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                _line.Append(f);
                continue;
            }
            _line.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        _writer.Write(_line);
        _writer.Write('\n');
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>How values are written in package files (the importer reads exactly these forms).</summary>
internal static class CsvFormat
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string? Date(DateOnly? d) => d is { } v ? Date(v) : null;
    public static string? Time(int? minutes) => minutes is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"{m / 60:00}:{m % 60:00}")
        : null;
    public static string Bool(bool b) => b ? "true" : "false";
    public static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
    public static string? Int(int? n) => n?.ToString(CultureInfo.InvariantCulture);
    public static string Dec(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
