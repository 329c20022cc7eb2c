using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Queries;

/// <summary>A school as Get-AttendanceSchool shows it, with its attendance settings and head count for one school year.</summary>
public sealed record SchoolInfo
{
    public required string Name { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>The central office (PowerSchool models it as a school); several operations refuse it.</summary>
    public bool IsDistrictOffice { get; init; }
    /// <summary>"Daily" or "Meeting" in <see cref="SchoolYear"/>; "Daily" when the school has no settings for that year.</summary>
    public required string RecordingMethod { get; init; }
    /// <summary>"None", "OneWay" or "TwoWay"; "None" when the school has no settings for the year.</summary>
    public required string BridgeMode { get; init; }
    /// <summary>False when the year has no AttendanceSettings row and the two values above are the defaults.</summary>
    public bool HasAttendanceSettings { get; init; }
    public string? SchoolCategory { get; init; }
    /// <summary>Space-separated CEDS grade codes, e.g. "09 10 11 12".</summary>
    public string? GradeLevels { get; init; }
    /// <summary>Students (not deleted) whose year record for <see cref="SchoolYear"/> is at this school: the students Get-AttendanceStudent -School lists.</summary>
    public int Students { get; init; }
    /// <summary>The year the settings and count are for, shown as "2025-26"; null when the store has no current year.</summary>
    public string? SchoolYear => SchoolYearNumber is { } y ? SchoolYearText.Format(y) : null;
    public int? SchoolYearNumber { get; init; }
    internal int SchoolRef { get; init; }

    public override string ToString() => Name;
}

/// <summary>Which schools to show, and as of which year.</summary>
public sealed record SchoolFilter
{
    /// <summary>School names or ids, wildcards allowed.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
    /// <summary>School ids only (what other objects carry as SchoolId), wildcards allowed.</summary>
    public IReadOnlyList<string> SchoolIds { get; init; } = [];
    /// <summary>The end year whose settings and head count are shown; null for the current year.</summary>
    public int? SchoolYear { get; init; }
    /// <summary>Leave the district office out (it is listed by default, flagged by IsDistrictOffice).</summary>
    public bool ExcludeDistrictOffice { get; init; }
}
