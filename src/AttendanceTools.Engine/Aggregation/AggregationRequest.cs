using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Aggregation;

public enum AggregationMode { Manual, Nightly }

/// <summary>What to refresh. No scope at all (or <see cref="Nightly"/>) is the nightly run.</summary>
public sealed record AggregationRequest
{
    public bool Nightly { get; init; }
    /// <summary>Which calendars: each selector names calendars, schools and years (a pipeline of calendars gives one each); the union is refreshed.</summary>
    public IReadOnlyList<CalendarSelector> Selectors { get; init; } = [];
    /// <summary>StudentUniqueIds: only these students' days are computed (the "student" run of §7.3).</summary>
    public IReadOnlyList<string> Students { get; init; } = [];
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>The change guard of §4.4: refuse when more than this percent of the existing rows in scope would change.</summary>
    public double? MaxChangePercent { get; init; }
    public string? LockToken { get; init; }
    /// <summary>
    /// Run as if the district clock read this instant (rehearse tonight's nightly, replay a past night, reproduce
    /// a report): Unspecified kind is district wall-clock time, Utc/Local an instant. Null: the store's clock.
    /// </summary>
    public DateTime? AsOf { get; init; }
    /// <summary>How long to wait for another aggregation run's lease before failing (default 30 seconds).</summary>
    public TimeSpan? LeaseWait { get; init; }

    public bool IsNightly => Nightly || (Selectors.Count == 0 && Students.Count == 0 && From is null && To is null);

    /// <summary>A run that recomputes whole calendars through the cut-off may advance the nightly bookkeeping.</summary>
    internal bool CoversWholeCalendars => IsNightly || (Students.Count == 0 && From is null && To is null);
}

/// <summary>Calendar names (codes) and school names or ids, wildcards allowed; no year means the current one.</summary>
public sealed record CalendarSelector(IReadOnlyList<string> Calendars, IReadOnlyList<string> Schools, IReadOnlyList<int> SchoolYears);

/// <summary>One calendar's refresh, as the batch report shows it (domain §7.4).</summary>
public sealed record AggregationRefreshResult
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string Calendar { get; init; }
    /// <summary>"2025-26".</summary>
    public required string SchoolYear { get; init; }
    /// <summary>Manual or Nightly.</summary>
    public required string Mode { get; init; }
    public DateTime? CutoffDate { get; init; }
    public int DaysProcessed { get; init; }
    public int Students { get; init; }
    /// <summary>Rows in the desired state for the run's scope.</summary>
    public int StudentDays { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Deleted { get; init; }
    public int Unchanged { get; init; }
    public TimeSpan Duration { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The run-log entry of the applied run; null for a preview.</summary>
    public long? RunId { get; init; }
    public bool IsPreview { get; init; }
}
