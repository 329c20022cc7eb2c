namespace AttendanceTools.Engine.Model;

// Reference entities of domain §3.1, keyed by their natural keys. Storage adds surrogate keys.

public sealed record SchoolYearRow
{
    public required int SchoolYear { get; init; }
    public required string Description { get; init; }
    public required DateOnly BeginDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public bool IsCurrent { get; init; }
}

public sealed record School
{
    public required string SchoolId { get; init; }
    public required string Name { get; init; }
    public bool IsDistrictOffice { get; init; }
    public string? SchoolCategory { get; init; }
    /// <summary>Space-separated CEDS codes, e.g. "09 10 11 12".</summary>
    public string? GradeLevels { get; init; }
    /// <summary>OneRoster sourcedId; the SchoolId when the file gives no separate identifier.</summary>
    public string? SourcedId { get; init; }
}

public sealed record Calendar
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string CalendarCode { get; init; }
    public string? CalendarType { get; init; }
    public string? GradeLevels { get; init; }
    public int? WholeDayAbsenceMinutes { get; init; }
    public int? HalfDayAbsenceMinutes { get; init; }
}

public sealed record CalendarDate
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string CalendarCode { get; init; }
    public required DateOnly Date { get; init; }
    /// <summary>Ed-Fi calendar event descriptors, separated by ';' (e.g. "Instructional day").</summary>
    public string? CalendarEvents { get; init; }
    public bool InSession { get; init; }
    public bool TakesAttendance { get; init; }
    public string? BellScheduleName { get; init; }
}

public sealed record ClassPeriod
{
    public required string SchoolId { get; init; }
    public required string ClassPeriodName { get; init; }
    public bool OfficialAttendancePeriod { get; init; }
}

public sealed record BellSchedule
{
    public required string SchoolId { get; init; }
    public required string BellScheduleName { get; init; }
    public string? BridgePeriodName { get; init; }
    /// <summary>Minutes after midnight.</summary>
    public int? DailyTimeIn { get; init; }
    public int? DailyTimeOut { get; init; }
}

public sealed record BellSchedulePeriod
{
    public required string SchoolId { get; init; }
    public required string BellScheduleName { get; init; }
    public required string ClassPeriodName { get; init; }
    /// <summary>Minutes after midnight; null only when unset (aggregation refuses it: PeriodTimesMissing).</summary>
    public int? StartTime { get; init; }
    public int? EndTime { get; init; }
    public int LunchMinutes { get; init; }
    public bool IsInstructional { get; init; } = true;

    /// <summary>Instructional minutes (domain §4.2): End − Start − Lunch, or 0 when not instructional.</summary>
    public int InstructionalMinutes => IsInstructional && StartTime is { } s && EndTime is { } e ? e - s - LunchMinutes : 0;
}

public sealed record Course
{
    public required string SchoolId { get; init; }
    public required string LocalCourseCode { get; init; }
    public required string Title { get; init; }
    public string? SourcedId { get; init; }
}

public sealed record Section
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string SectionIdentifier { get; init; }
    public required string LocalCourseCode { get; init; }
    public string? SessionName { get; init; }
    /// <summary>At least one class period the section meets in.</summary>
    public required IReadOnlyList<string> ClassPeriodNames { get; init; }
    public bool AttendanceTracked { get; init; } = true;
    public bool IsActive { get; init; } = true;
    public string? Title { get; init; }
    /// <summary>Every OneRoster term of the class, comma-separated as classes.csv writes them (null: not from OneRoster).</summary>
    public string? TermSourcedIds { get; init; }
    /// <summary>OneRoster classType (<c>homeroom</c>, <c>scheduled</c>); null: not from OneRoster.</summary>
    public string? ClassType { get; init; }
}

/// <summary>A OneRoster academic session (school year, term, semester, grading period) as the package named and dated it.</summary>
public sealed record AcademicSession
{
    public required string SourcedId { get; init; }
    public required int SchoolYear { get; init; }
    public string? Title { get; init; }
    /// <summary>OneRoster type: schoolYear, term, semester, gradingPeriod.</summary>
    public required string SessionType { get; init; }
    public required DateOnly BeginDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public string? ParentSourcedId { get; init; }
}

public sealed record Program
{
    public required string SchoolId { get; init; }
    public required string ProgramName { get; init; }
    public string? ProgramType { get; init; }
}
