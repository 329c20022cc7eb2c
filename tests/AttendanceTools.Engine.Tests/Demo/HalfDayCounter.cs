using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>
/// Domain §4.1, §4.3 and §7.5 computed straight from the generated rows, independently of any
/// engine code: per student and school, the days scheduled into at least one instructional
/// minute and the days absent by the half-day rule (absent minutes × 2 ≥ scheduled minutes).
/// </summary>
internal sealed class HalfDayCounter
{
    public sealed record Tally(string Student, string School, int EnrolledDays, int DaysAbsent)
    {
        public double Rate => EnrolledDays == 0 ? 0 : DaysAbsent / (double)EnrolledDays;
        public bool IsChronic => EnrolledDays >= 10 && Rate >= 0.10;
    }

    public HalfDayCounter(DistrictData d)
    {
        var codes = d.AttendanceCodes.ToDictionary(c => (c.SchoolId, c.SchoolYear, c.Code));
        var periods = d.BellSchedulePeriods.GroupBy(p => (p.SchoolId, p.BellScheduleName))
            .ToDictionary(g => g.Key, g => g.ToList());
        var days = d.CalendarDates.Where(c => c.TakesAttendance).GroupBy(c => (c.SchoolId, c.SchoolYear, c.CalendarCode))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Date).ToList());
        var sections = d.Sections.ToDictionary(s => (s.SchoolId, s.SchoolYear, s.SectionIdentifier));
        var rosters = d.Rosters.GroupBy(r => (r.StudentUniqueId, r.SchoolId, r.SchoolYear)).ToDictionary(g => g.Key, g => g.ToList());
        var meeting = d.MeetingAttendance.ToDictionary(m => (m.StudentUniqueId, m.SchoolId, m.SectionIdentifier, m.ClassPeriodName, m.Date));
        var daily = d.DailyAttendance.ToDictionary(a => (a.StudentUniqueId, a.SchoolId, a.Date));

        var tallies = new Dictionary<(string, string), (int Enrolled, int Absent)>();
        foreach (var e in d.Enrollments)
        {
            if (!rosters.TryGetValue((e.StudentUniqueId, e.SchoolId, e.SchoolYear), out var spans)) continue;
            foreach (var day in days[(e.SchoolId, e.SchoolYear, e.CalendarCode)])
            {
                if (day.Date < e.EntryDate || (e.ExitWithdrawDate is { } exit && day.Date > exit)) continue;
                int scheduled = 0, absent = 0;
                foreach (var p in periods[(e.SchoolId, day.BellScheduleName!)])
                {
                    // §4.1: scheduled when an active, attendance-taking section lists the period and a span covers the day.
                    var span = spans.FirstOrDefault(r =>
                    {
                        var s = sections[(r.SchoolId, r.SchoolYear, r.SectionIdentifier)];
                        return s.IsActive && s.AttendanceTracked && s.ClassPeriodNames.Contains(p.ClassPeriodName)
                            && r.BeginDate <= day.Date && (r.EndDate is null || r.EndDate >= day.Date);
                    });
                    if (span is null) continue;
                    var minutes = p.InstructionalMinutes;
                    if (minutes == 0) continue;
                    scheduled += minutes;
                    // §4.3: a meeting record governs its period, else the daily record, else present.
                    string? code = null;
                    int? present = null;
                    if (meeting.TryGetValue((e.StudentUniqueId, e.SchoolId, span.SectionIdentifier, p.ClassPeriodName, day.Date), out var m))
                    {
                        code = m.Code;
                        present = m.PresentMinutes;
                    }
                    else if (daily.TryGetValue((e.StudentUniqueId, e.SchoolId, day.Date), out var a))
                    {
                        code = a.Code;
                    }
                    if (code is null) continue;
                    var c = codes[(e.SchoolId, e.SchoolYear, code)];
                    if (c.PresenceStatus == PresenceStatus.Absent && c.Excuse != Excuse.Exempt)
                        absent += minutes - Math.Min(present ?? 0, minutes);
                }
                if (scheduled == 0) continue;
                var key = (e.StudentUniqueId, e.SchoolId);
                var t = tallies.GetValueOrDefault(key);
                tallies[key] = (t.Enrolled + 1, t.Absent + (absent * 2 >= scheduled ? 1 : 0));
            }
        }
        Tallies = tallies.Select(p => new Tally(p.Key.Item1, p.Key.Item2, p.Value.Enrolled, p.Value.Absent)).ToList();
    }

    public IReadOnlyList<Tally> Tallies { get; }
}
