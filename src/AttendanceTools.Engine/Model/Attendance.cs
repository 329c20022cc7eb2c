namespace AttendanceTools.Engine.Model;

// Attendance entities of domain §3.2.

public sealed record AttendanceCode
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string Code { get; init; }
    public string? Description { get; init; }
    public required PresenceStatus PresenceStatus { get; init; }
    public Excuse Excuse { get; init; }
    /// <summary>Ed-Fi AttendanceEventCategoryDescriptor; derived from status and excuse when not given.</summary>
    public string? EventCategory { get; init; }
    public bool CountsForAda { get; init; } = true;

    /// <summary>Domain §3.2: the category a code without an explicit one gets.</summary>
    public static string DeriveEventCategory(PresenceStatus status, Excuse excuse) => status switch
    {
        PresenceStatus.Present => "In Attendance",
        _ when excuse is Excuse.Excused or Excuse.Exempt => "Excused Absence",
        _ => "Unexcused Absence",
    };
}

public sealed record DailyAttendance
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required DateOnly Date { get; init; }
    public required string Code { get; init; }
    public int? TimeIn { get; init; }
    public int? TimeOut { get; init; }
    public AttendanceOrigin Origin { get; init; }
}

public sealed record MeetingAttendance
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required string SectionIdentifier { get; init; }
    public required string ClassPeriodName { get; init; }
    public required DateOnly Date { get; init; }
    public required string Code { get; init; }
    public int? PresentMinutes { get; init; }
    public AttendanceOrigin Origin { get; init; }
}

public sealed record AttendanceTime
{
    public required string StudentUniqueId { get; init; }
    public required string SchoolId { get; init; }
    public required DateOnly Date { get; init; }
    public required AttendanceTimeKind Kind { get; init; }
    public int Sequence { get; init; } = 1;
    public required int Minutes { get; init; }
}

public sealed record AttendanceSettings
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public RecordingMethod RecordingMethod { get; init; } = RecordingMethod.Daily;
    public BridgeMode BridgeMode { get; init; } = BridgeMode.None;
}

/// <summary>
/// A school's change of recording method during a year (from <see cref="EffectiveDate"/> on it records by
/// <see cref="RecordingMethod"/>). Kept by the store for the bridge sync's default range; not part of the interchange files.
/// </summary>
public sealed record RecordingMethodChange
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required RecordingMethod PreviousMethod { get; init; }
    public required RecordingMethod RecordingMethod { get; init; }
}

public sealed record BackfillPreference
{
    public required string SchoolId { get; init; }
    public required int SchoolYear { get; init; }
    public bool Enabled { get; init; }
    public bool RealtimeEnabled { get; init; }
    public string? ProgramName { get; init; }
    public decimal TargetHoursPerDay { get; init; } = 3.0m;
    public decimal MaxWorkExperienceHoursPerDay { get; init; }
    public DateOnly? BackfillStartDate { get; init; }
}
