using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Reduces raw rows to <see cref="AggregationInputs"/> and refuses a calendar whose inputs break
/// §7.3's validations (bell schedules without times, attendance days without a bell schedule,
/// marks with codes the school does not define for the year). A day whose bell schedule has no
/// periods is not an error: it yields no rows, with a warning naming the schedule and the dates.
/// </summary>
public static class InputAssembler
{
    /// <summary>Most periods one bell schedule (one day) may have: a day's periods are the bits of one 64-bit mask.</summary>
    public const int MaxPeriodsPerBellSchedule = 64;

    public static AggregationInputs Assemble(RawSchool school, RawCalendar calendar, AggregationScope scope, List<EngineWarning> warnings)
    {
        // Period names compare ordinally, as the store's key on ClassPeriodName does (SQLite BINARY):
        // 'p1' and 'P1' are two periods there, so they are two periods here.
        var periodOf = new Dictionary<int, int>();
        var periodByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in school.Periods.OrderBy(p => p.ClassPeriodRef))
        {
            periodByName.TryAdd(p.Name, periodOf.Count);
            periodOf[p.ClassPeriodRef] = periodOf.Count;
        }

        var bellIndex = new Dictionary<int, int>();
        var bells = BuildBells(school, periodOf, bellIndex);
        var days = new DayInput[calendar.Days.Count];
        var firstUse = new Dictionary<int, int>();
        var emptyDays = new Dictionary<int, List<int>>();
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
                if (bells[index].IsEmpty)
                {
                    if (scope.TouchesDay(d.Date)) (emptyDays.TryGetValue(index, out var list) ? list : emptyDays[index] = []).Add(d.Date);
                }
                else firstUse.TryAdd(index, d.Date);
            }
            days[i] = new DayInput(d.Date, d.TakesAttendance, index);
        }
        foreach (var (index, date) in firstUse.OrderBy(p => p.Value)) ValidateTimes(school, bells[index], index, date, bellIndex);
        foreach (var (index, dates) in emptyDays.OrderBy(p => p.Value[0]))
            warnings.Add(new EngineWarning("BellScheduleWithoutPeriods",
                $"Bell schedule '{bells[index].Name}' at {school.SchoolName} has no periods, so calendar {calendar.DisplayName} has no day aggregates on {DateList(dates)}."));

        var sectionIndex = new Dictionary<int, int>();
        var sectionMasks = SectionMasks(school, periodByName, bells, sectionIndex, warnings);
        var students = BuildStudents(school, calendar, sectionIndex);
        var codes = BuildCodes(school, calendar.SchoolYear);
        var sectionOrder = SectionOrder(school);
        var enrolled = new HashSet<int>(students.Select(s => s.StudentRef));
        var meeting = new List<MeetingInput>();
        foreach (var mark in school.Meeting)
        {
            if (!enrolled.Contains(mark.StudentRef) || mark.Date < scope.Bounds.From || mark.Date > scope.Bounds.To) continue;
            CheckCode(codes, mark.CodeRef, calendar, school, mark.StudentRef, mark.Date);
            if (!periodOf.TryGetValue(mark.ClassPeriodRef, out var period)) continue;
            meeting.Add(new MeetingInput(mark.Date, mark.StudentRef, sectionOrder.GetValueOrDefault(mark.SectionRef, int.MaxValue - 1), period,
                mark.CodeRef, mark.PresentMinutes ?? -1));
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
            Days = days, Bells = bells, SectionMasks = sectionMasks, Students = students, Codes = codes, Meeting = [.. meeting], Daily = [.. daily],
        };
    }

    private static string DateList(List<int> dates)
        => string.Join(", ", dates.Take(5).Select(Format)) + (dates.Count > 5 ? $" and {dates.Count - 5} more days" : "");

    /// <summary>Sections ranked by SectionIdentifier (ordinal): the natural key that decides between two marks for one period (§4.3).</summary>
    private static Dictionary<int, int> SectionOrder(RawSchool school)
    {
        var order = new Dictionary<int, int>();
        foreach (var s in school.Sections.OrderBy(s => s.Identifier, StringComparer.Ordinal)) order.TryAdd(s.SectionRef, order.Count);
        return order;
    }

    private static BellInput[] BuildBells(RawSchool school, Dictionary<int, int> periodOf, Dictionary<int, int> bellIndex)
    {
        var names = new SortedDictionary<int, string>();
        foreach (var b in school.BellSchedules) names[b.BellScheduleRef] = b.Name;
        foreach (var p in school.BellPeriods) names.TryAdd(p.BellScheduleRef, p.BellName);
        var periods = school.BellPeriods.ToLookup(p => p.BellScheduleRef);
        var list = new List<BellInput>();
        foreach (var (bellRef, name) in names)
        {
            // Bits in the order of the day: the most common excuse's last tie-break (C8) is the lowest bit.
            var ordered = periods[bellRef].Where(p => periodOf.ContainsKey(p.ClassPeriodRef))
                .OrderBy(p => p.Start ?? int.MaxValue).ThenBy(p => p.ClassPeriodRef).ToList();
            if (ordered.Count > MaxPeriodsPerBellSchedule)
                throw new AttendanceException("TooManyPeriods", FailureKind.InvalidData,
                    $"Bell schedule '{name}' at {school.SchoolName} has {ordered.Count} periods; a bell schedule (one day) can have at most {MaxPeriodsPerBellSchedule}.",
                    $"{school.SchoolName} / {name}", "Split the day's periods between bell schedules, or remove the periods the day does not use.");
            var periodByBit = new int[ordered.Count];
            var minutes = new int[ordered.Count];
            for (var bit = 0; bit < ordered.Count; bit++)
            {
                var p = ordered[bit];
                periodByBit[bit] = periodOf[p.ClassPeriodRef];
                minutes[bit] = p.IsInstructional && p.Start is { } s && p.End is { } e ? e - s - p.Lunch : 0;
            }
            bellIndex[bellRef] = list.Count;
            list.Add(new BellInput(name, periodByBit, minutes));
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

    /// <summary>
    /// Per active, attendance-taking section (§4.1.3) and bell schedule, the bits of that schedule the
    /// section meets in. Fills <paramref name="sectionIndex"/> (SectionRef → row of the table).
    /// </summary>
    private static ulong[] SectionMasks(RawSchool school, Dictionary<string, int> periodByName, BellInput[] bells,
        Dictionary<int, int> sectionIndex, List<EngineWarning> warnings)
    {
        // bitOf[bell][period] = the period's bit in that bell schedule, −1 when the schedule lacks it.
        var bitOf = bells.Select(b =>
        {
            var map = new int[periodByName.Count == 0 ? 0 : periodByName.Values.Max() + 1];
            Array.Fill(map, -1);
            for (var bit = 0; bit < b.PeriodByBit.Length; bit++) if (b.PeriodByBit[bit] < map.Length) map[b.PeriodByBit[bit]] = bit;
            return map;
        }).ToArray();
        var masks = new List<ulong>();
        foreach (var s in school.Sections)
        {
            if (!s.IsActive || !s.AttendanceTracked) continue;
            var periods = new List<int>();
            foreach (var name in s.ClassPeriodNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (periodByName.TryGetValue(name, out var period)) periods.Add(period);
                else warnings.Add(new EngineWarning("SectionPeriodUnknown",
                    $"Section {s.Identifier} at {school.SchoolName} meets in period '{name}', which the school does not define (names are case-sensitive); that period is ignored."));
            }
            if (periods.Count == 0) continue;
            sectionIndex[s.SectionRef] = sectionIndex.Count;
            foreach (var map in bitOf)
            {
                ulong mask = 0;
                foreach (var period in periods)
                    if (period < map.Length && map[period] >= 0) mask |= 1UL << map[period];
                masks.Add(mask);
            }
        }
        return [.. masks];
    }

    /// <summary>
    /// Every enrolled student, sorted by StudentRef, with its enrolments and its roster spans in attendance-taking
    /// sections: both lists sorted by student and walked side by side (a nightly run assembles every student of the
    /// district, so no grouping structures per student).
    /// </summary>
    private static StudentInput[] BuildStudents(RawSchool school, RawCalendar calendar, Dictionary<int, int> sectionIndex)
    {
        var enrollments = calendar.Enrollments.ToArray();
        Array.Sort(enrollments, (a, b) => a.StudentRef.CompareTo(b.StudentRef));
        var spans = new List<RawRoster>(school.Rosters.Count);
        foreach (var r in school.Rosters)
            if (sectionIndex.ContainsKey(r.SectionRef)) spans.Add(r);
        spans.Sort((a, b) => a.StudentRef.CompareTo(b.StudentRef));
        var students = new List<StudentInput>();
        int e = 0, r0 = 0;
        while (e < enrollments.Length)
        {
            var student = enrollments[e].StudentRef;
            var first = e;
            while (e < enrollments.Length && enrollments[e].StudentRef == student) e++;
            var ranges = new EnrollmentInput[e - first];
            for (var i = first; i < e; i++) ranges[i - first] = new EnrollmentInput(enrollments[i].Entry, enrollments[i].Exit ?? int.MaxValue);
            while (r0 < spans.Count && spans[r0].StudentRef < student) r0++;
            var r1 = r0;
            while (r1 < spans.Count && spans[r1].StudentRef == student) r1++;
            var rosters = new RosterInput[r1 - r0];
            for (var i = r0; i < r1; i++) rosters[i - r0] = new RosterInput(spans[i].Begin, spans[i].End ?? int.MaxValue, sectionIndex[spans[i].SectionRef]);
            r0 = r1;
            students.Add(new StudentInput(student, ranges, rosters));
        }
        return [.. students];
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
