using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// Sections and roster spans: one section per period per student, semester electives, mid-year
// schedule changes and drops, rosters that follow withdrawals and re-entries.
internal sealed partial class DemoBuilder
{
    private const int ClassSize = 24, SectionSize = 32, AdvisorySize = 28;

    /// <summary>A planned roster span before sections exist: slot, course, period, term dates.</summary>
    private sealed record Seat(Membership Member, string Course, int Period, string Session, DateOnly Begin, DateOnly? End);

    private void PlanSchedule(SchoolPlan school)
    {
        if (school.Kind == SchoolKind.DistrictOffice) return;
        var rng = DemoRandom.For(Seed, "schedule", school.Ordinal);
        if (school.Kind == SchoolKind.Elementary) PlanHomerooms(school, rng);
        else PlanSecondary(school, rng);

        foreach (var section in school.Sections)
        {
            _data.Sections.Add(new Section
            {
                SchoolId = school.Id, SchoolYear = Year, SectionIdentifier = section.Id, LocalCourseCode = section.Course, SessionName = section.Session,
                ClassPeriodNames = [.. section.PeriodIndexes.Select(p => school.Periods[p])], AttendanceTracked = section.Tracked,
                IsActive = section.Active, Title = section.Title,
            });
        }
        foreach (var m in school.Members)
        {
            foreach (var r in m.Rosters)
            {
                _data.Rosters.Add(new StudentSectionAssociation
                {
                    StudentUniqueId = m.Student.Id, SchoolId = school.Id, SchoolYear = Year, SectionIdentifier = r.Section.Id,
                    BeginDate = r.Begin, EndDate = r.End, HomeroomIndicator = r.Homeroom,
                });
            }
        }
    }

    /// <summary>Elementary: one self-contained class per student, meeting in every period of its calendar's day.</summary>
    private static void PlanHomerooms(SchoolPlan school, DemoRandom rng)
    {
        foreach (var calendar in school.Calendars)
        {
            var halfDay = calendar.Code == DemoCatalog.HalfDayKindergartenCalendar;
            int[] periods = halfDay ? [0, 1, 2] : [0, 1, 2, 3, 4, 5];
            foreach (var grade in school.Grades)
            {
                var members = school.Members.Where(m => m.Calendar == calendar && m.Grade == grade).ToList();
                if (members.Count == 0) continue;
                var classes = Enumerable.Range(0, (members.Count + ClassSize - 1) / ClassSize)
                    .Select(i => new SectionPlan
                    {
                        Id = (halfDay ? grade + "-AM-" : grade + "-") + Letter(i),
                        Course = "HR-" + grade,
                        PeriodIndexes = periods,
                        Session = "Year",
                        Title = DemoCatalog.GradeName(grade) + (halfDay ? " (half day) " : " ") + Letter(i),
                    }).ToList();
                school.Sections.AddRange(classes);
                var changes = Math.Max(1, (int)Math.Round(members.Count * 0.02));
                for (var k = 0; k < members.Count; k++)
                {
                    var m = members[k];
                    var home = classes[k % classes.Count];
                    var moves = classes.Count > 1 && k % Math.Max(1, members.Count / changes) == 0 && m.Stints.Count == 1 && m.Stints[0].Exit is null;
                    if (moves)
                    {
                        // A class change mid-year: the old span ends, the new class starts the next school day.
                        var other = classes[(k + 1) % classes.Count];
                        var (end, begin) = ChangeDates(m, rng);
                        if (end is not null)
                        {
                            m.Rosters.Add(new RosterPlan(home, m.Stints[0].Entry, end, true));
                            m.Rosters.Add(new RosterPlan(other, begin!.Value, null, true));
                            m.Student.Homeroom = other.Id;
                            continue;
                        }
                    }
                    foreach (var stint in m.Stints) m.Rosters.Add(new RosterPlan(home, stint.Entry, stint.Exit, true));
                    m.Student.Homeroom = home.Id;
                }
            }
        }
    }

    private static string Letter(int i) => i < 26 ? ((char)('A' + i)).ToString() : (i + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A schedule-change date inside the student's single open stint: last day in the old section, first in the new.</summary>
    private static (DateOnly? End, DateOnly? Begin) ChangeDates(Membership m, DemoRandom rng)
    {
        var days = m.Calendar.Days;
        var from = m.Calendar.IndexOnOrAfter(m.Stints[0].Entry) + 10;
        var to = days.Count - 20;
        if (from >= to) return (null, null);
        var i = rng.Between(from, to);
        return (days[i].Date, days[i + 1].Date);
    }

    private static void PlanSecondary(SchoolPlan school, DemoRandom rng)
    {
        var ce = school.Kind == SchoolKind.Continuation;
        var calendar = school.Calendar(DemoCatalog.CalendarCode);
        var fallEnd = FallEnd(calendar);
        var springStart = SpringStart(calendar);
        var slotPeriods = ce ? 4 : 6;
        var adv = school.Periods.Length - 1;

        var seats = new List<Seat>();
        foreach (var grade in school.Grades)
        {
            var members = school.Members.Where(m => m.Grade == grade).ToList();
            var offsets = ce ? 1 : Math.Clamp(members.Count / 60, 1, 6);
            var program = ce ? DemoCatalog.ContinuationProgram : DemoCatalog.Programs[grade];
            foreach (var m in members)
            {
                m.PeriodOffset = rng.Next(offsets);
                // Part-time continuation students take three classes and make up time with independent study.
                m.SlotCount = ce && rng.Chance(0.3) ? 3 : program.Length;
                m.FallCourses = [.. program.Select(s => rng.Pick(s.Fall))];
                m.SpringCourses = [.. program.Select((s, i) => s.Spring is null ? m.FallCourses[i] : rng.Pick(s.Spring))];
                for (var slot = 0; slot < m.SlotCount; slot++)
                {
                    var period = (slot + m.PeriodOffset) % slotPeriods;
                    var semester = program[slot].Spring is not null;
                    foreach (var stint in m.Stints)
                    {
                        if (!semester)
                        {
                            seats.Add(new Seat(m, m.FallCourses[slot], period, "Year", stint.Entry, stint.Exit));
                            continue;
                        }
                        if (stint.Entry <= fallEnd)
                            seats.Add(new Seat(m, m.FallCourses[slot], period, "Fall", stint.Entry, stint.Exit is { } x && x < fallEnd ? x : fallEnd));
                        if (stint.Exit is null || stint.Exit >= springStart)
                            seats.Add(new Seat(m, m.SpringCourses[slot], period, "Spring", stint.Entry > springStart ? stint.Entry : springStart, stint.Exit));
                    }
                }
                foreach (var stint in m.Stints)
                    seats.Add(new Seat(m, "ADV", adv, "Year", stint.Entry, stint.Exit));
            }
        }

        // Sections: students of one course and period, split evenly into sections of at most 32
        // (advisories: 28 students of one grade).
        var sectionOf = new Dictionary<Seat, SectionPlan>(ReferenceEqualityComparer.Instance);
        var buckets = new Dictionary<string, List<Seat>>(StringComparer.Ordinal);
        var bucketOrder = new List<string>();
        foreach (var seat in seats)
        {
            var key = seat.Course == "ADV"
                ? "ADV-" + seat.Member.Grade
                : string.Create(CultureInfo.InvariantCulture, $"{seat.Course}-{school.Periods[seat.Period]}");
            if (!buckets.TryGetValue(key, out var list))
            {
                buckets[key] = list = [];
                bucketOrder.Add(key);
            }
            list.Add(seat);
        }
        foreach (var key in bucketOrder)
        {
            var list = buckets[key];
            var first = list[0];
            var advisory = first.Course == "ADV";
            // Count distinct students (a re-entered student has two seats in one section).
            var students = list.Select(s => s.Member).Distinct().ToList();
            var count = Math.Max(1, (students.Count + (advisory ? AdvisorySize : SectionSize) - 1) / (advisory ? AdvisorySize : SectionSize));
            var sections = Enumerable.Range(1, count).Select(k => new SectionPlan
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{key}-{k:00}"),
                Course = first.Course,
                PeriodIndexes = [first.Period],
                Tracked = !advisory,
                Session = first.Session,
                Title = DemoCatalog.CourseTitles[first.Course],
            }).ToList();
            school.Sections.AddRange(sections);
            var index = students.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
            foreach (var seat in list) sectionOf[seat] = sections[index[seat.Member] % count];
        }

        if (school.Kind == SchoolKind.High)
        {
            // A class that was scheduled and then cancelled: inactive, nobody rostered.
            school.Sections.Add(new SectionPlan
            {
                Id = "ROBOT-P6-01", Course = "ROBOT", PeriodIndexes = [5], Session = "Spring", Active = false, Title = "Robotics (cancelled)",
            });
        }

        foreach (var seat in seats)
        {
            var section = sectionOf[seat];
            var homeroom = seat.Course == "ADV";
            seat.Member.Rosters.Add(new RosterPlan(section, seat.Begin, seat.End, homeroom));
            if (homeroom) seat.Member.Student.Homeroom = section.Id;
        }
        PlanScheduleChanges(school, rng);
    }

    /// <summary>
    /// Mid-year schedule changes (about 5 % of students): a year-long class ends and the student
    /// moves to another section meeting in the same period, or (juniors, seniors, continuation)
    /// simply drops it.
    /// </summary>
    private static void PlanScheduleChanges(SchoolPlan school, DemoRandom rng)
    {
        var candidates = school.Members.Where(m => m.Stints.Count == 1 && m.Stints[0].Exit is null).ToList();
        var changes = Math.Max(1, (int)Math.Round(school.Members.Count * 0.05));
        foreach (var i in rng.Permutation(candidates.Count).Take(changes))
        {
            var m = candidates[i];
            var year = m.Rosters.Where(r => r.Section.Tracked && r.Section.Session == "Year" && r.End is null).ToList();
            if (year.Count == 0) continue;
            var old = year[rng.Next(year.Count)];
            var (end, begin) = ChangeDates(m, rng);
            if (end is null) continue;
            var drop = (m.Grade is "11" or "12" || school.Kind == SchoolKind.Continuation) && rng.Chance(0.4);
            var period = old.Section.PeriodIndexes[0];
            var alternatives = school.Sections.Where(s => s != old.Section && s.Tracked && s.Active && s.Session == "Year" && s.PeriodIndexes[0] == period).ToList();
            var same = alternatives.Where(s => s.Course == old.Section.Course).ToList();
            if (!drop && alternatives.Count == 0) drop = true;

            m.Rosters[m.Rosters.IndexOf(old)] = old with { End = end };
            if (!drop)
            {
                var target = same.Count > 0 ? same[rng.Next(same.Count)] : alternatives[rng.Next(alternatives.Count)];
                m.Rosters.Add(new RosterPlan(target, begin!.Value, null, false));
            }
        }
    }
}
