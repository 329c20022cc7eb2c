namespace AttendanceTools.Engine.Bridge;

/// <summary>
/// Domain §4.1 for one student, day and period, as the bridge needs it: which enrolment holds on a
/// date, and in which sections the student is scheduled in a period. Shared by the sync and the
/// live bridge so both create twins in exactly the same sections.
/// </summary>
public static class BridgeSchedule
{
    /// <summary>The student's enrolment at the school that covers <paramref name="date"/>, if any (the earliest entry wins on overlap).</summary>
    public static BridgeEnrollment? EnrollmentOn(IEnumerable<BridgeEnrollment> studentEnrollments, int date)
    {
        BridgeEnrollment? found = null;
        foreach (var e in studentEnrollments)
            if (e.Entry <= date && date <= e.Exit && (found is null || e.Entry < found.Value.Entry)) found = e;
        return found;
    }

    /// <summary>
    /// The sections (ordinal order of their identifiers) in which the student is scheduled in
    /// <paramref name="periodRef"/> on <paramref name="date"/>: a roster span covering the date in an
    /// active, attendance-taking section that lists the period. The caller has checked that the
    /// day's bell schedule contains the period.
    /// </summary>
    public static List<BridgeSection> SectionsIn(IEnumerable<BridgeRoster> studentRosters, IReadOnlyDictionary<int, BridgeSection> sections,
        int periodRef, int date)
    {
        var result = new List<BridgeSection>();
        foreach (var r in studentRosters)
        {
            if (r.Begin > date || r.End < date || !sections.TryGetValue(r.SectionRef, out var s)) continue;
            if (Array.IndexOf(s.PeriodRefs, periodRef) < 0 || result.Contains(s)) continue;
            result.Add(s);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Identifier, b.Identifier));
        return result;
    }
}
