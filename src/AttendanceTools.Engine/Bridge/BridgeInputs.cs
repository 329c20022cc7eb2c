namespace AttendanceTools.Engine.Bridge;

// One school's bridge inputs as the store holds them (surrogate refs, yyyymmdd dates, minutes after
// midnight). The loader fills them for a date range; tests build them by hand.

/// <summary>A bell schedule: its periods in bell order, its bridge period and the default times in and out.</summary>
public sealed record BridgeBell(int BellRef, string Name, string? BridgePeriodName, int? BridgePeriodRef, int? TimeIn, int? TimeOut, int[] PeriodRefs)
{
    /// <summary>The bridge period is named and is one of the schedule's own periods (§6.3 BridgePeriodMissing otherwise).</summary>
    public bool HasValidBridgePeriod => BridgePeriodRef is { } b && Array.IndexOf(PeriodRefs, b) >= 0;

    /// <summary>Both default times are there and the day ends after it starts (§6.3 BridgeDefaultTimesMissing otherwise).</summary>
    public bool HasValidDefaultTimes => TimeIn is { } i && TimeOut is { } o && o > i;
}

public readonly record struct BridgeDay(int CalendarRef, int Date, bool InSession, int? BellRef);

/// <summary>An enrolment at the school; <see cref="Exit"/> is int.MaxValue when open.</summary>
public readonly record struct BridgeEnrollment(int StudentRef, int CalendarRef, int Entry, int Exit);

/// <summary>A section that schedules students for attendance (active, attendance tracked), with the periods it meets in.</summary>
public sealed record BridgeSection(int SectionRef, string Identifier, int[] PeriodRefs);

/// <summary>A roster span; <see cref="End"/> is int.MaxValue when open.</summary>
public readonly record struct BridgeRoster(int StudentRef, int SectionRef, int Begin, int End);

public readonly record struct BridgeCode(int CodeRef, string Code, bool Absent);

public readonly record struct BridgeMeetingMark(int Date, int StudentRef, int SectionRef, int PeriodRef, int CodeRef);

public readonly record struct BridgeDailyMark(int Date, int StudentRef, int CodeRef);

/// <summary>Everything the bridge sync reads for one school, one school year and one date range.</summary>
public sealed class BridgeSchoolInputs
{
    public required int SchoolRef { get; init; }
    public required string SchoolName { get; init; }
    public required IReadOnlyDictionary<int, BridgeBell> Bells { get; init; }
    /// <summary>The in-session days of every calendar of the school in range, sorted by date then calendar.</summary>
    public required IReadOnlyList<BridgeDay> Days { get; init; }
    public required IReadOnlyList<BridgeEnrollment> Enrollments { get; init; }
    public required IReadOnlyDictionary<int, BridgeSection> Sections { get; init; }
    public required IReadOnlyList<BridgeRoster> Rosters { get; init; }
    public required IReadOnlyDictionary<int, BridgeCode> Codes { get; init; }
    /// <summary>Meeting marks of the school in range.</summary>
    public required IReadOnlyList<BridgeMeetingMark> Meeting { get; init; }
    /// <summary>Daily marks of the school in range.</summary>
    public required IReadOnlyList<BridgeDailyMark> Daily { get; init; }
    public required IReadOnlyDictionary<int, string> PeriodNames { get; init; }
    /// <summary>StudentUniqueId by StudentRef, for warnings and conflicts that name a student.</summary>
    public required IReadOnlyDictionary<int, string> StudentIds { get; init; }
}
