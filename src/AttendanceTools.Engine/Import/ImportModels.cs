using System.Globalization;

namespace AttendanceTools.Engine.Import;

/// <summary>What Import-AttendanceData was asked to do.</summary>
public sealed record ImportRequest
{
    /// <summary>The store to import into.</summary>
    public required Storage.AttendanceStore Store { get; init; }
    /// <summary>The package folder (OneRoster CSV plus our own CSV files).</summary>
    public required string Path { get; init; }
    /// <summary>Domain §4.4 change guard; null = no guard.</summary>
    public double? MaxChangePercent { get; init; }
    /// <summary>The maintenance-lock token, when the caller holds the lock (domain §4.5).</summary>
    public string? LockToken { get; init; }
}

/// <summary>
/// One bad input found while reading or checking a package: where it is (file, line, column), the
/// value, why it is bad, and its stable error id (<c>ImportBadValue</c>, <c>ImportBrokenReference</c>, …).
/// </summary>
public sealed record ImportProblem
{
    public required string ErrorId { get; init; }
    /// <summary>The CSV file name (e.g. "enrollments.csv"); null for a row already in the store.</summary>
    public string? File { get; init; }
    /// <summary>1-based line of the record (the header is line 1); 0 when the problem is not on one line.</summary>
    public int Line { get; init; }
    public string? Column { get; init; }
    public string? Value { get; init; }
    public required string Reason { get; init; }
    /// <summary>For rows already in the store that the import would break: their table and key.</summary>
    public string? Table { get; init; }
    public string? Key { get; init; }

    public string Message => File is null
        ? $"{Table} {Key}: {Reason}"
        : Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}, line {Line}{(Column is null ? "" : ", column " + Column)}: {Reason}")
            : $"{File}: {Reason}";

    public override string ToString() => $"{ErrorId}: {Message}";

    /// <summary>The problem as the engine's one exception type (its id, InvalidData, and this problem as the target).</summary>
    public AttendanceException ToException() => new(ErrorId, FailureKind.InvalidData, Message, this,
        File is null ? "Keep the referenced rows in the package, or also send the file of the referring table." : $"Correct {File} and import again.");
}

/// <summary>The change one import makes (or would make) to one table.</summary>
public sealed record ImportTableChange
{
    public required string Table { get; init; }
    /// <summary>The file the table's rows come from.</summary>
    public required string File { get; init; }
    /// <summary>Rows in the store before the import.</summary>
    public long Existing { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Deleted { get; init; }
    public long Unchanged { get; init; }
    /// <summary>100 × (Inserted + Updated + Deleted) ÷ Existing; null when the table was empty (domain §4.4, C12).</summary>
    public double? ChangePercent => Existing == 0 ? null : 100.0 * (Inserted + Updated + Deleted) / Existing;
    public bool HasChanges => Inserted + Updated + Deleted > 0;
}

/// <summary>What an applied import did.</summary>
public sealed record ImportResult
{
    public required string Path { get; init; }
    /// <summary>The package files that were read.</summary>
    public required IReadOnlyList<string> Files { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Deleted { get; init; }
    public long Unchanged { get; init; }
    public required IReadOnlyList<ImportTableChange> Tables { get; init; }
    public TimeSpan Duration { get; init; }
    public long RunId { get; init; }
    public IReadOnlyList<EngineWarning> Warnings { get; init; } = [];
}

/// <summary>An import refused for bad input: every problem found (up to the cap), nothing written.</summary>
public sealed class ImportRefusedException : AttendanceException
{
    public ImportRefusedException(IReadOnlyList<ImportProblem> problems, int total, string path)
        : base("ImportRefused", FailureKind.InvalidData, RefusalMessage(problems, total, path), path, "Fix the rows listed in the errors and run the import again.")
    {
        Problems = problems;
        Total = total;
    }

    public ImportRefusedException() : this([], 0, "") { }

    private static string RefusalMessage(IReadOnlyList<ImportProblem> problems, int total, string path)
    {
        var first = problems.Count > 0 ? " First: " + problems[0].Message : "";
        return string.Create(CultureInfo.InvariantCulture, $"The import from '{path}' was refused: {total} {(total == 1 ? "problem" : "problems")}, nothing was written.{first}");
    }

    public ImportRefusedException(string message) : base(message) => Problems = [];

    public ImportRefusedException(string message, Exception inner) : base(message, inner) => Problems = [];

    /// <summary>The problems, at most <see cref="ImportProblems.Cap"/>.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }
    /// <summary>How many problems were found in all (may exceed the cap).</summary>
    public int Total { get; }
}
