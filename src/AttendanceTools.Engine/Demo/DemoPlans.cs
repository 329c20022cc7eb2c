using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// The generator's working model: richer than DistrictData (who transfers, which section meets in
// which period), thrown away once the rows are written.

internal enum SchoolKind { DistrictOffice, Elementary, Middle, High, Continuation }

/// <summary>One period of one bell schedule, with the index of its class period in the school's list.</summary>
internal sealed record PeriodTime(int PeriodIndex, string Name, int Start, int End, int Lunch = 0, bool Instructional = true)
{
    public int Minutes => Instructional ? End - Start - Lunch : 0;
}

internal sealed class BellShape
{
    public required string Name { get; init; }
    public required string BridgePeriod { get; init; }
    public required int TimeIn { get; init; }
    public required int TimeOut { get; init; }
    /// <summary>In start-time order.</summary>
    public required PeriodTime[] Periods { get; init; }
}

internal sealed record SchoolDay(DateOnly Date, BellShape Bell, int Index);

internal sealed class CalendarPlan
{
    public required SchoolPlan School { get; init; }
    public required string Code { get; init; }
    /// <summary>In-session days of the current year, in date order.</summary>
    public List<SchoolDay> Days { get; } = [];
    public DateOnly FirstDay => Days[0].Date;
    public DateOnly LastDay => Days[^1].Date;

    /// <summary>Index of the first in-session day on or after <paramref name="date"/> (Days.Count when none).</summary>
    public int IndexOnOrAfter(DateOnly date)
    {
        int lo = 0, hi = Days.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Days[mid].Date < date) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

internal sealed class SchoolPlan
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required SchoolKind Kind { get; init; }
    public required string[] Grades { get; init; }
    public string[] Periods { get; init; } = [];
    public List<BellShape> Bells { get; } = [];
    public List<CalendarPlan> Calendars { get; } = [];
    public RecordingMethod Method { get; init; }
    public BridgeMode Bridge { get; init; }
    /// <summary>The school that switched mid-year: Daily before this date, Meeting from it.</summary>
    public DateOnly? MeetingFrom { get; set; }
    public string[] Counselors { get; init; } = [];
    public SchoolPlan? FeedsInto { get; set; }
    public List<Membership> Members { get; } = [];
    public List<SectionPlan> Sections { get; } = [];
    public int Ordinal { get; init; }

    public CalendarPlan Calendar(string code) => Calendars.First(c => c.Code == code);

    public bool RecordsMeetingOn(DateOnly date)
        => MeetingFrom is { } from ? date >= from : Method == RecordingMethod.Meeting;

    public string CounselorFor(string lastName)
        => Counselors.Length == 0 ? "" : Counselors[char.ToUpperInvariant(lastName[0]) < 'M' || Counselors.Length == 1 ? 0 : 1];
}

internal sealed class StudentPlan
{
    public required string Id { get; init; }
    public required int Number { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Grade { get; init; }
    public DateOnly BirthDate { get; set; }
    public bool PreRegistered { get; init; }
    public bool Inactive { get; set; }
    public bool Retained { get; set; }
    /// <summary>Withdrawn on the last day of school with <c>NR</c>: the family told the school the student will not return.</summary>
    public bool NotReturning { get; set; }
    /// <summary>A pre-registration the family cancelled: the registrar cleared the next-year placement (a no-show to delete).</summary>
    public bool RegistrationCancelled { get; set; }
    /// <summary>Daily chance of a full-day absence before seasons and illness streaks (which add about half again); the chronic tail gets 10–24 %.</summary>
    public double AbsenceRate { get; set; }
    public double TardyRate { get; set; }
    public bool ChronicByDesign { get; set; }
    /// <summary>Relative weights of the absence codes this student's absences get (see DemoCodes.AbsentCodes).</summary>
    public int[] CodeWeights { get; set; } = [];
    public List<Membership> Memberships { get; } = [];
    /// <summary>Where the year record points when the student has no enrolment (pre-registered).</summary>
    public SchoolPlan? HomeSchool { get; set; }
    public string? Homeroom { get; set; }
}

internal sealed record Stint(DateOnly Entry, DateOnly? Exit, string EntryCode, string? ExitCode = null, string? ExitType = null);

internal sealed class Membership
{
    public required StudentPlan Student { get; init; }
    public required SchoolPlan School { get; init; }
    public required CalendarPlan Calendar { get; init; }
    public required string Grade { get; init; }
    /// <summary>Which of the student's memberships this is (0 = first); separates random streams.</summary>
    public int Sequence { get; init; }
    public List<Stint> Stints { get; } = [];
    public List<RosterPlan> Rosters { get; } = [];
    /// <summary>Course chosen per slot of the grade's program, and the period offset the slots rotate by.</summary>
    public string[] FallCourses { get; set; } = [];
    public string[] SpringCourses { get; set; } = [];
    public int PeriodOffset { get; set; }
    public int SlotCount { get; set; }
}

internal sealed class SectionPlan
{
    public required string Id { get; init; }
    public required string Course { get; init; }
    public required int[] PeriodIndexes { get; init; }
    public bool Tracked { get; init; } = true;
    public bool Active { get; init; } = true;
    public required string Session { get; init; }
    public string? Title { get; init; }
    public int Enrolled { get; set; }
}

internal sealed record RosterPlan(SectionPlan Section, DateOnly Begin, DateOnly? End, bool Homeroom);
