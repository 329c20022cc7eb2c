using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Where the package's files are read from, and what reading them reports: the folder (a .zip is
/// unpacked into a temporary one first), the encoding, the problem collector, the tolerances taken
/// and the per-file account. Disposing removes the temporary folder of a zip.
/// </summary>
internal sealed class PackageSource : IDisposable
{
    private readonly string? _temporary;
    private readonly Dictionary<string, FileAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string File, string Column, string Assumption), Tolerance> _tolerances = [];

    private PackageSource(string path, string folder, string? temporary, ImportRequest request, ImportProblems problems)
    {
        Path = path;
        Folder = folder;
        _temporary = temporary;
        Strict = request.Strict;
        Encoding = request.Encoding == ImportEncoding.Windows1252 ? CodePagesEncodingProvider.Instance.GetEncoding(1252)! : new UTF8Encoding(false, throwOnInvalidBytes: true);
        EncodingName = request.Encoding == ImportEncoding.Windows1252 ? "Windows-1252" : "UTF-8";
        Problems = problems;
    }

    /// <summary>The path the user gave (folder or zip).</summary>
    public string Path { get; }
    /// <summary>The folder the files are read from.</summary>
    public string Folder { get; }
    public bool Strict { get; }
    public Encoding Encoding { get; }
    public string EncodingName { get; }
    public bool IsUtf8 => EncodingName == "UTF-8";
    public ImportProblems Problems { get; }
    public List<EngineWarning> Warnings { get; } = [];

    /// <summary>A folder as is, a .zip unpacked into a temporary folder (files at its root, or in its one top folder).</summary>
    public static PackageSource Open(ImportRequest request, ImportProblems problems)
    {
        var path = System.IO.Path.GetFullPath(request.Path);
        if (Directory.Exists(path)) return new PackageSource(path, path, null, request, problems);
        if (!File.Exists(path))
            throw new AttendanceException("ImportFolderNotFound", FailureKind.NotFound, $"The import folder or zip file '{path}' does not exist.", path,
                "Give -Path the folder (or .zip file) that holds the package's CSV files.");
        var temporary = Directory.CreateTempSubdirectory("attendancetools-import-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(path, temporary);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Directory.Delete(temporary, recursive: true);
            throw new AttendanceException("ImportZipUnreadable", FailureKind.InvalidData, $"'{path}' is a file but not a zip archive this importer can read: {ex.Message}", path,
                "Give -Path a package folder, or a .zip file of one.", ex);
        }
        var folder = temporary;
        var dirs = Directory.GetDirectories(temporary);
        if (Directory.GetFiles(temporary, "*.csv").Length == 0 && dirs.Length == 1) folder = dirs[0];
        return new PackageSource(path, folder, temporary, request, problems);
    }

    /// <summary>Opens one file of the package; null when the package does not have it.</summary>
    public CsvInput? OpenFile(string file)
    {
        var input = CsvInput.Open(this, file);
        if (input is not null) Account(file);
        return input;
    }

    public FileAccount Account(string file)
    {
        if (!_accounts.TryGetValue(file, out var a)) _accounts[file] = a = new FileAccount(file);
        return a;
    }

    /// <summary>
    /// A rule commonly bent, read the way the package meant it: counted per file, column and
    /// assumption for one warning each, or, under -Strict, refused on its line with <paramref name="strictErrorId"/>.
    /// </summary>
    public void Tolerate(string file, int line, string column, string? value, string assumption, string strictErrorId, string strictReason)
    {
        if (Strict)
        {
            Problems.Add(strictErrorId, file, line, column, value, strictReason + " (-Strict refuses what the import would otherwise assume: " + assumption + ")");
            return;
        }
        var key = (file, column, assumption);
        if (!_tolerances.TryGetValue(key, out var t)) _tolerances[key] = t = new Tolerance();
        t.Rows++;
        if (t.Lines.Count < 5) t.Lines.Add(line);
    }

    /// <summary>The tolerances taken, one warning per file, column and assumption.</summary>
    public IEnumerable<EngineWarning> ToleranceWarnings()
        => _tolerances.OrderBy(t => t.Key.File, StringComparer.Ordinal).ThenBy(t => t.Key.Column, StringComparer.Ordinal).Select(t =>
            new EngineWarning(ImportWarningIds.Tolerated, string.Create(CultureInfo.InvariantCulture,
                $"{t.Key.File}, column {t.Key.Column}: {t.Value.Rows} {(t.Value.Rows == 1 ? "row" : "rows")} (line{(t.Value.Lines.Count == 1 ? "" : "s")} {string.Join(", ", t.Value.Lines)}{(t.Value.Rows > t.Value.Lines.Count ? ", …" : "")}): {t.Key.Assumption} Use -Strict to refuse instead.")));

    public IReadOnlyList<ImportFileAccount> Accounts(IEnumerable<string> order)
        => [.. order.Where(_accounts.ContainsKey).Select(f => _accounts[f].ToRecord())];

    public void Dispose()
    {
        if (_temporary is null) return;
        try { Directory.Delete(_temporary, recursive: true); } catch (IOException) { }
    }

    private sealed class Tolerance
    {
        public int Rows { get; set; }
        public List<int> Lines { get; } = [];
    }
}

/// <summary>The running account of one file: rows read, kept, dropped by reason, notes, columns not kept.</summary>
internal sealed class FileAccount(string file)
{
    private readonly SortedDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];

    public string File { get; } = file;
    public long Read { get; set; }
    public long Kept { get; set; }
    public List<string> ColumnsNotKept { get; } = [];

    /// <summary>One row left out, for <paramref name="reason"/> (a short plural phrase: "teachers", "rows marked tobedeleted").</summary>
    public void Drop(string reason, long rows = 1)
    {
        _dropped[reason] = _dropped.GetValueOrDefault(reason) + rows;
    }

    public void Note(string sentence) => _notes.Add(sentence);

    public ImportFileAccount ToRecord()
    {
        var notes = new List<string>();
        if (_dropped.Count > 0)
            notes.Add("Dropped: " + string.Join(", ", _dropped.Select(d => $"{Messages.Text.Number(d.Value)} {d.Key}")) + ".");
        notes.AddRange(_notes);
        return new ImportFileAccount { File = File, Read = Read, Kept = Kept, Dropped = _dropped.Values.Sum(), Notes = notes, ColumnsNotKept = [.. ColumnsNotKept] };
    }
}
