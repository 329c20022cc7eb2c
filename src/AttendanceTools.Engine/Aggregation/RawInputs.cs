namespace AttendanceTools.Engine.Aggregation;

// Rows as the store holds them (surrogate refs, yyyymmdd dates, nullable times), before they are
// reduced to AggregationInputs. The SQL loader fills them; tests build them by hand.

public readonly record struct RawClassPeriod(int ClassPeriodRef, string Name);

public readonly record struct RawBellSchedule(int BellScheduleRef, string Name);

public readonly record struct RawBellPeriod(int BellScheduleRef, string BellName, int ClassPeriodRef, int? Start, int? End, int Lunch, bool IsInstructional);

public readonly record struct RawSection(int SectionRef, string Identifier, string ClassPeriodNames, bool AttendanceTracked, bool IsActive);

public readonly record struct RawRoster(int StudentRef, int SectionRef, int Begin, int? End);

public readonly record struct RawEnrollment(int StudentRef, int Entry, int? Exit);

public readonly record struct RawDay(int Date, bool InSession, bool TakesAttendance, int? BellScheduleRef);

public readonly record struct RawCode(int CodeRef, int SchoolYear, string Code, string PresenceStatus, string Excuse);

public readonly record struct RawMeeting(int Date, int StudentRef, int SectionRef, int ClassPeriodRef, int CodeRef, int? PresentMinutes);

public readonly record struct RawDaily(int Date, int StudentRef, int CodeRef);

/// <summary>What a school contributes to every one of its calendars (loaded once per school and year).</summary>
public sealed class RawSchool
{
    public required string SchoolName { get; init; }
    public required IReadOnlyList<RawClassPeriod> Periods { get; init; }
    public required IReadOnlyList<RawBellPeriod> BellPeriods { get; init; }
    /// <summary>Every bell schedule of the school, also those without periods (their days yield no rows, with a warning).</summary>
    public IReadOnlyList<RawBellSchedule> BellSchedules { get; init; } = [];
    public required IReadOnlyList<RawSection> Sections { get; init; }
    /// <summary>Any order.</summary>
    public required IReadOnlyList<RawRoster> Rosters { get; init; }
    public required IReadOnlyList<RawCode> Codes { get; init; }
    /// <summary>Sorted by (Date, StudentRef).</summary>
    public required IReadOnlyList<RawMeeting> Meeting { get; init; }
    /// <summary>Sorted by (Date, StudentRef).</summary>
    public required IReadOnlyList<RawDaily> Daily { get; init; }
    /// <summary>StudentUniqueId by StudentRef, for messages that name a student.</summary>
    public IReadOnlyDictionary<int, string> StudentIds { get; init; } = new Dictionary<int, string>();
}

/// <summary>One calendar's own rows.</summary>
public sealed class RawCalendar
{
    public required string DisplayName { get; init; }
    public required int SchoolYear { get; init; }
    /// <summary>Sorted by date.</summary>
    public required IReadOnlyList<RawDay> Days { get; init; }
    /// <summary>Students marked deleted are left out (they are neither aggregated nor listed); any order.</summary>
    public required IReadOnlyList<RawEnrollment> Enrollments { get; init; }
    /// <summary>Sorted dates that hold stored day aggregates of the calendar but are no longer calendar days.</summary>
    public IReadOnlyList<int> StaleDates { get; init; } = [];

    private IReadOnlyList<RawDay>? _scopeDays;

    /// <summary>
    /// The days a run's scope is built from: the calendar days and the stale dates (as days that take no
    /// attendance, so they yield no rows and their stored rows go), sorted by date.
    /// </summary>
    public IReadOnlyList<RawDay> ScopeDays => _scopeDays ??= StaleDates.Count == 0 ? Days
        : [.. Days.Concat(StaleDates.Select(d => new RawDay(d, false, false, null))).OrderBy(d => d.Date)];

    private IReadOnlyList<int>? _scopeDates;

    /// <summary>The dates of <see cref="ScopeDays"/>.</summary>
    public IReadOnlyList<int> ScopeDates => _scopeDates ??= [.. ScopeDays.Select(d => d.Date)];

    /// <summary>The same calendar with its enrolments (read once the run's scope says which are needed).</summary>
    public RawCalendar WithEnrollments(IReadOnlyList<RawEnrollment> enrollments)
        => new() { DisplayName = DisplayName, SchoolYear = SchoolYear, Days = Days, Enrollments = enrollments, StaleDates = StaleDates };
}
