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
    /// <summary>The default delete guard (Import-AttendanceData sets 10 % unless -Force or -MaxChangePercent); null = none.</summary>
    public double? MaxDeletePercent { get; init; }
    /// <summary>Refuse what the importer would otherwise tolerate with a warning (issue #17: singular headers, missing terms, contradicting years, bad timestamps).</summary>
    public bool Strict { get; init; }
    /// <summary>The files' encoding: UTF-8 (default) or Windows-1252 for exports from older systems.</summary>
    public ImportEncoding Encoding { get; init; } = ImportEncoding.Utf8;
    /// <summary>The maintenance-lock token, when the caller holds the lock (domain §4.5).</summary>
    public string? LockToken { get; init; }
}

/// <summary>Text encodings a package may use.</summary>
public enum ImportEncoding
{
    Utf8,
    Windows1252,
}

/// <summary>What the import did with one file: rows read, kept and dropped (and why), columns it does not keep.</summary>
public sealed record ImportFileAccount
{
    public required string File { get; init; }
    /// <summary>Data rows read (blank lines not counted).</summary>
    public long Read { get; init; }
    /// <summary>Rows that became (or confirmed) store rows.</summary>
    public long Kept { get; init; }
    /// <summary>Rows left out on purpose (staff, other roles, deleted rows, unused district courses…).</summary>
    public long Dropped { get; init; }
    /// <summary>Why rows were dropped, and what else is worth knowing, one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Columns of the file that the store does not keep.</summary>
    public IReadOnlyList<string> ColumnsNotKept { get; init; } = [];

    public override string ToString()
    {
        var text = $"{File}: read {Messages.Text.Count(Read, "row")}, kept {Messages.Text.Number(Kept)}, dropped {Messages.Text.Number(Dropped)}.";
        if (Notes.Count > 0) text += " " + string.Join(" ", Notes);
        if (ColumnsNotKept.Count > 0) text += $" Columns not kept: {string.Join(", ", ColumnsNotKept)}.";
        return text;
    }
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
    /// <summary>Per file: rows read, kept and dropped, and the columns not kept.</summary>
    public IReadOnlyList<ImportFileAccount> FileAccounts { get; init; } = [];
}

/// <summary>An import refused for bad input: every problem found (up to the cap), nothing written.</summary>
public sealed class ImportRefusedException : AttendanceException
{
    public ImportRefusedException(IReadOnlyList<ImportProblem> problems, int total, string path, IReadOnlyList<ImportProblemGroup>? groups = null)
        : base("ImportRefused", FailureKind.InvalidData, RefusalMessage(problems, total, path, groups ?? []), path, "Fix the rows listed in the errors and run the import again.")
    {
        Problems = problems;
        Total = total;
        Groups = groups ?? [];
    }

    public ImportRefusedException() : this([], 0, "") { }

    private static string RefusalMessage(IReadOnlyList<ImportProblem> problems, int total, string path, IReadOnlyList<ImportProblemGroup> groups)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"The import from '{path}' was refused: {total} {(total == 1 ? "problem" : "problems")}, nothing was written.");
        if (groups.Count == 0) return problems.Count > 0 ? head + " First: " + problems[0].Message : head;
        // Every kind of problem in one pass: one line per file, column and error id.
        return head + (groups.Count == 1 ? " " + groups[0] : string.Concat(groups.Select(g => Environment.NewLine + "  " + g)));
    }

    public ImportRefusedException(string message) : base(message) => Problems = [];


    public ImportRefusedException(string message, Exception inner) : base(message, inner) => Problems = [];

    /// <summary>The problems, at most <see cref="ImportProblems.Cap"/>.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }
    /// <summary>How many problems were found in all (may exceed the cap).</summary>
    public int Total { get; }

    /// <summary>Every problem grouped by file, column and error id, with row counts and first lines.</summary>
    public IReadOnlyList<ImportProblemGroup> Groups { get; } = [];
}
