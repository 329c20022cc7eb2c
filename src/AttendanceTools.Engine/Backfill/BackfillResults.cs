namespace AttendanceTools.Engine.Backfill;

/// <summary>One student's outcome of a backfill run (domain §5.6).</summary>
public sealed record BackfillStudentResult
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string Student { get; init; }
    /// <summary>Domain §5.5: Unchanged, NeverApplied, StartDateChanged, MembershipChanged, AttendanceChanged, NewWeeks; Cleared for Clear-Backfill.</summary>
    public required string Reason { get; init; }
    /// <summary>The student's weeks in the window (weeks with at least one membership day).</summary>
    public int Weeks { get; init; }
    public int MovesInserted { get; init; }
    public int MovesUpdated { get; init; }
    /// <summary>Every deleted move, the orphaned ones included.</summary>
    public int MovesDeleted { get; init; }
    /// <summary>Deleted moves whose donor or recipient week has no membership day any more, or whose student left the program.</summary>
    public int OrphanMovesDeleted { get; init; }
    /// <summary>Minutes the student's moves carry after the run.</summary>
    public int MovedMinutes { get; init; }
    /// <summary>Claimable minutes from the current inputs with the moves stored before the run.</summary>
    public int ClaimableMinutesBefore { get; init; }
    /// <summary>Claimable minutes from the current inputs with the moves after the run.</summary>
    public int ClaimableMinutes { get; init; }
    public decimal AdaDaysBefore => BackfillHours.Ada(ClaimableMinutesBefore);
    public decimal AdaDays => BackfillHours.Ada(ClaimableMinutes);
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The run-log entry; null for a preview.</summary>
    public long? RunId { get; init; }
    public bool IsPreview => RunId is null;

    public override string ToString() => $"{Student} {Reason}";
}

/// <summary>One stored move, as Get-BackfillMove lists it.</summary>
public sealed record BackfillMoveInfo
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string Student { get; init; }
    /// <summary>The Monday of the week that gave the minutes.</summary>
    public required DateTime DonorWeek { get; init; }
    /// <summary>The Monday of the earlier week that received them.</summary>
    public required DateTime RecipientWeek { get; init; }
    /// <summary>Class, IndependentStudy or WorkExperience.</summary>
    public required string Category { get; init; }
    public required int Minutes { get; init; }
    public decimal Hours => BackfillHours.Hours(Minutes);
    /// <summary>The recipient week ends before the start date: the move belongs to a reported period and is never recomputed.</summary>
    public bool IsFrozen { get; init; }
    public long? RunId { get; init; }
}

/// <summary>Hours and ADA days from minutes (domain §2.4: exact decimals).</summary>
public static class BackfillHours
{
    public static decimal Hours(int minutes) => minutes / 60m;

    public static decimal Ada(int minutes) => minutes / 180m;
}
