namespace AttendanceTools.Engine.Rollover;

/// <summary>The year-end rollovers, in the order they must run (domain §8.1).</summary>
public enum RolloverType { Registration, Scheduling, MarkReporting, SuccessPlan }

/// <summary>What Start-Rollover was asked to do (domain §8.2).</summary>
public sealed record RolloverRequest
{
    public required RolloverType Type { get; init; }
    /// <summary>The year being closed. Default: the current year (Registration), the latest applied Registration's year (the others).</summary>
    public int? SchoolYear { get; init; }
    public string? LockToken { get; init; }
    public double? MaxChangePercent { get; init; }
    /// <summary>Default: each student's last in-session day of their current-year calendar.</summary>
    public DateOnly? WithdrawalDate { get; init; }
    public string WithdrawalCode { get; init; } = "EOY";
    public string GraduationCode { get; init; } = "GRAD";
    public string EntryCode { get; init; } = "R";
    /// <summary>Set: the <c>Fixed</c> entry-date rule with this date; null: <c>FirstMembershipDay</c>.</summary>
    public DateOnly? EntryDate { get; init; }
    /// <summary>Scheduling / Mark Reporting purges: a past school year, and for Scheduling the schools (empty = all).</summary>
    public int? PurgeSchoolYear { get; init; }
    public bool PurgeCourseRequests { get; init; }
    public bool PurgeSections { get; init; }
    public IReadOnlyList<string> PurgeSchools { get; init; } = [];
    /// <summary>Mark Reporting: purge marks of students whose ClassOfSchoolYear ≤ this year.</summary>
    public int? PurgeMarksClassOf { get; init; }
    public TimeSpan? LeaseWait { get; init; }
}

/// <summary>The counts of one rollover run (domain §8.5), equal in a preview and the real run.</summary>
public sealed record RolloverResult
{
    public required string Type { get; init; }
    /// <summary>The year closed, as people write it ("2025-26").</summary>
    public required string SchoolYear { get; init; }
    /// <summary>"Preview" or "Applied" (or "Unchanged" when the run had nothing to do).</summary>
    public required string Mode { get; init; }
    /// <summary>The run number; null for a preview or a run that changed nothing (no undo point).</summary>
    public int? RunNumber { get; init; }
    public string? BackupId { get; init; }
    public long? RunId { get; init; }
    public int Processed { get; init; }
    public int Promoted { get; init; }
    public int Retained { get; init; }
    public int Graduated { get; init; }
    public int Inactivated { get; init; }
    public int Deleted { get; init; }
    public int PreRegisteredActivated { get; init; }
    public int Unmatched { get; init; }
    public int EnrollmentsClosed { get; init; }
    public int EnrollmentsOpened { get; init; }
    public int Warnings { get; init; }
    /// <summary>Rows written per table ("StudentYearRecord: 5"); for the later rollovers, rows deleted.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    public IReadOnlyList<string> WarningMessages { get; init; } = [];
}

/// <summary>One line of the rollover log (domain §8.7).</summary>
public sealed record RolloverLogEntry
{
    public required string RunKey { get; init; }
    public required string Type { get; init; }
    public required string SchoolYear { get; init; }
    public required int RunNumber { get; init; }
    public required int Line { get; init; }
    public required string Severity { get; init; }
    public string? StudentUniqueId { get; init; }
    public int? Criterion { get; init; }
    public string? Action { get; init; }
    public required string Message { get; init; }
}

/// <summary>One rollover run as recorded (RolloverRun).</summary>
public sealed record RolloverRunInfo
{
    public required string Type { get; init; }
    public required int SchoolYear { get; init; }
    public required int RunNumber { get; init; }
    public required string State { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string StartedBy { get; init; }
    public long RunId { get; init; }
    public string? BackupId { get; init; }
    public string RunKey => Key(Type, SchoolYear, RunNumber);

    public static string Key(string type, int year, int number) => $"{type}-{year}-{number}";
}
