namespace AttendanceTools.Engine.Aggregation;

// The compact, integer-only inputs of one calendar's aggregation. Dates are yyyymmdd integers,
// class periods are bit positions within the school (≤ 64), so the hot loop touches no strings
// and no dictionaries per student-day.

/// <summary>One calendar day: whether it takes attendance and which bell schedule (index into <see cref="AggregationInputs.Bells"/>, −1 none).</summary>
public readonly record struct DayInput(int Date, bool TakesAttendance, int BellIndex);

/// <summary>A bell schedule: which periods it has and their instructional minutes and order, by period bit.</summary>
public sealed class BellInput
{
    public BellInput(string name, ulong mask, int[] minutesByBit, int[] orderByBit)
    {
        Name = name;
        Mask = mask;
        MinutesByBit = minutesByBit;
        OrderByBit = orderByBit;
    }

    public string Name { get; }
    /// <summary>Bits of the periods this schedule contains.</summary>
    public ulong Mask { get; }
    /// <summary>Instructional minutes per period bit (domain §4.2; 0 for non-instructional periods).</summary>
    public int[] MinutesByBit { get; }
    /// <summary>Position of each period in the day (by start time): ties of the most common excuse go to the earliest.</summary>
    public int[] OrderByBit { get; }
}

/// <summary>A roster span reduced to what matters: dates and the period bits its section meets in.</summary>
public readonly record struct RosterInput(int From, int To, ulong Mask);

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

/// <summary>A meeting mark: period bit, section (for a deterministic choice between two), code, present minutes (−1 = none).</summary>
public readonly record struct MeetingInput(int Date, int StudentRef, int SectionRef, int Bit, int CodeRef, int PresentMinutes);

public readonly record struct DailyInput(int Date, int StudentRef, int CodeRef);

/// <summary>Everything one calendar's aggregation reads. Marks are sorted by (Date, StudentRef).</summary>
public sealed class AggregationInputs
{
    public required DayInput[] Days { get; init; }
    public required BellInput[] Bells { get; init; }
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
