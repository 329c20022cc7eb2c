namespace AttendanceTools.Engine.Model;

// Students and their memberships (domain §3.1). Every date range is inclusive at both ends (C1).

public sealed record Student
{
    /// <summary>The interchange id (OneRoster sourcedId); the key other files use.</summary>
    public required string StudentUniqueId { get; init; }
    /// <summary>The SIS's local student number (OneRoster identifier).</summary>
    public string? LocalId { get; init; }
    public required string FirstName { get; init; }
    public required string LastSurname { get; init; }
    public DateOnly? BirthDate { get; init; }
    public int? ClassOfSchoolYear { get; init; }
    public bool IsDeleted { get; init; }
    /// <summary>The OneRoster username, kept so an export gives it back.</summary>
    public string? Username { get; init; }
}

public sealed record StudentSchoolAssociation
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required DateOnly EntryDate { get; init; }
    public required int SchoolYear { get; init; }
    public required string CalendarCode { get; init; }
    public required string EntryGradeLevel { get; init; }
    public string? EntryCode { get; init; }
    public DateOnly? ExitWithdrawDate { get; init; }
    public string? ExitWithdrawCode { get; init; }
    public string? ExitWithdrawType { get; init; }
}

public sealed record StudentYearRecord
{
    public required string StudentUniqueId { get; init; }
    public required int SchoolYear { get; init; }
    public required string SchoolId { get; init; }
    public required string GradeLevel { get; init; }
    public string? CalendarCode { get; init; }
    public YearRecordStatus Status { get; init; } = YearRecordStatus.Active;
    public bool Promote { get; init; } = true;
    public string? Homeroom { get; init; }
    public string? Counselor { get; init; }
    public string? NextYearSchoolId { get; init; }
    public string? NextYearGradeLevel { get; init; }
    public string? NextYearCalendarCode { get; init; }
    public string? NextYearHomeroom { get; init; }
    public string? NextYearCounselor { get; init; }
}

public sealed record StudentSectionAssociation
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string SectionIdentifier { get; init; }
    public required DateOnly BeginDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public bool HomeroomIndicator { get; init; }
    /// <summary>The OneRoster enrolment sourcedId, kept so an export gives it back.</summary>
    public string? SourcedId { get; init; }
}

public sealed record StudentProgramAssociation
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required string ProgramName { get; init; }
    public required DateOnly BeginDate { get; init; }
    public DateOnly? EndDate { get; init; }
}
