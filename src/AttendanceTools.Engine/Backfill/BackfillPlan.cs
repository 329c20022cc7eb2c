using System.Globalization;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>One student's planned writes.</summary>
public sealed class BackfillStudentPlan
{
    public required int StudentRef { get; init; }
    public required string StudentId { get; init; }
    public required BackfillReason Reason { get; init; }
    public int Weeks { get; init; }
    public List<BackfillMoveRow> Inserts { get; } = [];
    public List<(StoredMoveImage Before, BackfillMoveRow After)> Updates { get; } = [];
    public List<StoredMoveImage> Deletes { get; } = [];
    public int OrphanDeletes { get; init; }
    public int MovedMinutes { get; init; }
    public int ClaimableBefore { get; init; }
    public int Claimable { get; init; }
    /// <summary>The state row before and after (null: none); equal when it does not change.</summary>
    public (DateOnly Start, string Fingerprint, string ComputedAt)? StateBefore { get; init; }
    public (DateOnly Start, string Fingerprint, string ComputedAt)? StateAfter { get; set; }
    public bool StateChanges => StateBefore?.Start != StateAfter?.Start || StateBefore?.Fingerprint != StateAfter?.Fingerprint;
    public List<EngineWarning> Warnings { get; } = [];
    public int MoveWrites => Inserts.Count + Updates.Count + Deletes.Count;

    public BackfillStudentResult ToResult(BackfillSettings s, long? runId) => new()
    {
        School = s.SchoolName, SchoolId = s.SchoolId, Student = StudentId, Reason = Reason.ToString(), Weeks = Weeks,
        MovesInserted = Inserts.Count, MovesUpdated = Updates.Count, MovesDeleted = Deletes.Count, OrphanMovesDeleted = OrphanDeletes,
        MovedMinutes = MovedMinutes, ClaimableMinutesBefore = ClaimableBefore, ClaimableMinutes = Claimable,
        Warnings = [.. Warnings.Select(w => w.ToString())], RunId = runId,
    };
}

/// <summary>A stored move as the journal needs it (the whole row).</summary>
public readonly record struct StoredMoveImage(BackfillMoveRow Move, long? RunId);

/// <summary>One school's planned run.</summary>
public sealed class BackfillSchoolPlan
{
    public required BackfillSettings Settings { get; init; }
    public required DateOnly WindowStart { get; init; }
    public required DateOnly WindowEnd { get; init; }
    public required IReadOnlyList<CalendarPlan> Aggregation { get; init; }
    public required IReadOnlyList<BackfillStudentPlan> Students { get; init; }
    /// <summary>The continuation-education students in scope, also for the Aggregate step, which plans no per-student moves.</summary>
    public required IReadOnlyList<int> InScope { get; init; }
    /// <summary>Stored non-frozen moves in the window of the students in scope (the change guard's denominator).</summary>
    public int ExistingMoves { get; init; }
    public List<EngineWarning> Warnings { get; } = [];
    /// <summary>Time spent reading the inputs, planning the aggregation and computing the students (verbose diagnostics).</summary>
    public (TimeSpan Load, TimeSpan Aggregation, TimeSpan Backfill) Timing { get; set; }

    public string Target => $"backfill of {Settings}";

    public int MoveWrites => Students.Sum(s => s.MoveWrites);

    public string Describe(BackfillStep step) => string.Create(CultureInfo.InvariantCulture,
        $"{Target}, window {WindowStart:yyyy-MM-dd} to {WindowEnd:yyyy-MM-dd} ({step}): " +
        $"{Text.Count(Students.Sum(s => s.Inserts.Count), "move insert")}, {Text.Count(Students.Sum(s => s.Updates.Count), "move update")}, " +
        $"{Text.Count(Students.Sum(s => s.Deletes.Count), "move delete")}, {Text.Count(Aggregation.Sum(a => a.Changes.Total), "day aggregate")} to write, " +
        $"{Text.Count(Students.Count, "student")}");
}

/// <summary>The whole planned run.</summary>
public sealed class BackfillPlan
{
    public required BackfillRequest Request { get; init; }
    public required IReadOnlyList<BackfillSchoolPlan> Schools { get; init; }
    /// <summary>Per-item failures (a school not enabled, a student not in the program); the rest proceed.</summary>
    public required IReadOnlyList<AttendanceException> Failures { get; init; }
    /// <summary>A scheduled run under a maintenance lock that disables scheduled tasks (domain §4.5).</summary>
    public bool SkippedForMaintenance { get; init; }
    /// <summary>Where the store stood when the plan read it: the apply re-plans when it moved.</summary>
    internal StoreStamp Stamp { get; init; }
}
