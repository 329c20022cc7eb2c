using System.Globalization;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>A daily record the sync creates (Origin = Sync).</summary>
public readonly record struct BridgeDailyRow(int StudentRef, int Date, int CodeRef, int? TimeIn, int? TimeOut);

/// <summary>A meeting record the sync creates (Origin = Sync).</summary>
public readonly record struct BridgeMeetingRow(int StudentRef, int Date, int SectionRef, int PeriodRef, int CodeRef);

/// <summary>One day's counts, for -Detailed.</summary>
public sealed class BridgeDayCounts
{
    public int Created { get; internal set; }
    public int AlreadyPresent { get; internal set; }
    public int Conflicts { get; internal set; }
}

/// <summary>What the sync would write for one school and range, with the counts of §6.6.</summary>
public sealed class BridgeSyncComputation
{
    public List<BridgeDailyRow> DailyInserts { get; } = [];
    public List<BridgeMeetingRow> MeetingInserts { get; } = [];
    /// <summary>Every visited (in-session) date, in order, with its counts.</summary>
    public SortedDictionary<int, BridgeDayCounts> Days { get; } = [];
    public List<BridgeConflict> Conflicts { get; } = [];
    public List<EngineWarning> Warnings { get; } = [];
    public int Created => DailyInserts.Count + MeetingInserts.Count;
    public int AlreadyPresent => Days.Values.Sum(d => d.AlreadyPresent);
}

/// <summary>
/// The sync of domain §6.4, without I/O: from one school's inputs, the records the other method is
/// missing. It only fills gaps: an existing target record with the same code is AlreadyPresent, one
/// with another code is a conflict and is left as it is.
/// </summary>
public static class BridgeSyncCore
{
    public static BridgeSyncComputation Compute(BridgeSchoolInputs x, BridgeDirection direction, AbsentDailyMarks absent, int from, int to)
    {
        var result = new BridgeSyncComputation();
        var dayBell = new Dictionary<(int Calendar, int Date), int>();
        foreach (var d in x.Days)
        {
            if (!d.InSession || d.Date < from || d.Date > to) continue;
            result.Days.TryAdd(d.Date, new BridgeDayCounts());
            if (d.BellRef is { } b) dayBell[(d.CalendarRef, d.Date)] = b;
        }
        var enrollments = x.Enrollments.GroupBy(e => e.StudentRef).ToDictionary(g => g.Key, g => g.ToArray());
        var warnings = new WarningTally(x);
        if (direction == BridgeDirection.MeetingToDaily) MeetingToDaily(x, result, dayBell, enrollments, warnings);
        else DailyToMeeting(x, result, dayBell, enrollments, absent, warnings);
        result.Warnings.AddRange(warnings.ToWarnings());
        return result;
    }

    private static void MeetingToDaily(BridgeSchoolInputs x, BridgeSyncComputation result, Dictionary<(int, int), int> dayBell,
        Dictionary<int, BridgeEnrollment[]> enrollments, WarningTally warnings)
    {
        var existing = new Dictionary<(int Student, int Date), int>();
        foreach (var d in x.Daily) existing[(d.StudentRef, d.Date)] = d.CodeRef;
        var bridgePeriodsOn = BridgePeriodsByDate(x, dayBell);
        foreach (var group in x.Meeting.Where(m => result.Days.ContainsKey(m.Date)).GroupBy(m => (m.Date, m.StudentRef)).OrderBy(g => g.Key))
        {
            var (date, student) = group.Key;
            if ((enrollments.TryGetValue(student, out var es) ? BridgeSchedule.EnrollmentOn(es, date) : null) is not { } enrollment)
            {
                if (group.Any(m => bridgePeriodsOn.TryGetValue(date, out var ps) && ps.Contains(m.PeriodRef))) warnings.Add("NotEnrolled", student, date);
                continue;
            }
            if (!dayBell.TryGetValue((enrollment.CalendarRef, date), out var bellRef) || x.Bells[bellRef].BridgePeriodRef is not { } b) continue;
            var marks = group.Where(m => m.PeriodRef == b).OrderBy(m => Identifier(x, m.SectionRef), StringComparer.Ordinal).ToList();
            if (marks.Count == 0) continue;
            if (marks.Count > 1) warnings.Add("BridgeDuplicateMark", student, date);
            var mark = marks[0];
            var bell = x.Bells[bellRef];
            var counts = result.Days[date];
            if (!existing.TryGetValue((student, date), out var code))
            {
                result.DailyInserts.Add(new BridgeDailyRow(student, date, mark.CodeRef, bell.TimeIn, bell.TimeOut));
                counts.Created++;
            }
            else if (code == mark.CodeRef) counts.AlreadyPresent++;
            else
            {
                counts.Conflicts++;
                result.Conflicts.Add(Conflict(x, "Daily", student, date, null, null, mark.CodeRef, code));
            }
        }
    }

    private static void DailyToMeeting(BridgeSchoolInputs x, BridgeSyncComputation result, Dictionary<(int, int), int> dayBell,
        Dictionary<int, BridgeEnrollment[]> enrollments, AbsentDailyMarks absent, WarningTally warnings)
    {
        var existing = new Dictionary<(int Student, int Date, int Section, int Period), int>();
        foreach (var m in x.Meeting) existing[(m.StudentRef, m.Date, m.SectionRef, m.PeriodRef)] = m.CodeRef;
        var rosters = x.Rosters.GroupBy(r => r.StudentRef).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var daily in x.Daily.Where(d => result.Days.ContainsKey(d.Date)).OrderBy(d => d.Date).ThenBy(d => d.StudentRef))
        {
            var (date, student) = (daily.Date, daily.StudentRef);
            if ((enrollments.TryGetValue(student, out var es) ? BridgeSchedule.EnrollmentOn(es, date) : null) is not { } enrollment)
            {
                warnings.Add("NotEnrolled", student, date);
                continue;
            }
            if (!dayBell.TryGetValue((enrollment.CalendarRef, date), out var bellRef) || x.Bells[bellRef].BridgePeriodRef is not { } b) continue;
            var bell = x.Bells[bellRef];
            var allPeriods = absent == AbsentDailyMarks.AllPeriods && x.Codes.TryGetValue(daily.CodeRef, out var c) && c.Absent;
            var studentRosters = rosters.TryGetValue(student, out var rs) ? rs : [];
            var counts = result.Days[date];
            foreach (var period in allPeriods ? bell.PeriodRefs : [b])
            {
                var sections = BridgeSchedule.SectionsIn(studentRosters, x.Sections, period, date);
                if (sections.Count == 0 && !allPeriods) warnings.Add("NotScheduledInBridgePeriod", student, date);
                foreach (var section in sections)
                {
                    if (!existing.TryGetValue((student, date, section.SectionRef, period), out var code))
                    {
                        result.MeetingInserts.Add(new BridgeMeetingRow(student, date, section.SectionRef, period, daily.CodeRef));
                        counts.Created++;
                    }
                    else if (code == daily.CodeRef) counts.AlreadyPresent++;
                    else
                    {
                        counts.Conflicts++;
                        result.Conflicts.Add(Conflict(x, "Meeting", student, date, section.Identifier, x.PeriodNames.GetValueOrDefault(period), daily.CodeRef, code));
                    }
                }
            }
        }
    }

    /// <summary>The bridge periods of the bell schedules the school's calendars use on each date (to tell a bridge-period mark of an unenrolled student).</summary>
    private static Dictionary<int, HashSet<int>> BridgePeriodsByDate(BridgeSchoolInputs x, Dictionary<(int, int), int> dayBell)
    {
        var map = new Dictionary<int, HashSet<int>>();
        foreach (var ((_, date), bell) in dayBell)
            if (x.Bells[bell].BridgePeriodRef is { } b)
            {
                if (!map.TryGetValue(date, out var set)) map[date] = set = [];
                set.Add(b);
            }
        return map;
    }

    private static string Identifier(BridgeSchoolInputs x, int sectionRef)
        => x.Sections.TryGetValue(sectionRef, out var s) ? s.Identifier : "#" + sectionRef.ToString(CultureInfo.InvariantCulture);

    private static BridgeConflict Conflict(BridgeSchoolInputs x, string kind, int student, int date, string? section, string? period, int syncCode, int existingCode) => new()
    {
        School = x.SchoolName, StudentId = StudentId(x, student), Date = DbValue.Date(date).ToDateTime(TimeOnly.MinValue), Kind = kind,
        Section = section, Period = period, SyncCode = CodeName(x, syncCode), ExistingCode = CodeName(x, existingCode),
    };

    private static string CodeName(BridgeSchoolInputs x, int codeRef)
        => x.Codes.TryGetValue(codeRef, out var c) ? c.Code : "#" + codeRef.ToString(CultureInfo.InvariantCulture);

    internal static string StudentId(BridgeSchoolInputs x, int studentRef)
        => x.StudentIds.TryGetValue(studentRef, out var id) ? id : "#" + studentRef.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Warnings are per student and kind (days counted, the first named), so a whole-year run over a
    /// large school reports a readable list instead of one line per student-day.
    /// </summary>
    private sealed class WarningTally(BridgeSchoolInputs x)
    {
        private readonly SortedDictionary<(string Id, string Student), (int First, int Days)> _seen = [];

        public void Add(string id, int student, int date)
        {
            var key = (id, StudentId(x, student));
            _seen[key] = _seen.TryGetValue(key, out var v) ? (Math.Min(v.First, date), v.Days + 1) : (date, 1);
        }

        public IEnumerable<EngineWarning> ToWarnings() => _seen.Select(kv => new EngineWarning(kv.Key.Id, Message(kv.Key.Id, kv.Key.Student, kv.Value.First, kv.Value.Days)));

        private string Message(string id, string student, int first, int days)
        {
            var when = days == 1 ? $"on {Day(first)}" : $"on {days} days from {Day(first)}";
            return id switch
            {
                "NotEnrolled" => $"Student {student} has a mark at {x.SchoolName} {when} but no enrolment there that day; skipped.",
                "BridgeDuplicateMark" => $"Student {student} has two or more bridge-period meeting marks at {x.SchoolName} {when}; the section with the lowest identifier was used.",
                _ => $"Student {student} is not scheduled in the bridge period at {x.SchoolName} {when}; no meeting record was created.",
            };
        }
    }

    internal static string Day(int yyyymmdd) => DbValue.Date(yyyymmdd).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
