using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Undo;

/// <summary>What an undo does with rows changed since the run wrote them.</summary>
public enum UndoConflictPolicy
{
    /// <summary>Refuse the whole undo (UndoConflicts) and write nothing.</summary>
    Refuse,
    /// <summary>Put back every other row and keep the changed ones as they are (the bridge sync's rule, domain §6.6).</summary>
    Keep,
    /// <summary>Put the before-image back over the later change (-Force).</summary>
    Overwrite,
}

/// <summary>A row the run wrote that has changed since: undoing it would lose that later change.</summary>
public sealed record UndoConflict
{
    public required long RunId { get; init; }
    public required string Table { get; init; }
    /// <summary>The row's key with natural identifiers ("Student=100234, Date=2025-10-06, ...").</summary>
    public required string Key { get; init; }
    /// <summary>The row as the run left it ("(absent)" for a row it deleted).</summary>
    public required string Expected { get; init; }
    /// <summary>The row as it is now ("(absent)" when it was deleted since).</summary>
    public required string Current { get; init; }

    public override string ToString() => $"{Table} {Key}: expected {Expected}, found {Current}";
}

/// <summary>One row to put back: the change it reverses and whether that row changed since.</summary>
public sealed record UndoStep(long RunId, string Table, RowImage? Before, RowImage? After, RowImage? Current, bool Conflict);

/// <summary>The read-only plan of an undo: every row to put back, newest run first, and the conflicts.</summary>
public sealed record UndoPlan
{
    public required IReadOnlyList<RunInfo> Runs { get; init; }
    public required IReadOnlyList<UndoStep> Steps { get; init; }
    public required IReadOnlyList<UndoConflict> Conflicts { get; init; }
    /// <summary>Where the store stood when the plan read it (read first): the write protocol plans again when it has moved.</summary>
    public StoreStamp Stamp { get; init; }
    /// <summary>What the plan does with rows changed since the run.</summary>
    public UndoConflictPolicy Policy { get; init; }

    /// <summary>Rows that need writing (steps whose row is not already in its before-state).</summary>
    public int Rows => Steps.Count(s => !SameImage(s.Current, s.Before));

    public IReadOnlyDictionary<string, int> RowsByTable =>
        Steps.Where(s => !SameImage(s.Current, s.Before)).GroupBy(s => s.Table).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The counts a person confirmed ("12 rows put back, 1 changed since the run"); a re-plan with other counts is refused.</summary>
    public string CountsText => $"{Rows} {(Rows == 1 ? "row" : "rows")} put back, {Conflicts.Count} changed since the run";

    internal static bool SameImage(RowImage? a, RowImage? b) => a is null ? b is null : b is not null && a.SameAs(b);
}

/// <summary>What Undo-AttendanceRun did (or, with -Preview, would do) for one run.</summary>
public sealed record UndoResult
{
    public required long RunId { get; init; }
    public required string Operation { get; init; }
    public required string Scope { get; init; }
    /// <summary>Rows put back to what they were before the run.</summary>
    public int Restored { get; init; }
    /// <summary>Rows changed since the run and left as they are (policy Keep).</summary>
    public int Kept { get; init; }
    /// <summary>Rows changed since the run that were overwritten (-Force).</summary>
    public int Overwritten { get; init; }
    public IReadOnlyList<UndoConflict> Conflicts { get; init; } = [];
    /// <summary>Rows per table that were (or would be) written.</summary>
    public IReadOnlyDictionary<string, int> Tables { get; init; } = new Dictionary<string, int>();
    /// <summary>The run-log id of the undo itself; null for a preview.</summary>
    public long? UndoRunId { get; init; }
    public bool IsPreview { get; init; }
}
