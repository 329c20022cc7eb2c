using System.Numerics;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// The pure core of domain §7.2: for every student-day in scope, the scheduled, absent and
/// unexcused minutes and the most common excuse. No I/O; rows come out sorted by (Date,
/// StudentRef), the order of the stored table, so the diff is a single merge.
/// </summary>
public static class DayAggregator
{
    /// <summary>Counts that describe what was computed (for the run result).</summary>
    public sealed class Tally
    {
        public int DaysProcessed { get; set; }
        /// <summary>Distinct students with at least one row.</summary>
        public int Students { get; set; }
    }

    public static List<DayAggregateRow> Compute(AggregationInputs inputs, AggregationScope scope, Tally? tally = null, CancellationToken ct = default)
    {
        if (scope.IsEmpty) return [];
        var students = inputs.Students;
        var hasRow = new bool[students.Length];
        var rows = new List<DayAggregateRow>(EstimateRows(inputs, scope));
        // On a day that is not whole, only the students with ranges of their own can be in scope: visit just those
        // (a nightly run after a few edits would otherwise walk every student of the calendar on each edited day).
        var ranged = new List<int>();
        for (var si = 0; si < students.Length; si++)
            if (scope.HasRanges(students[si].StudentRef)) ranged.Add(si);
        int meetingAt = 0, dailyAt = 0;
        Span<int> codeRefs = stackalloc int[64];
        Span<int> codeMinutes = stackalloc int[64];
        Span<int> codePeriods = stackalloc int[64];
        Span<int> codeFirst = stackalloc int[64];

        foreach (var day in inputs.Days)
        {
            if (day.Date < scope.Bounds.From || day.Date > scope.Bounds.To) continue;
            // Marks are sorted by date: skip to this day's block.
            while (meetingAt < inputs.Meeting.Length && inputs.Meeting[meetingAt].Date < day.Date) meetingAt++;
            while (dailyAt < inputs.Daily.Length && inputs.Daily[dailyAt].Date < day.Date) dailyAt++;
            if (!day.TakesAttendance || day.BellIndex < 0 || inputs.Bells[day.BellIndex].IsEmpty || !scope.TouchesDay(day.Date)) continue;
            ct.ThrowIfCancellationRequested();
            if (tally is not null) tally.DaysProcessed++;

            var bell = inputs.Bells[day.BellIndex];
            var wholeDay = scope.HasWholeDay(day.Date);
            int m = meetingAt, dl = dailyAt;
            var visits = wholeDay ? students.Length : ranged.Count;
            for (var v = 0; v < visits; v++)
            {
                var si = wholeDay ? v : ranged[v];
                var student = students[si];
                var sref = student.StudentRef;
                // Advance this day's mark cursors to the student (both sorted by StudentRef within a day).
                while (m < inputs.Meeting.Length && inputs.Meeting[m].Date == day.Date && inputs.Meeting[m].StudentRef < sref) m++;
                while (dl < inputs.Daily.Length && inputs.Daily[dl].Date == day.Date && inputs.Daily[dl].StudentRef < sref) dl++;
                if (!wholeDay && !scope.Contains(day.Date, sref)) continue;
                if (!Enrolled(student, day.Date)) continue;

                var mask = ScheduledMask(student, day.Date, inputs.SectionMasks, day.BellIndex, inputs.Bells.Length);
                if (mask == 0) continue;
                var scheduled = 0;
                for (var bits = mask; bits != 0; bits &= bits - 1)
                    scheduled += bell.MinutesByBit[BitOperations.TrailingZeroCount(bits)];
                if (scheduled == 0) continue; // §7.2.2: no instructional period, no row

                var dailyCode = dl < inputs.Daily.Length && inputs.Daily[dl].Date == day.Date && inputs.Daily[dl].StudentRef == sref
                    ? inputs.Daily[dl].CodeRef : 0;
                var meetingEnd = m;
                while (meetingEnd < inputs.Meeting.Length && inputs.Meeting[meetingEnd].Date == day.Date && inputs.Meeting[meetingEnd].StudentRef == sref)
                    meetingEnd++;

                int absent = 0, unexcused = 0, codes = 0;
                for (var bits = mask; bits != 0; bits &= bits - 1)
                {
                    var bit = BitOperations.TrailingZeroCount(bits);
                    var minutes = bell.MinutesByBit[bit];
                    if (minutes <= 0) continue;
                    var (code, present) = Governing(inputs.Meeting, m, meetingEnd, bell.PeriodByBit[bit], dailyCode);
                    if (code == 0 || !inputs.Codes.TryGetValue(code, out var meaning) || !meaning.CountsAbsent) continue;
                    var periodAbsent = minutes - Math.Min(Math.Max(present, 0), minutes);
                    if (periodAbsent <= 0) continue;
                    absent += periodAbsent;
                    if (meaning.Unexcused) unexcused += periodAbsent;
                    codes = Accumulate(codeRefs, codeMinutes, codePeriods, codeFirst, codes, code, periodAbsent, bit);
                }
                rows.Add(new DayAggregateRow(day.Date, sref, scheduled, absent, unexcused,
                    MostCommon(codeRefs, codeMinutes, codePeriods, codeFirst, codes)));
                hasRow[si] = true;
            }
        }
        if (tally is not null) tally.Students = hasRow.Count(h => h);
        return rows;
    }

    // A whole-calendar run fills nearly students × days rows: size the list once instead of doubling it.
    private static int EstimateRows(AggregationInputs inputs, AggregationScope scope)
    {
        if (scope.HasStudentRanges) return 16;
        var days = inputs.Days.Count(d => d.TakesAttendance && scope.HasWholeDay(d.Date));
        return (int)Math.Min((long)days * inputs.Students.Length, 50_000_000);
    }

    private static bool Enrolled(StudentInput student, int date)
    {
        foreach (var e in student.Enrollments)
            if (date >= e.From && date <= e.To) return true;
        return false;
    }

    /// <summary>The day's bits of the sections whose roster spans cover the date (a period counts once, §4.1).</summary>
    private static ulong ScheduledMask(StudentInput student, int date, ulong[] sectionMasks, int bell, int bells)
    {
        ulong mask = 0;
        foreach (var r in student.Rosters)
            if (date >= r.From && date <= r.To) mask |= sectionMasks[(r.Section * bells) + bell];
        return mask;
    }

    /// <summary>
    /// §4.3: a meeting mark for the period governs it — of two (two sections), the one whose section has
    /// the lowest SectionIdentifier; else the daily mark; else none (present).
    /// </summary>
    private static (int Code, int Present) Governing(MeetingInput[] meeting, int from, int to, int period, int dailyCode)
    {
        int code = 0, present = -1, section = int.MaxValue;
        var found = false;
        for (var i = from; i < to; i++)
        {
            ref readonly var mark = ref meeting[i];
            if (mark.Period != period || (found && mark.SectionOrder >= section)) continue;
            code = mark.CodeRef;
            present = mark.PresentMinutes;
            section = mark.SectionOrder;
            found = true;
        }
        return found ? (code, present) : (dailyCode, -1);
    }

    private static int Accumulate(Span<int> refs, Span<int> minutes, Span<int> periods, Span<int> first, int count, int code, int absent, int order)
    {
        for (var i = 0; i < count; i++)
        {
            if (refs[i] != code) continue;
            minutes[i] += absent;
            periods[i]++;
            first[i] = Math.Min(first[i], order);
            return count;
        }
        refs[count] = code;
        minutes[count] = absent;
        periods[count] = 1;
        first[count] = order;
        return count + 1;
    }

    /// <summary>Choice C8: most absent minutes, then most absent periods, then the earliest period.</summary>
    private static int MostCommon(Span<int> refs, Span<int> minutes, Span<int> periods, Span<int> first, int count)
    {
        var best = -1;
        for (var i = 0; i < count; i++)
        {
            if (best < 0 || minutes[i] > minutes[best]
                || (minutes[i] == minutes[best] && (periods[i] > periods[best] || (periods[i] == periods[best] && first[i] < first[best]))))
                best = i;
        }
        return best < 0 ? 0 : refs[best];
    }
}
