namespace AttendanceTools.Engine.Import;

/// <summary>Collects problems: keeps the first <see cref="Cap"/>, counts them all.</summary>
internal sealed class ImportProblems
{
    public const int Cap = 100;

    private readonly List<ImportProblem> _kept = [];

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
    }

    public void Add(string errorId, string file, int line, string? column, string? value, string reason)
        => Add(new ImportProblem { ErrorId = errorId, File = file, Line = line, Column = column, Value = value, Reason = reason });

    public ImportRefusedException Refusal(string path) => new(_kept, Total, path);
}

/// <summary>The error ids of domain §3.4–3.5 (stable: tests and users match on them).</summary>
public static class ImportErrorIds
{
    public const string MissingColumn = "ImportMissingColumn";
    public const string BadValue = "ImportBadValue";
    public const string DuplicateKey = "ImportDuplicateKey";
    public const string BrokenReference = "ImportBrokenReference";
    public const string BadRange = "ImportBadRange";
    public const string EmptyFile = "ImportEmptyFile";
    public const string CalendarDateInconsistent = "CalendarDateInconsistent";
    public const string CalendarDateWithoutBellSchedule = "CalendarDateWithoutBellSchedule";
}
