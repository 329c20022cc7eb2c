namespace AttendanceTools.Engine.Queries;

/// <summary>Which attendance records to read.</summary>
public enum AttendanceRecordKind
{
    /// <summary>Daily and meeting records, merged in school, date and student order.</summary>
    All,
    Daily,
    Meeting,
}

/// <summary>One daily or meeting attendance record as Get-AttendanceRecord shows it.</summary>
public sealed record AttendanceRecordInfo
{
    /// <summary>"Daily" (one mark per student and day) or "Meeting" (one mark per section period).</summary>
    public required string Kind { get; init; }
    /// <summary>The student's StudentUniqueId.</summary>
    public required string Student { get; init; }
    /// <summary>"Last, First".</summary>
    public required string StudentName { get; init; }
    /// <summary>The school's name.</summary>
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>The day (date part only), comparable with Get-Date.</summary>
    public required DateTime Date { get; init; }
    public required string Code { get; init; }
    /// <summary>"Present" or "Absent", from the code.</summary>
    public required string PresenceStatus { get; init; }
    /// <summary>None, Excused, Unexcused, Unknown or Exempt, from the code.</summary>
    public required string Excuse { get; init; }
    /// <summary>The section (meeting records only).</summary>
    public string? Section { get; init; }
    /// <summary>The class period (meeting records only).</summary>
    public string? Period { get; init; }
    /// <summary>Time in and out of a daily record, when recorded.</summary>
    public TimeSpan? TimeIn { get; init; }
    public TimeSpan? TimeOut { get; init; }
    /// <summary>Minutes the student was there during a period marked absent (meeting records only).</summary>
    public int? PresentMinutes { get; init; }
    /// <summary>Entered, LiveBridge or Sync: who wrote the record.</summary>
    public required string Origin { get; init; }
    /// <summary>The run that wrote the record (Get-AttendanceRun), when a run did.</summary>
    public long? RunId { get; init; }
    internal int SchoolRef { get; init; }
    internal int DateValue { get; init; }
    internal int StudentRef { get; init; }

    /// <summary>Where the mark was taken: "school section period" for a meeting record, "school 08:00-14:50" for a daily one with times.</summary>
    public string Where => Kind == "Meeting" ? $"{School} {Section} {Period}"
        : TimeIn is null && TimeOut is null ? School
        : $"{School} {TimeIn:hh\\:mm}-{TimeOut:hh\\:mm}";

    public override string ToString() => $"{Kind} {Date:yyyy-MM-dd} {Student} {Code}";
}

/// <summary>Which records to read. Every filter is optional; all of them together narrow the result.</summary>
public sealed record AttendanceRecordFilter
{
    public AttendanceRecordKind Kind { get; init; } = AttendanceRecordKind.All;
    /// <summary>StudentUniqueIds, wildcards allowed.</summary>
    public IReadOnlyList<string> StudentIds { get; init; } = [];
    /// <summary>School names or ids, wildcards allowed.</summary>
    public IReadOnlyList<string> Schools { get; init; } = [];
    /// <summary>First and last date, inclusive.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Attendance codes, wildcards allowed.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];
}
