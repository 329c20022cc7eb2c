using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Queries;

/// <summary>
/// A student as Get-AttendanceStudent shows it: identity from the student record, school, grade
/// and status from the student's year record of one school year.
/// </summary>
public sealed record StudentInfo
{
    /// <summary>The StudentUniqueId (OneRoster sourcedId): the key every other command takes.</summary>
    public required string StudentId { get; init; }
    /// <summary>The SIS's local student number.</summary>
    public string? LocalId { get; init; }
    /// <summary>"Last, First".</summary>
    public string Name => $"{LastSurname}, {FirstName}";
    public required string FirstName { get; init; }
    public required string LastSurname { get; init; }
    /// <summary>CEDS grade code from the year record; null when the student has none for the year.</summary>
    public string? Grade { get; init; }
    /// <summary>The school's name from the year record.</summary>
    public string? School { get; init; }
    public string? SchoolId { get; init; }
    /// <summary>The year <see cref="Grade"/>, <see cref="School"/> and <see cref="Status"/> come from, as "2025-26".</summary>
    public string? SchoolYear => SchoolYearNumber is { } y ? SchoolYearText.Format(y) : null;
    public int? SchoolYearNumber { get; init; }
    /// <summary>
    /// The stored ClassOfSchoolYear; when the student has none, computed from the grade and the
    /// year (domain §9.2). <see cref="GraduationYearSource"/> says which.
    /// </summary>
    public int? GraduationYear { get; init; }
    /// <summary>"Stored", "Computed", or null when neither is possible (no stored value, grade without an ordinal).</summary>
    public string? GraduationYearSource { get; init; }
    /// <summary>
    /// The graduation year a provisioning feed computes from <see cref="Grade"/> and the school year
    /// (domain §9.2), whatever is stored: a retained student's differs from <see cref="GraduationYear"/>.
    /// Null without a year record or for a grade without an ordinal (warning GradeHasNoOrdinal).
    /// </summary>
    public int? FeedGraduationYear { get; init; }
    /// <summary>The two-digit form of <see cref="FeedGraduationYear"/> that usernames carry ("35").</summary>
    public string? FeedGraduationYear2 => Provisioning.FeedGraduationYear.TwoDigit(FeedGraduationYear);
    /// <summary>Active, Inactive, PreRegistered or Graduated (the year record's status).</summary>
    public string? Status { get; init; }
    /// <summary>The calendar code the year record names.</summary>
    public string? CalendarCode { get; init; }
    public DateTime? BirthDate { get; init; }
    public bool IsDeleted { get; init; }
    /// <summary>Programs the student belongs to at some time in the school year.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];
    internal int StudentRef { get; init; }

    public override string ToString() => $"{StudentId} {Name}";
}

/// <summary>Which students to read, and for which school year.</summary>
public sealed record StudentFilter
{
    /// <summary>StudentUniqueIds, wildcards allowed. Without them, the students with a year record in the year.</summary>
    public IReadOnlyList<string> StudentIds { get; init; } = [];
    /// <summary>School names or ids (of the year record).</summary>
    public IReadOnlyList<string> Schools { get; init; } = [];
    /// <summary>Grade codes ("05", "5", "KG", "Fifth grade") or wildcard patterns over the codes.</summary>
    public IReadOnlyList<string> Grades { get; init; } = [];
    /// <summary>Program names; students in such a program at some time in the year.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];
    /// <summary>End year; null for the current school year.</summary>
    public int? SchoolYear { get; init; }
    public bool IncludeDeleted { get; init; }
}
