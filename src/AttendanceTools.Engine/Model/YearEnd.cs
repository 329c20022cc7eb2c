namespace AttendanceTools.Engine.Model;

// What the later rollovers delete or purge (domain §8.6); only the fields they need.

public sealed record CourseRequest
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string LocalCourseCode { get; init; }
}

public sealed record ReportCardMark
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string SectionIdentifier { get; init; }
    public required string MarkingPeriod { get; init; }
    public required string Mark { get; init; }
}

public sealed record SuccessPlan
{
    public required string StudentUniqueId { get; init; }
    public required string PlanType { get; init; }
    public required DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public string? Notes { get; init; }
}
