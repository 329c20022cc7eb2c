namespace AttendanceTools.Engine.Bridge;

public enum MarkKind
{
    /// <summary>One mark per student and school day.</summary>
    Daily,
    /// <summary>One mark per student, section, period and day.</summary>
    Meeting,
}

/// <summary>One record to write or remove (Set-/Remove-AttendanceRecord).</summary>
public sealed record AttendanceMark
{
    /// <summary>StudentUniqueId.</summary>
    public required string Student { get; init; }
    /// <summary>School id or name; default: the school the student is enrolled at on the date.</summary>
    public string? School { get; init; }
    public required DateOnly Date { get; init; }
    /// <summary>Default: Meeting when a section or period is given, else Daily.</summary>
    public MarkKind? Kind { get; init; }
    public string? Section { get; init; }
    public string? Period { get; init; }
    /// <summary>The attendance code (required to set, ignored to remove).</summary>
    public string? Code { get; init; }
    /// <summary>Meeting only: minutes the student was there during an absent period.</summary>
    public int? PresentMinutes { get; init; }
    /// <summary>Daily only: time in, minutes after midnight.</summary>
    public int? TimeIn { get; init; }
    /// <summary>Daily only: time out, minutes after midnight.</summary>
    public int? TimeOut { get; init; }

    public MarkKind EffectiveKind => Kind ?? (Section is not null || Period is not null ? MarkKind.Meeting : MarkKind.Daily);

    public override string ToString()
        => $"{EffectiveKind} {Code} for {Student} on {Date:yyyy-MM-dd}{(Section is null && Period is null ? "" : $" in {Section} {Period}".TrimEnd())}";
}

/// <summary>What the live bridge (domain §6.5) did to a written mark's twin.</summary>
public sealed record BridgeChange
{
    /// <summary>"Daily" or "Meeting".</summary>
    public required string Kind { get; init; }
    public string? Section { get; init; }
    public string? Period { get; init; }
    public string? Code { get; init; }
    /// <summary>Created, Updated, Unchanged, Deleted, or Kept (a twin entered by someone, which the bridge does not delete).</summary>
    public required string Action { get; init; }

    public override string ToString() => $"{Kind}{(Period is null ? "" : $" {Section} {Period}")} {Code} {Action.ToLowerInvariant()}".Replace("  ", " ", StringComparison.Ordinal);
}

/// <summary>One written or removed record and what the live bridge did.</summary>
public sealed record AttendanceMarkResult
{
    /// <summary>Created, Updated, Unchanged or Removed.</summary>
    public required string Action { get; init; }
    public required string Kind { get; init; }
    public required string StudentId { get; init; }
    public required string School { get; init; }
    public required DateTime Date { get; init; }
    public string? Section { get; init; }
    public string? Period { get; init; }
    public string? Code { get; init; }
    /// <summary>The code before the write (null for a new record).</summary>
    public string? PreviousCode { get; init; }
    public TimeSpan? TimeIn { get; init; }
    public TimeSpan? TimeOut { get; init; }
    public int? PresentMinutes { get; init; }
    /// <summary>The bridge mode that applied (None, OneWay, TwoWay).</summary>
    public required string BridgeMode { get; init; }
    public IReadOnlyList<BridgeChange> BridgeChanges { get; init; } = [];
    /// <summary>What the bridge did, as text ("Daily U created", or "" when nothing).</summary>
    public string Bridged => string.Join("; ", BridgeChanges.Select(c => c.ToString()));
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public long? RunId { get; init; }
    public bool IsPreview { get; init; }
}
