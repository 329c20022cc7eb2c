namespace AttendanceTools.Engine.Aggregation;

// The compact, integer-only inputs of one calendar's aggregation. Dates are yyyymmdd integers;
// class periods are numbered within the school (any number of them) and, inside one bell
// schedule, are bit positions of that schedule (≤ 64 periods in one day), so the hot loop touches
// no strings and no dictionaries per student-day.

/// <summary>One calendar day: whether it takes attendance and which bell schedule (index into <see cref="AggregationInputs.Bells"/>, −1 none).</summary>
public readonly record struct DayInput(int Date, bool TakesAttendance, int BellIndex);

/// <summary>
/// A bell schedule: its periods in the order of the day (bit <c>i</c> is the <c>i</c>-th period by start
/// time), their instructional minutes and the school's number of each period.
/// </summary>
public sealed class BellInput
{
    public BellInput(string name, int[] periodByBit, int[] minutesByBit)
    {
        Name = name;
        PeriodByBit = periodByBit;
        MinutesByBit = minutesByBit;
    }

    public string Name { get; }
    /// <summary>The school's period number of each bit; bits are in the order of the day, so ties of the most common excuse go to the lowest bit.</summary>
    public int[] PeriodByBit { get; }
    /// <summary>Instructional minutes per bit (domain §4.2; 0 for non-instructional periods).</summary>
    public int[] MinutesByBit { get; }
    /// <summary>True when the schedule has no periods at all (such a day yields no rows).</summary>
    public bool IsEmpty => PeriodByBit.Length == 0;
}

/// <summary>A roster span reduced to what matters: dates and its section (index into <see cref="AggregationInputs.SectionMasks"/>).</summary>
public readonly record struct RosterInput(int From, int To, int Section);

/// <summary>An enrolment in the calendar, inclusive dates (To = int.MaxValue when open).</summary>
public readonly record struct EnrollmentInput(int From, int To);

public sealed class StudentInput
{
    public StudentInput(int studentRef, EnrollmentInput[] enrollments, RosterInput[] rosters)
    {
        StudentRef = studentRef;
        Enrollments = enrollments;
        Rosters = rosters;
    }

    public int StudentRef { get; }
    public EnrollmentInput[] Enrollments { get; }
    public RosterInput[] Rosters { get; }
}

/// <summary>What a code means for aggregation (domain §4.3): absent (and not exempt), and unexcused (Unexcused or Unknown, C7).</summary>
public readonly record struct CodeInput(bool CountsAbsent, bool Unexcused);

/// <summary>
/// A meeting mark: the school's period number, the rank of its section by SectionIdentifier (ordinal; the
/// lowest governs when two sections mark one period, §4.3), code, present minutes (−1 = none).
/// </summary>
public readonly record struct MeetingInput(int Date, int StudentRef, int SectionOrder, int Period, int CodeRef, int PresentMinutes);

public readonly record struct DailyInput(int Date, int StudentRef, int CodeRef);

/// <summary>Everything one calendar's aggregation reads. Marks are sorted by (Date, StudentRef).</summary>
public sealed class AggregationInputs
{
    public required DayInput[] Days { get; init; }
    public required BellInput[] Bells { get; init; }
    /// <summary>Per section and bell schedule, the bits of that schedule the section meets in: <c>SectionMasks[section * Bells.Length + bell]</c>.</summary>
    public required ulong[] SectionMasks { get; init; }
    /// <summary>Sorted by StudentRef: every student with an enrolment in the calendar.</summary>
    public required StudentInput[] Students { get; init; }
    public required IReadOnlyDictionary<int, CodeInput> Codes { get; init; }
    public required MeetingInput[] Meeting { get; init; }
    public required DailyInput[] Daily { get; init; }
}

/// <summary>One desired (or stored) day aggregate; <see cref="MostCommonCodeRef"/> is 0 when there is no absence.</summary>
public readonly record struct DayAggregateRow(int Date, int StudentRef, int Scheduled, int Absent, int Unexcused, int MostCommonCodeRef)
{
    public bool SameValues(in DayAggregateRow other)
        => Scheduled == other.Scheduled && Absent == other.Absent && Unexcused == other.Unexcused && MostCommonCodeRef == other.MostCommonCodeRef;
}
