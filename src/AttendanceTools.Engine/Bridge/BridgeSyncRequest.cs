namespace AttendanceTools.Engine.Bridge;

/// <summary>One sync run: one school (domain §6.2).</summary>
public sealed record BridgeSyncRequest
{
    /// <summary>The school's id or name.</summary>
    public required string School { get; init; }
    /// <summary>End year; null for the current school year.</summary>
    public int? SchoolYear { get; init; }
    public required BridgeDirection Direction { get; init; }
    public AbsentDailyMarks AbsentDailyMarks { get; init; } = AbsentDailyMarks.BridgePeriodOnly;
    /// <summary>Default: the date the recording method changed this year, else the year's first day.</summary>
    public DateOnly? From { get; init; }
    /// <summary>Default: the earlier of today (district time) and the year's last day.</summary>
    public DateOnly? To { get; init; }
    /// <summary>Run as if today were this date (the default range ends here).</summary>
    public DateOnly? AsOf { get; init; }
    public double? MaxChangePercent { get; init; }
    public string? LockToken { get; init; }
    public TimeSpan? LeaseWait { get; init; }
}
