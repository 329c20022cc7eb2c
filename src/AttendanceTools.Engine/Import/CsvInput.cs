using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// One package file being read: RFC 4180 CSV, UTF-8 (a BOM is tolerated), a header row whose names
/// are matched case-sensitively. Columns are found by name, so extension columns may follow.
/// Problems (missing columns, an empty file, malformed CSV) go to the collector with file and line.
/// </summary>
internal sealed class CsvInput : IDisposable
{
    private readonly CsvDataReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly ImportProblems _problems;
    // Ids repeat on every row (a student's 180 days, a school's thousands of marks); one string each keeps a large package small.
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

    private CsvInput(string file, CsvDataReader reader, ImportProblems problems)
    {
        File = file;
        _reader = reader;
        _problems = problems;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (!string.IsNullOrEmpty(name)) _columns.TryAdd(name, i);
        }
    }

    public string File { get; }

    /// <summary>Opens <paramref name="file"/> in <paramref name="folder"/>; null when the package does not have it.</summary>
    public static CsvInput? Open(string folder, string file, ImportProblems problems)
    {
        var path = Path.Combine(folder, file);
        if (!System.IO.File.Exists(path)) return null;
        var text = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        if (text.Peek() < 0)
        {
            text.Dispose();
            problems.Add(ImportErrorIds.EmptyFile, file, 1, null, null, "The file is empty; a header row and at least one data row are required.");
            return null;
        }
        var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', OwnsReader = true, HeaderComparer = StringComparer.Ordinal };
        try
        {
            return new CsvInput(file, CsvDataReader.Create(text, options), problems);
        }
        catch (CsvFormatException ex)
        {
            text.Dispose();
            problems.Add(ImportErrorIds.BadValue, file, 1, null, null, $"The header row is not valid CSV: {ex.Message}");
            return null;
        }
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Reports each required column the header lacks (<c>ImportMissingColumn</c>); true when none is missing.</summary>
    public bool RequireColumns(IEnumerable<string> required)
    {
        var ok = true;
        if (_columns.Count == 0)
        {
            _problems.Add(ImportErrorIds.EmptyFile, File, 1, null, null, "The file is empty; a header row and at least one data row are required.");
            return false;
        }
        foreach (var column in required.Where(c => !_columns.ContainsKey(c)))
        {
            _problems.Add(ImportErrorIds.MissingColumn, File, 1, column, null,
                $"The header has no column '{column}' (names are case-sensitive), which this file requires.");
            ok = false;
        }
        return ok;
    }

    /// <summary>The data rows; a header with no rows is refused (<c>ImportEmptyFile</c>), as OneRoster requires.</summary>
    public IEnumerable<CsvRow> Rows(CancellationToken ct)
    {
        var line = 1;
        var any = false;
        while (true)
        {
            bool more;
            try
            {
                more = _reader.Read();
            }
            catch (CsvFormatException ex)
            {
                _problems.Add(ImportErrorIds.BadValue, File, line + 1, null, null, $"The row is not valid CSV: {ex.Message}");
                yield break;
            }
            if (!more) break;
            line++;
            if ((line & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            if (IsBlank()) continue;
            any = true;
            yield return new CsvRow(this, line);
        }
        if (!any)
            _problems.Add(ImportErrorIds.EmptyFile, File, 1, null, null, "The file has a header but no data rows; leave the file out to keep its table as it is.");
    }

    internal string? Raw(string column)
    {
        if (!_columns.TryGetValue(column, out var i) || i >= _reader.RowFieldCount) return null;
        var s = _reader.GetString(i);
        if (s.Length == 0) return null;
        if (s.Length > 64) return s;
        if (_pool.TryGetValue(s, out var pooled)) return pooled;
        if (_pool.Count < 1_000_000) _pool[s] = s;
        return s;
    }

    internal void Problem(string errorId, int line, string column, string? value, string reason)
        => _problems.Add(errorId, File, line, column, value, reason);

    private bool IsBlank()
    {
        for (var i = 0; i < _reader.RowFieldCount; i++)
            if (_reader.GetFieldSpan(i).Length > 0) return false;
        return true;
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>
/// One data row. Accessors parse a column, report a bad or missing value as a problem naming file,
/// line and column, and return null for it; <see cref="Bad"/> tells whether the row had any problem.
/// </summary>
internal sealed class CsvRow
{
    private readonly CsvInput _file;

    public CsvRow(CsvInput file, int line)
    {
        _file = file;
        Line = line;
    }

    public int Line { get; }
    public string File => _file.File;
    public bool Bad { get; private set; }

    public void Problem(string errorId, string column, string? value, string reason)
    {
        Bad = true;
        _file.Problem(errorId, Line, column, value, reason);
    }

    /// <summary>The text of a column, or null when empty; a required empty value is a problem.</summary>
    public string? Text(string column, bool required = false)
    {
        var v = _file.Raw(column);
        if (v is null && required) Problem(ImportErrorIds.MissingColumn, column, null, $"A value for '{column}' is required.");
        return v;
    }

    /// <summary>A required text column; "" (never used) when missing, with the problem reported.</summary>
    public string Req(string column) => Text(column, required: true) ?? "";

    public DateOnly? Date(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a date; use yyyy-MM-dd.");
        return null;
    }

    /// <summary>A time of day as HH:mm, returned as minutes after midnight.</summary>
    public int? Time(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (v.Length == 5 && v[2] == ':' && int.TryParse(v.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(v.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && h < 24 && m < 60)
            return (h * 60) + m;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a time of day; use HH:mm (00:00 to 23:59).");
        return null;
    }

    public int? Int(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a whole number.");
        return null;
    }

    public decimal? Decimal(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (decimal.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return n;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a number (use '.' as the decimal point).");
        return null;
    }

    public bool? Bool(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(v, "false", StringComparison.OrdinalIgnoreCase)) return false;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a boolean; use true or false.");
        return null;
    }

    public TEnum? Enum<TEnum>(string column, bool required = false) where TEnum : struct, Enum
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (System.Enum.TryParse<TEnum>(v, ignoreCase: true, out var e) && System.Enum.IsDefined(e) && !int.TryParse(v, out _)) return e;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return null;
    }

    /// <summary>A grade level as its CEDS code ("1" and "First grade" become "01").</summary>
    public string? Grade(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (Model.GradeLevel.Normalize(v) is { } code) return code;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a grade level ({string.Join(" ", Model.GradeLevel.Codes)}).");
        return null;
    }

    /// <summary>A school year: the end year (2026) or the span (2025-26).</summary>
    public int? Year(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (Model.SchoolYearText.TryParse(v, out var y)) return y;
        Problem(ImportErrorIds.BadValue, column, v, $"'{v}' is not a school year; use the end year (2026).");
        return null;
    }

    /// <summary>Reports an inverted or out-of-bounds range on <paramref name="column"/>.</summary>
    public void Range(bool ok, string column, string? value, string reason)
    {
        if (!ok) Problem(ImportErrorIds.BadRange, column, value, reason);
    }
}
