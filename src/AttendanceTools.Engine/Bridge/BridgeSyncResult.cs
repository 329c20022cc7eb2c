namespace AttendanceTools.Engine.Bridge;

/// <summary>A record the sync did not write because the target already has another code (domain §6.4 "never overwrites").</summary>
public sealed record BridgeConflict
{
    public required string School { get; init; }
    public required string StudentId { get; init; }
    public required DateTime Date { get; init; }
    /// <summary>"Daily" or "Meeting": the kind of the existing record that was kept.</summary>
    public required string Kind { get; init; }
    public string? Section { get; init; }
    public string? Period { get; init; }
    /// <summary>The code the sync would have written.</summary>
    public required string SyncCode { get; init; }
    /// <summary>The code the existing record has, and keeps.</summary>
    public required string ExistingCode { get; init; }

    public override string ToString()
        => $"{StudentId} {Date:yyyy-MM-dd}{(Period is null ? "" : $" {Section} {Period}")}: {ExistingCode} kept ({SyncCode} from the sync)";
}

/// <summary>One sync run for one school (domain §6.6).</summary>
public sealed record BridgeSyncResult
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>"2025-26".</summary>
    public required string SchoolYear { get; init; }
    public required string Direction { get; init; }
    public required string AbsentDailyMarks { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    /// <summary>In-session days visited.</summary>
    public int DaysProcessed { get; init; }
    public int Created { get; init; }
    public int AlreadyPresent { get; init; }
    public int Conflicts { get; init; }
    /// <summary>Each conflict with both codes.</summary>
    public IReadOnlyList<BridgeConflict> ConflictList { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The run-log id; null for a preview.</summary>
    public long? RunId { get; init; }
    public bool IsPreview { get; init; }
}

/// <summary>One day of a sync run (-Detailed).</summary>
public sealed record BridgeSyncDay
{
    public required string School { get; init; }
    public required DateTime Date { get; init; }
    public required string Direction { get; init; }
    public int Created { get; init; }
    public int AlreadyPresent { get; init; }
    public int Conflicts { get; init; }
    public long? RunId { get; init; }
    public bool IsPreview { get; init; }
}
