using System.Globalization;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>The planned refresh of one calendar: its scope, its changes and what it counted.</summary>
public sealed class CalendarPlan
{
    public required CalendarInfo Calendar { get; init; }
    public required AggregationMode Mode { get; init; }
    public required DateOnly Cutoff { get; init; }
    public required AggregateChanges Changes { get; init; }
    public required int DaysProcessed { get; init; }
    public required int Students { get; init; }
    public required int StudentDays { get; init; }
    public required IReadOnlyList<EngineWarning> Warnings { get; init; }
    public required TimeSpan PlanTime { get; init; }
    /// <summary>Nothing the calendar depends on changed since its last complete run: it was not recomputed (its rows stand).</summary>
    public bool SkippedUnchanged { get; init; }

    public string Target => $"calendar '{Calendar}'";

    /// <summary>The exact counts the apply would write, for -WhatIf and -Confirm.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Target} ({Mode}, through {Cutoff:yyyy-MM-dd}): {Text.Number(Changes.Inserts.Count)} inserts, {Text.Number(Changes.Updates.Count)} updates, {Text.Number(Changes.Deletes.Count)} deletes, {Text.Number(Changes.Unchanged)} unchanged");

    public AggregationRefreshResult ToResult(TimeSpan writeTime, long? runId) => new()
    {
        School = Calendar.School,
        SchoolId = Calendar.SchoolId,
        Calendar = Calendar.Name,
        SchoolYear = Calendar.SchoolYear,
        Mode = Mode.ToString(),
        CutoffDate = Cutoff.ToDateTime(TimeOnly.MinValue),
        DaysProcessed = DaysProcessed,
        Students = Students,
        StudentDays = StudentDays,
        Inserted = Changes.Inserts.Count,
        Updated = Changes.Updates.Count,
        Deleted = Changes.Deletes.Count,
        Unchanged = Changes.Unchanged,
        Duration = PlanTime + writeTime,
        Warnings = [.. Warnings.Select(w => w.ToString())],
        RunId = runId,
        IsPreview = runId is null,
    };
}

/// <summary>The whole planned run: every calendar's plan, the calendars that failed, and the bookkeeping the apply needs.</summary>
public sealed class AggregationPlan
{
    public required AggregationRequest Request { get; init; }
    public required AggregationMode Mode { get; init; }
    public required IReadOnlyList<CalendarPlan> Calendars { get; init; }
    /// <summary>Per-item failures (a calendar that failed validation, a name that matched nothing); the rest proceed.</summary>
    public required IReadOnlyList<AttendanceException> Failures { get; init; }
    /// <summary>The change-log position the inputs were read at.</summary>
    public long ChangeSeq { get; init; }
    /// <summary>The latest aggregation run when planned: if another run lands before the apply, the plan is recomputed.</summary>
    public long LastRunId { get; init; }
    /// <summary>Where the store stood when planned: the write protocol re-plans when it moved.</summary>
    public Storage.StoreStamp Stamp { get; init; }
    /// <summary>Nightly run under a maintenance lock that disables scheduled tasks (domain §4.5): nothing to do.</summary>
    public bool SkippedForMaintenance { get; init; }
}

/// <summary>What <see cref="AggregationOperation.Run"/> did: one result per calendar written, and the calendars or names that failed.</summary>
public sealed class AggregationRun
{
    public required IReadOnlyList<AggregationRefreshResult> Results { get; init; }
    public required IReadOnlyList<AttendanceException> Failures { get; init; }
    /// <summary>Nightly run under a maintenance lock that disables scheduled tasks: nothing was done.</summary>
    public bool SkippedForMaintenance { get; init; }
}
