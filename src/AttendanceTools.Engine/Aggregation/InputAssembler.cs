using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Reduces raw rows to <see cref="AggregationInputs"/> and refuses a calendar whose inputs break
/// §7.3's validations (bell schedules without times, attendance days without a bell schedule,
/// marks with codes the school does not define for the year).
/// </summary>
public static class InputAssembler
{
    public static AggregationInputs Assemble(RawSchool school, RawCalendar calendar, AggregationScope scope, List<EngineWarning> warnings)
    {
        if (school.Periods.Count > 64)
            throw new AttendanceException("TooManyPeriods", FailureKind.InvalidData,
                $"{school.SchoolName} has {school.Periods.Count} class periods; aggregation supports at most 64 per school.", school.SchoolName);
        var bitOf = new Dictionary<int, int>();
        var bitByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var nameOfBit = new string[school.Periods.Count];
        foreach (var p in school.Periods.OrderBy(p => p.ClassPeriodRef))
        {
            var bit = bitOf.Count;
            bitOf[p.ClassPeriodRef] = bit;
            bitByName[p.Name] = bit;
            nameOfBit[bit] = p.Name;
        }

        var bellIndex = new Dictionary<int, int>();
        var bells = BuildBells(school, bitOf, bellIndex);
        var days = new DayInput[calendar.Days.Count];
        var firstUse = new Dictionary<int, int>();
        for (var i = 0; i < days.Length; i++)
        {
            var d = calendar.Days[i];
            var inScope = d.Date >= scope.Bounds.From && d.Date <= scope.Bounds.To;
            var index = d.BellScheduleRef is { } b && bellIndex.TryGetValue(b, out var bi) ? bi : -1;
            if (d.TakesAttendance && inScope)
            {
                if (index < 0)
                    throw new AttendanceException("CalendarDateWithoutBellSchedule", FailureKind.InvalidData,
                        $"Calendar {calendar.DisplayName}: {Format(d.Date)} takes attendance but names no bell schedule of {school.SchoolName}.",
                        $"{calendar.DisplayName} {Format(d.Date)}");
                firstUse.TryAdd(index, d.Date);
            }
            days[i] = new DayInput(d.Date, d.TakesAttendance, index);
        }
        foreach (var (index, date) in firstUse.OrderBy(p => p.Value)) ValidateTimes(school, bells[index], index, date, bellIndex);

        var sectionMask = SectionMasks(school, bitByName, warnings);
        var students = BuildStudents(school, calendar, sectionMask);
        var codes = BuildCodes(school, calendar.SchoolYear);
        var enrolled = new HashSet<int>(students.Select(s => s.StudentRef));
        var meeting = new List<MeetingInput>();
        foreach (var mark in school.Meeting)
        {
            if (!enrolled.Contains(mark.StudentRef) || mark.Date < scope.Bounds.From || mark.Date > scope.Bounds.To) continue;
            CheckCode(codes, mark.CodeRef, calendar, school, mark.StudentRef, mark.Date);
            if (!bitOf.TryGetValue(mark.ClassPeriodRef, out var bit)) continue;
            meeting.Add(new MeetingInput(mark.Date, mark.StudentRef, mark.SectionRef, bit, mark.CodeRef, mark.PresentMinutes ?? -1));
        }
        var daily = new List<DailyInput>();
        foreach (var mark in school.Daily)
        {
            if (!enrolled.Contains(mark.StudentRef) || mark.Date < scope.Bounds.From || mark.Date > scope.Bounds.To) continue;
            CheckCode(codes, mark.CodeRef, calendar, school, mark.StudentRef, mark.Date);
            daily.Add(new DailyInput(mark.Date, mark.StudentRef, mark.CodeRef));
        }
        return new AggregationInputs
        {
            Days = days, Bells = bells, Students = students, Codes = codes, Meeting = [.. meeting], Daily = [.. daily],
        };
    }

    private static BellInput[] BuildBells(RawSchool school, Dictionary<int, int> bitOf, Dictionary<int, int> bellIndex)
    {
        var list = new List<BellInput>();
        foreach (var group in school.BellPeriods.GroupBy(p => p.BellScheduleRef).OrderBy(g => g.Key))
        {
            ulong mask = 0;
            var minutes = new int[64];
            var order = new int[64];
            var rank = 0;
            foreach (var p in group.OrderBy(p => p.Start ?? int.MaxValue).ThenBy(p => p.ClassPeriodRef))
            {
                if (!bitOf.TryGetValue(p.ClassPeriodRef, out var bit)) continue;
                mask |= 1UL << bit;
                minutes[bit] = p.IsInstructional && p.Start is { } s && p.End is { } e ? e - s - p.Lunch : 0;
                order[bit] = rank++;
            }
            bellIndex[group.Key] = list.Count;
            list.Add(new BellInput(group.First().BellName, mask, minutes, order));
        }
        return [.. list];
    }

    private static void ValidateTimes(RawSchool school, BellInput bell, int index, int firstDate, Dictionary<int, int> bellIndex)
    {
        var bellRef = bellIndex.First(p => p.Value == index).Key;
        foreach (var p in school.BellPeriods.Where(p => p.BellScheduleRef == bellRef))
        {
            var period = school.Periods.FirstOrDefault(x => x.ClassPeriodRef == p.ClassPeriodRef).Name ?? p.ClassPeriodRef.ToString(CultureInfo.InvariantCulture);
            var target = $"{school.SchoolName} / {bell.Name} / {period}";
            if (p.Start is null || p.End is null)
                throw new AttendanceException("PeriodTimesMissing", FailureKind.InvalidData,
                    $"Bell schedule '{bell.Name}' at {school.SchoolName}: period {period} has no {(p.Start is null ? "start" : "end")} time; the schedule is first used on {Format(firstDate)}.",
                    target, "Set the period's StartTime and EndTime, then run the refresh again.");
            if (p.End <= p.Start || p.Lunch < 0 || p.Lunch > p.End - p.Start)
                throw new AttendanceException("PeriodTimesInvalid", FailureKind.InvalidData,
                    $"Bell schedule '{bell.Name}' at {school.SchoolName}: period {period} runs {Clock(p.Start.Value)}–{Clock(p.End.Value)} with {p.Lunch} lunch minutes, which is not a valid period; the schedule is first used on {Format(firstDate)}.",
                    target);
        }
    }

    private static Dictionary<int, ulong> SectionMasks(RawSchool school, Dictionary<string, int> bitByName, List<EngineWarning> warnings)
    {
        var masks = new Dictionary<int, ulong>();
        foreach (var s in school.Sections)
        {
            // §4.1.3: only active sections that take attendance schedule a student.
            if (!s.IsActive || !s.AttendanceTracked) continue;
            ulong mask = 0;
            foreach (var name in s.ClassPeriodNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (bitByName.TryGetValue(name, out var bit)) mask |= 1UL << bit;
                else warnings.Add(new EngineWarning("SectionPeriodUnknown",
                    $"Section {s.Identifier} at {school.SchoolName} meets in period '{name}', which the school does not define; that period is ignored."));
            }
            if (mask != 0) masks[s.SectionRef] = mask;
        }
        return masks;
    }

    private static StudentInput[] BuildStudents(RawSchool school, RawCalendar calendar, Dictionary<int, ulong> sectionMask)
    {
        var rosters = school.Rosters.Where(r => sectionMask.ContainsKey(r.SectionRef)).GroupBy(r => r.StudentRef)
            .ToDictionary(g => g.Key, g => g.Select(r => new RosterInput(r.Begin, r.End ?? int.MaxValue, sectionMask[r.SectionRef])).ToArray());
        return calendar.Enrollments.GroupBy(e => e.StudentRef).OrderBy(g => g.Key)
            .Select(g => new StudentInput(g.Key, g.Select(e => new EnrollmentInput(e.Entry, e.Exit ?? int.MaxValue)).ToArray(),
                rosters.TryGetValue(g.Key, out var r) ? r : []))
            .ToArray();
    }

    private static Dictionary<int, CodeInput> BuildCodes(RawSchool school, int schoolYear)
        => school.Codes.Where(c => c.SchoolYear == schoolYear).ToDictionary(c => c.CodeRef, c => new CodeInput(
            CountsAbsent: StoredEnumText.Parse<PresenceStatus>(c.PresenceStatus, "AttendanceCode.PresenceStatus") == PresenceStatus.Absent
                          && StoredEnumText.Parse<Excuse>(c.Excuse, "AttendanceCode.Excuse") != Excuse.Exempt,
            // Domain C7: an Unknown excuse counts as unexcused.
            Unexcused: StoredEnumText.Parse<Excuse>(c.Excuse, "AttendanceCode.Excuse") is Excuse.Unexcused or Excuse.Unknown));

    private static void CheckCode(Dictionary<int, CodeInput> codes, int codeRef, RawCalendar calendar, RawSchool school, int studentRef, int date)
    {
        if (codes.ContainsKey(codeRef)) return;
        var code = school.Codes.FirstOrDefault(c => c.CodeRef == codeRef).Code ?? $"#{codeRef}";
        throw new AttendanceException("AttendanceCodeUnknown", FailureKind.InvalidData,
            $"Calendar {calendar.DisplayName}: the mark of student {(school.StudentIds.TryGetValue(studentRef, out var id) ? id : "#" + studentRef.ToString(CultureInfo.InvariantCulture))} on {Format(date)} uses code '{code}', which {school.SchoolName} does not define for school year {Model.SchoolYearText.Format(calendar.SchoolYear)}.",
            $"{calendar.DisplayName} {Format(date)} {code}");
    }

    internal static string Format(int yyyymmdd) => DbValue.Date(yyyymmdd).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clock(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}
