using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// What a package folder holds, as district rows: only the tables whose file is present are filled.
/// For every row it remembers the file and line it came from, so later checks can name them.
/// </summary>
internal sealed class ImportPackage
{
    private readonly Dictionary<string, (string File, List<int> Lines, IReadOnlyDictionary<string, string> Columns)> _sources = new(StringComparer.Ordinal);

    public DistrictData Data { get; } = new();

    /// <summary>The files read, in reading order.</summary>
    public List<string> Files { get; } = [];

    /// <summary>District name and time zone from the district org of orgs.csv (null: keep the store's).</summary>
    public string? DistrictName { get; set; }
    public string? TimeZone { get; set; }

    public List<EngineWarning> Warnings { get; } = [];

    /// <summary>Per file: rows read, kept, dropped; columns not kept (filled once every file is read).</summary>
    public List<ImportFileAccount> Accounts { get; } = [];

    /// <summary>True when the package is the complete set for <paramref name="table"/> (its file is present).</summary>
    public bool Has(DistrictTable table) => _sources.ContainsKey(table.Name);

    public IEnumerable<DistrictTable> Tables => DistrictTables.All.Where(Has);

    public string FileOf(DistrictTable table) => _sources[table.Name].File;

    /// <summary>Declares that <paramref name="file"/> is the source of <paramref name="table"/>; rows then go through <see cref="Add"/> or the returned line list.</summary>
    public List<int> Source(DistrictTable table, string file, IReadOnlyDictionary<string, string>? columns = null)
    {
        var lines = new List<int>();
        _sources[table.Name] = (file, lines, columns ?? new Dictionary<string, string>());
        return lines;
    }

    /// <summary>The line of a stored row a derived table keeps as it is (no file line to name).</summary>
    public const int KeptLine = -1;

    /// <summary>Keeps a stored row in a table the package derives (year records from users.csv, class periods from classes.csv).</summary>
    public void Keep<T>(DistrictTable<T> table, T row) where T : class => Add(table, row, KeptLine);

    public void Add<T>(DistrictTable<T> table, T row, int line) where T : class
    {
        table.List(Data).Add(row);
        _sources[table.Name].Lines.Add(line);
    }

    public int LineOf(DistrictTable table, int index) => _sources[table.Name].Lines[index];

    /// <summary>The line list of <paramref name="table"/>'s rows, for a file read after the others (<see cref="Deferred"/>).</summary>
    public List<int> LinesOf(DistrictTable table) => _sources[table.Name].Lines;

    /// <summary>
    /// Files present in the package whose rows are read only when their table is diffed, one table at a time, and let go
    /// after it (the attendance files: most of a district's rows, and no other table refers to theirs).
    /// </summary>
    public List<OwnFile> Deferred { get; } = [];

    public bool IsDeferred(DistrictTable table) => Deferred.Exists(f => f.Table == table);

    /// <summary>Lets a deferred table's rows go once its diff and checks are done (the diff keeps what it writes).</summary>
    public void Release<T>(DistrictTable<T> table) where T : class
    {
        var rows = table.List(Data);
        rows.Clear();
        rows.TrimExcess();
        var lines = LinesOf(table);
        lines.Clear();
        lines.TrimExcess();
    }

    /// <summary>The CSV column that holds an entity field (OneRoster files name them differently).</summary>
    public string ColumnOf(DistrictTable table, string field)
        => _sources[table.Name].Columns.TryGetValue(field, out var c) ? c : field;
}
