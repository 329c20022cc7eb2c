namespace AttendanceTools.Engine.Backfill;

/// <summary>Which step of domain §5.5 a run performs.</summary>
public enum BackfillStep
{
    /// <summary>Clear, regenerate aggregation and backfill in one step; only the net difference is written.</summary>
    Validate,
    /// <summary>Step 1: delete the non-frozen moves in the window and the students' stored state.</summary>
    Clear,
    /// <summary>Step 2: the aggregation refresh (domain §7.3, student run) for the students' calendars on the window's dates.</summary>
    Aggregate,
    /// <summary>Step 3: compute §5.4 from the current aggregates and time entries; write the difference.</summary>
    Backfill,
}

/// <summary>What a backfill run covers.</summary>
public sealed record BackfillRequest
{
    public BackfillStep Step { get; init; } = BackfillStep.Validate;
    /// <summary>School names or ids; none: every school with backfill enabled (or the schools of <see cref="Students"/>).</summary>
    public IReadOnlyList<string> Schools { get; init; } = [];
    /// <summary>StudentUniqueIds; none: every CE student of the schools.</summary>
    public IReadOnlyList<string> Students { get; init; } = [];
    /// <summary>The school year (end year); default: the year holding <see cref="AsOf"/>, else the current one.</summary>
    public int? SchoolYear { get; init; }
    /// <summary>District-local time the run acts as of: the window's end and the aggregation's 11 AM rule follow it. Default: now.</summary>
    public DateTime? AsOf { get; init; }
    /// <summary>Recompute every student even when realtime backfill is on (the full recomputation realtime Validate must equal).</summary>
    public bool RecalculateAll { get; init; }
    public double? MaxChangePercent { get; init; }
    public string? LockToken { get; init; }
    public TimeSpan? LeaseWait { get; init; }
}
