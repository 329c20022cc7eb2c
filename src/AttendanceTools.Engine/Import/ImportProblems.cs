using System.Globalization;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Collects problems: keeps the first <see cref="Cap"/>, counts them all, and groups them all by file,
/// column and kind, so a refusal lists every kind of problem with its row count and first lines.
/// </summary>
internal sealed class ImportProblems
{
    public const int Cap = 100;
    private const int LinesPerGroup = 5;

    private readonly List<ImportProblem> _kept = [];
    private readonly Dictionary<(string? File, string? Column, string ErrorId), ImportProblemGroup> _groups = [];

    public int Total { get; private set; }

    public IReadOnlyList<ImportProblem> Kept => _kept;

    public bool Any => Total > 0;

    /// <summary>
    /// True when a row was dropped for a missing or unreadable value (not for a reference): checking
    /// references then would mostly report rows that point at the dropped ones, so it waits for the fix.
    /// </summary>
    public bool HasValueProblems { get; private set; }

    public void Add(ImportProblem problem)
    {
        Total++;
        if (problem.ErrorId is not (ImportErrorIds.BrokenReference or ImportErrorIds.DuplicateKey)) HasValueProblems = true;
        if (_kept.Count < Cap) _kept.Add(problem);
        var key = (problem.File ?? problem.Table, problem.Column, problem.ErrorId);
        if (!_groups.TryGetValue(key, out var group))
            _groups[key] = group = new ImportProblemGroup { ErrorId = problem.ErrorId, File = key.Item1, Column = problem.Column, Example = problem.Message };
        group.Rows++;
        if (problem.Line > 0 && group.FirstLines.Count < LinesPerGroup) group.FirstLines.Add(problem.Line);
    }

    public void Add(string errorId, string file, int line, string? column, string? value, string reason)
        => Add(new ImportProblem { ErrorId = errorId, File = file, Line = line, Column = column, Value = value, Reason = reason });

    /// <summary>The groups, by file, column and error id.</summary>
    public IReadOnlyList<ImportProblemGroup> Groups
        => [.. _groups.Values.OrderBy(g => g.File, StringComparer.Ordinal).ThenBy(g => g.Column, StringComparer.Ordinal).ThenBy(g => g.ErrorId, StringComparer.Ordinal)];

    public ImportRefusedException Refusal(string path) => new(_kept, Total, path, Groups);
}

/// <summary>Every problem of one kind in one column of one file: how many rows and the first few line numbers.</summary>
public sealed record ImportProblemGroup
{
    public required string ErrorId { get; init; }
    /// <summary>The file, or the store table for rows already in the store.</summary>
    public string? File { get; init; }
    public string? Column { get; init; }
    /// <summary>How many rows have this problem.</summary>
    public int Rows { get; internal set; }
    /// <summary>The first few line numbers (at most 5).</summary>
    public List<int> FirstLines { get; } = [];
    /// <summary>The first problem's message, as an example.</summary>
    public required string Example { get; init; }

    public override string ToString()
    {
        var lines = FirstLines.Count == 0 ? "" : $", line{(FirstLines.Count == 1 ? "" : "s")} {string.Join(", ", FirstLines.Select(l => l.ToString(CultureInfo.InvariantCulture)))}{(Rows > FirstLines.Count ? ", …" : "")}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{File ?? "(store)"}{(Column is null ? "" : ", column " + Column)}: {ErrorId}, {Rows} {(Rows == 1 ? "row" : "rows")}{lines}. First: {Example}");
    }
}

/// <summary>The error ids of domain §3.4–3.5 and issues #9, #17 (stable: tests and users match on them).</summary>
public static class ImportErrorIds
{
    public const string MissingColumn = "ImportMissingColumn";
    public const string MissingValue = "ImportMissingValue";
    public const string BadValue = "ImportBadValue";
    public const string DuplicateKey = "ImportDuplicateKey";
    public const string BrokenReference = "ImportBrokenReference";
    public const string BadRange = "ImportBadRange";
    public const string EmptyFile = "ImportEmptyFile";
    /// <summary>Not CSV as RFC 4180 writes it: a row with fewer or more fields than the header, a repeated header, a broken quote, a record too long.</summary>
    public const string MalformedCsv = "ImportMalformedCsv";
    /// <summary>Bytes that are not valid in the file's encoding (UTF-8 unless -Encoding says otherwise).</summary>
    public const string BadEncoding = "ImportBadEncoding";
    public const string CalendarDateInconsistent = "CalendarDateInconsistent";
    public const string CalendarDateWithoutBellSchedule = "CalendarDateWithoutBellSchedule";
}

/// <summary>Warning ids of an import.</summary>
public static class ImportWarningIds
{
    public const string FileIgnored = "ImportFileIgnored";
    public const string ColumnIgnored = "ImportColumnIgnored";
    /// <summary>A commonly bent rule of OneRoster read the way the package meant it (refused under -Strict).</summary>
    public const string Tolerated = "ImportTolerated";
    /// <summary>Rows the import created that no file listed (class periods named by classes.csv, year records from users.csv).</summary>
    public const string Created = "ImportCreated";
}
