using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// One package file being read, strictly (issue #9 item 4): RFC 4180 CSV in UTF-8 (a BOM is tolerated)
/// or the encoding -Encoding names, a header row whose names are matched case-sensitively and may not
/// repeat, every row with as many fields as the header, no control characters in values. Columns are
/// found by name, so extension columns may follow. Every problem names file, physical line and column.
/// </summary>
internal sealed class CsvInput : IDisposable
{
    /// <summary>A record longer than this is not a roster row (a missing line break or an unclosed quote).</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    private readonly CsvDataReader _reader;
    private readonly PackageSource _source;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    // Ids repeat on every row (a student's 180 days, a school's thousands of marks); one string each keeps a large package small.
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private int _nextLine = 2;

    private CsvInput(string file, CsvDataReader reader, PackageSource source)
    {
        File = file;
        _reader = reader;
        _source = source;
        HeaderOk = true;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (string.IsNullOrEmpty(name)) continue;
            if (_columns.TryAdd(name, i)) continue;
            HeaderOk = false;
            Problems.Add(ImportErrorIds.MalformedCsv, file, 1, name, name,
                    $"The header names column '{name}' twice (fields {_columns[name] + 1} and {i + 1}); each column may appear once.");
        }
    }

    public string File { get; }
    private ImportProblems Problems => _source.Problems;
    public bool HeaderOk { get; }
    public PackageSource Source => _source;

    /// <summary>The header's column names, in file order.</summary>
    public IEnumerable<string> Header => _columns.OrderBy(c => c.Value).Select(c => c.Key);

    /// <summary>Header columns no accessor asked for: what the import does not keep.</summary>
    public IEnumerable<string> Unused => Header.Where(c => !_used.Contains(c));

    /// <summary>Opens <paramref name="file"/> of the package; null when the package does not have it.</summary>
    public static CsvInput? Open(PackageSource source, string file)
    {
        var path = Path.Combine(source.Folder, file);
        if (!System.IO.File.Exists(path)) return null;
        var text = new StreamReader(path, source.Encoding, detectEncodingFromByteOrderMarks: source.IsUtf8);
        try
        {
            if (text.Peek() < 0)
            {
                text.Dispose();
                source.Problems.Add(ImportErrorIds.EmptyFile, file, 1, null, null, "The file is empty; a header row and at least one data row are required.");
                return null;
            }
            var options = new CsvDataReaderOptions
            {
                HasHeaders = true, Delimiter = ',', OwnsReader = true, HeaderComparer = StringComparer.Ordinal, MaxBufferSize = MaxRecordBytes,
            };
            return new CsvInput(file, CsvDataReader.Create(text, options), source);
        }
        catch (Exception ex) when (ex is CsvFormatException or DecoderFallbackException)
        {
            text.Dispose();
            Malformed(source, file, 1, ex);
            return null;
        }
    }

    /// <summary>Reads <paramref name="alias"/> as <paramref name="column"/> when the header has only the alias (a commonly bent header name).</summary>
    public bool Alias(string column, string alias)
    {
        if (_columns.ContainsKey(column) || !_columns.TryGetValue(alias, out var i)) return false;
        _columns[column] = i;
        _aliases[column] = alias;
        _used.Add(alias);
        return true;
    }

    public bool Has(string column)
    {
        _used.Add(column);
        return _columns.ContainsKey(column);
    }

    /// <summary>Reports each required column the header lacks (<c>ImportMissingColumn</c>); true when none is missing and the header is sound.</summary>
    public bool RequireColumns(IEnumerable<string> required)
    {
        var ok = HeaderOk;
        if (_columns.Count == 0)
        {
            Problems.Add(ImportErrorIds.EmptyFile, File, 1, null, null, "The file is empty; a header row and at least one data row are required.");
            return false;
        }
        foreach (var column in required)
        {
            _used.Add(column);
            if (_columns.ContainsKey(column)) continue;
            Problems.Add(ImportErrorIds.MissingColumn, File, 1, column, null,
                $"The header has no column '{column}' (names are case-sensitive), which this file requires.");
            ok = false;
        }
        return ok;
    }

    /// <summary>
    /// The data rows; a header with no rows is refused (<c>ImportEmptyFile</c>), as OneRoster requires.
    /// A row with fewer or more fields than the header is refused (<c>ImportMalformedCsv</c>), not read.
    /// </summary>
    public IEnumerable<CsvRow> Rows(CancellationToken ct)
    {
        var any = false;
        while (true)
        {
            bool more;
            var line = _nextLine;
            try
            {
                more = _reader.Read();
            }
            catch (Exception ex) when (ex is CsvFormatException or DecoderFallbackException)
            {
                Malformed(_source, File, line, ex);
                yield break;
            }
            if (!more) break;
            // Lines are physical: a quoted value with line breaks moves the next record further down.
            _nextLine = line + 1 + LineBreaks();
            if ((line & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            if (IsBlank()) continue;
            any = true;
            if (_reader.RowFieldCount != _reader.FieldCount)
            {
                var fewer = _reader.RowFieldCount < _reader.FieldCount;
                var column = fewer ? _reader.GetName(_reader.RowFieldCount) : null;
                Problems.Add(ImportErrorIds.MalformedCsv, File, line, column, null, string.Create(CultureInfo.InvariantCulture,
                    $"The row has {_reader.RowFieldCount} fields but the header has {_reader.FieldCount}; {(fewer ? $"the first missing one is '{column}'" : "the extra fields have no column")}. Every row needs exactly one field per column (empty fields keep their commas)."));
                continue;
            }
            yield return new CsvRow(this, line);
        }
        if (!any)
            Problems.Add(ImportErrorIds.EmptyFile, File, 1, null, null, "The file has a header but no data rows; leave the file out to keep its table as it is.");
    }

    internal string? Raw(string column)
    {
        _used.Add(column);
        if (!_columns.TryGetValue(column, out var i) || i >= _reader.RowFieldCount) return null;
        var s = _reader.GetString(i);
        if (s.Length == 0) return null;
        if (s.Length > 64) return s;
        if (_pool.TryGetValue(s, out var pooled)) return pooled;
        if (_pool.Count < 1_000_000) _pool[s] = s;
        return s;
    }

    /// <summary>The header name a column was read under (the alias when one was taken).</summary>
    internal string HeaderName(string column) => _aliases.GetValueOrDefault(column, column);

    internal void Problem(string errorId, int line, string column, string? value, string reason)
        => Problems.Add(errorId, File, line, column, value, reason);

    private int LineBreaks()
    {
        var n = 0;
        for (var i = 0; i < _reader.RowFieldCount; i++)
        {
            var span = _reader.GetFieldSpan(i);
            if (span.IndexOf('\n') >= 0) n += span.Count('\n');
        }
        return n;
    }

    private bool IsBlank()
    {
        for (var i = 0; i < _reader.RowFieldCount; i++)
            if (_reader.GetFieldSpan(i).Length > 0) return false;
        return true;
    }

    /// <summary>Turns the CSV library's and the decoder's exceptions into problems in our words, with file, physical line and column.</summary>
    private static void Malformed(PackageSource source, string file, int line, Exception ex)
    {
        switch (ex)
        {
            case DecoderFallbackException:
                var (badLine, field, hex) = EncodingProbe.FirstInvalid(Path.Combine(source.Folder, file));
                source.Problems.Add(ImportErrorIds.BadEncoding, file, badLine, field, hex,
                    $"The file is not valid {source.EncodingName}: bytes {hex} on this line are not a character. " +
                    (source.IsUtf8 ? "Save the file as UTF-8, or, if an older system wrote it in Windows-1252, import with -Encoding Windows1252." : "Check the file's encoding."));
                break;
            case CsvRecordTooLargeException:
                // The CSV library reads ahead, so find the physical line that is too long ourselves.
                source.Problems.Add(ImportErrorIds.MalformedCsv, file, EncodingProbe.FirstLongLine(Path.Combine(source.Folder, file), MaxRecordBytes) ?? line, null, null, string.Create(CultureInfo.InvariantCulture,
                    $"The record starting on this line is longer than {MaxRecordBytes / 1024 / 1024} MB, far beyond any roster or attendance row: the file has no line breaks there, or a quote that is never closed."));
                break;
            default:
                source.Problems.Add(ImportErrorIds.MalformedCsv, file, line, null, null, $"The row is not valid CSV: {ex.Message}");
                break;
        }
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>Finds the first bytes that are not UTF-8 in a file: physical line, column index (quotes respected) and the bytes in hex.</summary>
internal static class EncodingProbe
{
    /// <summary>The first physical line longer than <paramref name="max"/> bytes; null when none is.</summary>
    public static int? FirstLongLine(string path, int max)
    {
        using var stream = System.IO.File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var line = 1;
        long length = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    if (++length > max) return line;
                    continue;
                }
                line++;
                length = 0;
            }
        return null;
    }

    public static (int Line, string? Column, string Hex) FirstInvalid(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(offset), new char[Math.Min(bytes.Length - offset, 1 << 16) * 2], out var read, out _, false, true);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                offset += read;
                break;
            }
            offset += read;
            if (status == System.Buffers.OperationStatus.Done) return (0, null, "");
        }
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(offset - 1, 0)) + 1;
        var line = 1 + bytes.AsSpan(0, lineStart).Count((byte)'\n');
        // Which field: count commas outside quotes from the line start; name it by the header.
        var field = 0;
        var quoted = false;
        for (var i = lineStart; i < offset; i++)
        {
            if (bytes[i] == (byte)'"') quoted = !quoted;
            else if (bytes[i] == (byte)',' && !quoted) field++;
        }
        var headerEnd = Array.IndexOf(bytes, (byte)'\n');
        var header = Encoding.UTF8.GetString(bytes, 0, headerEnd < 0 ? bytes.Length : headerEnd).TrimEnd('\r').TrimStart('\uFEFF').Split(',');
        var hex = Convert.ToHexString(bytes, offset, Math.Min(2, bytes.Length - offset));
        return (line, field < header.Length ? header[field] : null, "0x" + hex);
    }
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
        _file.Problem(errorId, Line, _file.HeaderName(column), value, reason);
    }

    /// <summary>The text of a column, or null when empty; a required empty value is a problem.</summary>
    public string? Text(string column, bool required = false)
    {
        var v = _file.Raw(column);
        if (v is null)
        {
            if (required) Problem(ImportErrorIds.MissingValue, column, null, $"The column '{column}' is present, but this row leaves it empty; a value is required.");
            return null;
        }
        var control = ControlCharacter(v);
        if (control < 0) return v;
        Problem(ImportErrorIds.BadValue, column, v.Replace("\0", "\\0", StringComparison.Ordinal),
            string.Create(CultureInfo.InvariantCulture, $"The value holds the control character U+{(int)v[control]:X4} at position {control + 1}; text may hold tabs and line breaks, no other control characters."));
        return null;
    }

    /// <summary>The index of the first control character other than tab and line breaks; -1 when none.</summary>
    private static int ControlCharacter(string v)
    {
        var span = v.AsSpan();
        var offset = 0;
        while (true)
        {
            var i = span[offset..].IndexOfAnyInRange('\0', '\u001f');
            var del = span[offset..].IndexOf('\u007f');
            if (i < 0 && del < 0) return -1;
            var at = offset + (i < 0 ? del : del < 0 ? i : Math.Min(i, del));
            if (span[at] is not ('\t' or '\r' or '\n')) return at;
            offset = at + 1;
        }
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
