using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// What the rollovers (domain §8.5, §8.6) act on besides promotions: students leaving at the end of
// the year, cancelled pre-registrations, next year's course requests, fall semester report-card
// marks and success plans.
internal sealed partial class DemoBuilder
{
    /// <summary>Exit code and type of a student withdrawn on the last day because the family is moving away.</summary>
    internal const string NotReturningCode = "NR", NotReturningType = "Not returning next year";

    /// <summary>
    /// The students the demo's criteria inactivate and delete (domain §4.7 "next-year values for the
    /// rollover"). About one in two hundred students per school whose family said in spring they are
    /// moving away: the registrar withdraws them on the last day of school with <c>NR</c>, after the
    /// next-year values had been set for everyone (so the default criteria would still promote them).
    /// And one pre-registered kindergartner in eight whose family cancelled the registration: the
    /// registrar cleared the next-year placement. Runs after the schedules and on its own random
    /// streams, so every other row of the district is the same as without it; the attendance of a
    /// student withdrawn on the last day is the same too.
    /// </summary>
    private void PlanYearEndLeavers()
    {
        var leaving = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var school in _schools.Where(s => s.Kind != SchoolKind.DistrictOffice))
        {
            var own = school.Members.Where(m => m.Sequence == 0).ToList();
            var candidates = own.Where(m => m.Student.Memberships.Count == 1 && m.Stints is [{ Exit: null }] && !m.Student.Retained && !m.Student.Inactive
                && m.Grade != "12").ToList();
            if (candidates.Count == 0) continue;
            var rng = DemoRandom.For(Seed, "not-returning", school.Ordinal);
            var count = Math.Max(1, (int)Math.Round(own.Count * 0.005));
            foreach (var i in rng.Permutation(candidates.Count).Take(count))
            {
                var m = candidates[i];
                var last = m.Calendar.LastDay;
                m.Student.NotReturning = true;
                m.Stints[0] = m.Stints[0] with { Exit = last, ExitCode = NotReturningCode, ExitType = NotReturningType };
                for (var r = 0; r < m.Rosters.Count; r++)
                    if (m.Rosters[r].End is null) m.Rosters[r] = m.Rosters[r] with { End = last };
                leaving[m.Student.Id] = last;
            }
        }
        // The schedules already wrote the roster rows: the withdrawal ends the open ones on the same day.
        for (var i = 0; i < _data.Rosters.Count; i++)
            if (_data.Rosters[i] is { EndDate: null } row && leaving.TryGetValue(row.StudentUniqueId, out var end)) _data.Rosters[i] = row with { EndDate = end };
        var preRegistered = _students.Where(s => s.PreRegistered).ToList();
        // The second, tenth, ... so that every district (two pre-registered at least) has one of each.
        for (var k = 1; k < preRegistered.Count; k += 8) preRegistered[k].RegistrationCancelled = true;
    }

    private void AddYearEndRows()
    {
        var rng = DemoRandom.For(Seed, "year-end");
        int requests = 0, marks = 0, attendancePlans = 0, academicPlans = 0;
        var yearRecords = _data.YearRecords.ToDictionary(r => r.StudentUniqueId, StringComparer.Ordinal);
        var byId = _schools.ToDictionary(s => s.Id, StringComparer.Ordinal);

        foreach (var s in _students)
        {
            if (s.PreRegistered) continue;
            var record = yearRecords[s.Id];

            // Every tenth student moving up a grade asks for next year's core courses.
            if (record.Status == YearRecordStatus.Active && record.NextYearSchoolId is { } nextId && record.NextYearGradeLevel is { } nextGrade
                && record.Promote && nextGrade is not ("KG" or "01" or "02" or "03" or "04" or "05") && requests++ % 10 == 0)
            {
                var next = byId[nextId];
                var program = next.Kind == SchoolKind.Continuation ? DemoCatalog.ContinuationProgram : DemoCatalog.Programs[nextGrade];
                foreach (var slot in program.Take(4))
                {
                    _data.CourseRequests.Add(new CourseRequest
                    {
                        StudentUniqueId = s.Id, SchoolId = next.Id, SchoolYear = NextYear, LocalCourseCode = slot.Fall[0],
                    });
                }
            }

            var secondary = s.Memberships.FirstOrDefault(m => m.School.Kind != SchoolKind.Elementary);
            if (secondary is null) continue;

            // Fall semester marks for every eighth secondary student, worse for the chronically absent.
            if (marks++ % 8 == 0)
            {
                var fallEnd = FallEnd(secondary.Calendar);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var r in secondary.Rosters)
                {
                    if (!r.Section.Tracked || r.Section.Session == "Spring" || r.Begin > fallEnd || !seen.Add(r.Section.Id)) continue;
                    int[] weights = s.ChronicByDesign ? [5, 15, 30, 25, 25] : [30, 35, 22, 8, 5];
                    _data.ReportCardMarks.Add(new ReportCardMark
                    {
                        StudentUniqueId = s.Id, SchoolId = secondary.School.Id, SchoolYear = Year, SectionIdentifier = r.Section.Id,
                        MarkingPeriod = "S1", Mark = DemoCatalog.Marks[rng.Weighted(weights)],
                    });
                }
            }

            var days = secondary.Calendar.Days;
            var entry = secondary.Stints[0].Entry;
            // An attendance plan for every third chronically absent secondary student, once the pattern shows.
            if (s.ChronicByDesign && attendancePlans++ % 3 == 0)
            {
                var start = days[Math.Min(days.Count - 1, secondary.Calendar.IndexOnOrAfter(entry) + 30)].Date;
                _data.SuccessPlans.Add(new SuccessPlan
                {
                    StudentUniqueId = s.Id, PlanType = "Attendance", StartDate = start,
                    Notes = "Attendance improvement plan: weekly check-in with the counselor.",
                });
            }
            if (academicPlans++ % 25 == 0)
            {
                _data.SuccessPlans.Add(new SuccessPlan
                {
                    StudentUniqueId = s.Id, PlanType = "Academic", StartDate = days[Math.Min(days.Count - 1, 20)].Date,
                    EndDate = days[^1].Date, Notes = "Academic support plan: tutoring twice a week.",
                });
            }
        }
    }
}
