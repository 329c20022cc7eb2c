using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// Attendance marks, negative attendance style: a record only where something happened (an
// absence, a tardy, an early departure, a field trip). Daily schools get daily records, Meeting
// schools meeting records per scheduled period; the school that switched has daily records until
// the spring semester and meeting records from then on. The continuation school adds independent
// study and work-experience minutes.
internal sealed partial class DemoBuilder
{
    private void GenerateAttendance(int fromPercent, int toPercent)
    {
        var schools = _schools.Where(s => s.Members.Count > 0).ToList();
        var total = schools.Sum(s => s.Members.Count);
        var done = 0;
        foreach (var school in schools)
        {
            _ct.ThrowIfCancellationRequested();
            Report($"Attendance at {school.Name} ({Text.Count(school.Members.Count, "student")})",
                fromPercent + ((toPercent - fromPercent) * done / Math.Max(1, total)));
            var buffer = new (PeriodTime Period, SectionPlan Section)[8];
            foreach (var m in school.Members)
            {
                new MarkWriter(this, m, buffer).Run();
            }
            if (school.Kind == SchoolKind.Continuation) AddContinuationTime(school);
            // The switcher records Daily until MeetingFrom: the store remembers the date, so a bridge sync defaults to the gap.
            if (school.MeetingFrom is { } from)
                _data.RecordingMethodChanges.Add(new RecordingMethodChange
                {
                    SchoolId = school.Id, SchoolYear = Year, EffectiveDate = from, PreviousMethod = RecordingMethod.Daily, RecordingMethod = RecordingMethod.Meeting,
                });
            done += school.Members.Count;
        }
    }

    /// <summary>Independent study for about 40 % and work experience for about 25 % of continuation students.</summary>
    private void AddContinuationTime(SchoolPlan school)
    {
        var members = school.Members;
        var rng = DemoRandom.For(Seed, "ce-time");
        var order = rng.Permutation(members.Count);
        var independent = Math.Max(3, (int)Math.Round(members.Count * 0.4));
        var work = Math.Max(2, (int)Math.Round(members.Count * 0.25));
        for (var k = 0; k < order.Length; k++)
        {
            var m = members[order[k]];
            bool hasIs = k < independent, hasWe = k >= members.Count - work;
            if (!hasIs && !hasWe) continue;
            var r = DemoRandom.For(Seed, "time", m.Student.Number);
            foreach (var stint in m.Stints)
            {
                foreach (var day in DaysOf(m.Calendar, stint))
                {
                    if (hasIs && r.Chance(0.35))
                    {
                        AddTime(m, day.Date, AttendanceTimeKind.IndependentStudy, 1, 5 * r.Between(6, 24));
                        if (r.Chance(0.05)) AddTime(m, day.Date, AttendanceTimeKind.IndependentStudy, 2, 5 * r.Between(3, 12));
                    }
                    // Work experience often runs past the one hour a day the preferences credit.
                    if (hasWe && r.Chance(0.5)) AddTime(m, day.Date, AttendanceTimeKind.WorkExperience, 1, 5 * r.Between(9, 30));
                }
            }
        }
    }

    private void AddTime(Membership m, DateOnly date, AttendanceTimeKind kind, int sequence, int minutes)
        => _data.AttendanceTime.Add(new AttendanceTime
        {
            StudentUniqueId = m.Student.Id, SchoolId = m.School.Id, Date = date, Kind = kind, Sequence = sequence, Minutes = minutes,
        });

    private static IEnumerable<SchoolDay> DaysOf(CalendarPlan calendar, Stint stint)
    {
        var from = calendar.IndexOnOrAfter(stint.Entry);
        var to = stint.Exit is { } exit ? calendar.IndexOnOrAfter(exit.AddDays(1)) : calendar.Days.Count;
        for (var i = from; i < to; i++) yield return calendar.Days[i];
    }

    /// <summary>Writes one membership's marks, day by day, from the student's own random stream.</summary>
    private readonly struct MarkWriter
    {
        private readonly DemoBuilder _b;
        private readonly Membership _m;
        private readonly (PeriodTime Period, SectionPlan Section)[] _buffer;
        private readonly DemoRandom _rng;

        public MarkWriter(DemoBuilder builder, Membership m, (PeriodTime, SectionPlan)[] buffer)
        {
            _b = builder;
            _m = m;
            _buffer = buffer;
            _rng = DemoRandom.For(builder.Seed, "attendance", (m.Student.Number * 4L) + m.Sequence);
        }

        private static readonly string[] LateCodes = ["AE", "U", "UV", "ILL"];
        private static readonly int[] LateWeights = [40, 30, 20, 10];
        private static readonly string[] EarlyCodes = ["AE", "ILL", "U"];
        private static readonly int[] EarlyWeights = [50, 30, 20];

        public void Run()
        {
            var s = _m.Student;
            var secondary = _m.School.Kind != SchoolKind.Elementary;
            var fieldTrip = secondary ? 0.003 : 0.0015;
            foreach (var stint in _m.Stints)
            {
                var streak = 0;
                foreach (var day in DaysOf(_m.Calendar, stint))
                {
                    if (streak > 0)
                    {
                        streak--;
                        FullDay(day, "ILL");
                        continue;
                    }
                    var r = _rng.NextDouble();
                    var absent = s.AbsenceRate * Seasonal(day.Date);
                    if (r < absent)
                    {
                        var code = DemoCatalog.AbsentCodes[_rng.Weighted(s.CodeWeights)];
                        if (code == "SUS" && !secondary) code = "AE";
                        FullDay(day, code);
                        // Illness often lasts a few days.
                        if (code == "ILL" && _rng.Chance(0.4)) streak = _rng.Between(1, 3);
                        continue;
                    }
                    r -= absent;
                    var partial = (0.2 * s.AbsenceRate) + 0.004;
                    if (r < partial)
                    {
                        Partial(day);
                        continue;
                    }
                    r -= partial;
                    if (r < s.TardyRate)
                    {
                        Tardy(day);
                        continue;
                    }
                    r -= s.TardyRate;
                    if (r < fieldTrip)
                    {
                        FieldTrip(day);
                        continue;
                    }
                    r -= fieldTrip;
                    if (r < 0.004) EarlyDeparture(day);
                }
            }
        }

        /// <summary>More absences on Mondays and Fridays, in the flu months and in June.</summary>
        private static double Seasonal(DateOnly date)
        {
            var f = date.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Friday ? 1.25 : 1.0;
            return date.Month is 12 or 1 or 2 ? f * 1.3 : date.Month == 6 ? f * 1.2 : f;
        }

        private bool Meeting(SchoolDay day) => _m.School.RecordsMeetingOn(day.Date);

        private void FullDay(SchoolDay day, string code)
        {
            if (!Meeting(day))
            {
                var n = Scheduled(day);
                if (n == 0) return;
                Daily(day, code);
                // At the two-way school some students come back for the last period: a meeting mark overrides the daily one there.
                if (_m.School.Bridge == BridgeMode.TwoWay && _rng.Chance(0.04)) Mark(day, n - 1, "P");
                return;
            }
            var count = Scheduled(day);
            for (var i = 0; i < count; i++) Mark(day, i, code);
        }

        private void Partial(SchoolDay day)
        {
            var n = Scheduled(day);
            if (n == 0) return;
            var kind = _rng.Next(100);
            if (!Meeting(day))
            {
                // A daily-only school records the time in or out with a present code.
                if (kind < 50) Daily(day, "T", timeIn: day.Bell.TimeIn + (5 * _rng.Between(4, 18)));
                else Daily(day, "LE", timeOut: day.Bell.TimeOut - (5 * _rng.Between(6, 30)));
                return;
            }
            if (kind < 45)
            {
                // Late arrival: the first period absent, often with the minutes the student was there.
                var first = _buffer[0].Period;
                int? present = _rng.Chance(0.6) ? 5 * _rng.Between(1, Math.Max(1, (first.Minutes / 5) - 1)) : null;
                Mark(day, 0, LateCodes[_rng.Weighted(LateWeights)], present);
                if (n > 1 && _rng.Chance(0.25)) Mark(day, 1, "AE");
            }
            else if (kind < 80)
            {
                var code = EarlyCodes[_rng.Weighted(EarlyWeights)];
                var periods = Math.Min(n, _rng.Between(1, 3));
                for (var i = n - periods; i < n; i++) Mark(day, i, code);
            }
            else
            {
                // Skipped one class.
                Mark(day, _rng.Next(n), _rng.Chance(0.6) ? "U" : "AU");
            }
        }

        private void Tardy(SchoolDay day)
        {
            if (Scheduled(day) == 0) return;
            if (Meeting(day)) Mark(day, 0, "T");
            else Daily(day, "T", timeIn: day.Bell.TimeIn + _rng.Between(1, 15));
        }

        private void FieldTrip(SchoolDay day)
        {
            var n = Scheduled(day);
            if (n == 0) return;
            if (!Meeting(day))
            {
                Daily(day, "FT");
                return;
            }
            var whole = _rng.Chance(0.3);
            var from = whole ? 0 : _rng.Next(n);
            var to = whole ? n : Math.Min(n, from + _rng.Between(2, 3));
            for (var i = from; i < to; i++) Mark(day, i, "FT");
        }

        private void EarlyDeparture(SchoolDay day)
        {
            var n = Scheduled(day);
            if (n == 0) return;
            if (Meeting(day)) Mark(day, n - 1, "LE");
            else Daily(day, "LE", timeOut: day.Bell.TimeOut - (5 * _rng.Between(3, 12)));
        }

        /// <summary>Fills the buffer with the student's attendance-taking sections in the day's instructional periods, in bell order.</summary>
        private int Scheduled(SchoolDay day)
        {
            var n = 0;
            foreach (var pt in day.Bell.Periods)
            {
                if (!pt.Instructional) continue;
                foreach (var r in _m.Rosters)
                {
                    var s = r.Section;
                    if (!s.Tracked || !s.Active || Array.IndexOf(s.PeriodIndexes, pt.PeriodIndex) < 0) continue;
                    if (r.Begin > day.Date || (r.End is { } end && end < day.Date)) continue;
                    _buffer[n++] = (pt, s);
                    break;
                }
            }
            return n;
        }

        private void Mark(SchoolDay day, int slot, string code, int? presentMinutes = null)
        {
            var (period, section) = _buffer[slot];
            _b._data.MeetingAttendance.Add(new MeetingAttendance
            {
                StudentUniqueId = _m.Student.Id, SchoolId = _m.School.Id, SchoolYear = _b.Year, SectionIdentifier = section.Id,
                ClassPeriodName = period.Name, Date = day.Date, Code = code, PresentMinutes = presentMinutes,
            });
        }

        private void Daily(SchoolDay day, string code, int? timeIn = null, int? timeOut = null)
            => _b._data.DailyAttendance.Add(new DailyAttendance
            {
                StudentUniqueId = _m.Student.Id, SchoolId = _m.School.Id, Date = day.Date, Code = code, TimeIn = timeIn, TimeOut = timeOut,
            });
    }
}
