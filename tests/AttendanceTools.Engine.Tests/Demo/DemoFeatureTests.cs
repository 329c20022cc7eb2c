using AttendanceTools.Engine.Model;
using static AttendanceTools.Engine.Tests.Demo.DemoFixture;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>Domain §4.7, one test per thing a generated district MUST include, plus what later operations need.</summary>
public sealed class DemoFeatureTests
{
    private static readonly DateOnly SpringStart = new(2026, 1, 5);

    [Fact]
    public void District_office()
    {
        var office = Assert.Single(District.Schools, s => s.IsDistrictOffice);
        Assert.DoesNotContain(District.Enrollments, e => e.SchoolId == office.SchoolId);
        Assert.DoesNotContain(District.Calendars, c => c.SchoolId == office.SchoolId);
    }

    [Fact]
    public void Elementary_middle_and_high_schools()
    {
        Assert.Equal("KG 01 02 03 04 05", SchoolOf("Elementary School").GradeLevels);
        Assert.Equal("06 07 08", SchoolOf("Middle School").GradeLevels);
        Assert.Equal("09 10 11 12", SchoolOf("High School").GradeLevels);
        // domain R1's school ids and names.
        Assert.Equal(("101", "Oak Elementary"), (District.Schools[1].SchoolId, District.Schools[1].Name));
        Assert.Contains(District.Schools, s => s is { SchoolId: "201", Name: "Pine Middle" });
        Assert.Contains(District.Schools, s => s is { SchoolId: "301", Name: "Cedar High" });
        foreach (var category in new[] { "Elementary School", "Middle School", "High School" })
            Assert.Contains(District.Enrollments, e => e.SchoolId == SchoolOf(category).SchoolId);
    }

    [Fact]
    public void Continuation_school_with_CE_program_and_backfill_enabled()
    {
        var ce = SchoolOf("Continuation");
        var program = Assert.Single(District.Programs);
        Assert.Equal(ce.SchoolId, program.SchoolId);
        var pref = District.BackfillPreferences.Single(p => p.SchoolId == ce.SchoolId && p.SchoolYear == 2026);
        Assert.True(pref.Enabled);
        Assert.Equal(program.ProgramName, pref.ProgramName);
        Assert.Equal(3.0m, pref.TargetHoursPerDay);
        Assert.Equal(1.0m, pref.MaxWorkExperienceHoursPerDay);
        Assert.Equal(new DateOnly(2025, 8, 21), pref.BackfillStartDate);
        // Every continuation enrolment is in the program for exactly its span.
        var spans = District.ProgramAssociations.Select(a => (a.StudentUniqueId, a.BeginDate, a.EndDate)).ToHashSet();
        var ceEnrollments = District.Enrollments.Where(e => e.SchoolId == ce.SchoolId).ToList();
        Assert.True(ceEnrollments.Count >= 12);
        Assert.All(ceEnrollments, e => Assert.Contains((e.StudentUniqueId, e.EntryDate, e.ExitWithdrawDate), spans));
        // Minutes-based: the continuation school records meeting attendance, with part-day marks.
        Assert.Equal(RecordingMethod.Meeting, Settings(ce.SchoolId).RecordingMethod);
        Assert.Contains(District.MeetingAttendance, m => m.SchoolId == ce.SchoolId);
    }

    [Fact]
    public void Continuation_students_have_work_experience_and_independent_study_time()
    {
        var ce = SchoolOf("Continuation").SchoolId;
        Assert.All(District.AttendanceTime, t => Assert.Equal(ce, t.SchoolId));
        var we = District.AttendanceTime.Where(t => t.Kind == AttendanceTimeKind.WorkExperience).ToList();
        var study = District.AttendanceTime.Where(t => t.Kind == AttendanceTimeKind.IndependentStudy).ToList();
        Assert.True(we.Select(t => t.StudentUniqueId).Distinct().Count() >= 2);
        Assert.True(study.Select(t => t.StudentUniqueId).Distinct().Count() >= 3);
        // Some work experience runs past the one hour a day the preferences credit (backfill's cap).
        Assert.Contains(we, t => t.Minutes > 60);
        Assert.Contains(study, t => t.Sequence == 2);
    }

    [Fact]
    public void Meeting_school_with_one_way_bridge()
    {
        var high = SchoolOf("High School").SchoolId;
        Assert.Equal((RecordingMethod.Meeting, BridgeMode.OneWay), (Settings(high).RecordingMethod, Settings(high).BridgeMode));
        Assert.Contains(District.MeetingAttendance, m => m.SchoolId == high);
    }

    [Fact]
    public void Daily_school_with_two_way_bridge()
    {
        var middle = SchoolOf("Middle School").SchoolId;
        Assert.Equal((RecordingMethod.Daily, BridgeMode.TwoWay), (Settings(middle).RecordingMethod, Settings(middle).BridgeMode));
        Assert.Contains(District.DailyAttendance, a => a.SchoolId == middle);
        // Domain A2: a daily absence with one meeting mark overriding it (back for the last period).
        Assert.Contains(District.MeetingAttendance, m => m.SchoolId == middle && m.Code == "P"
            && District.DailyAttendance.Any(a => a.StudentUniqueId == m.StudentUniqueId && a.Date == m.Date && a.Code != "P"));
    }

    [Fact]
    public void School_that_switched_from_daily_to_meeting_mid_year()
    {
        // Cedar High records Meeting now, with a one-way bridge; until the spring semester it recorded Daily.
        var daily = District.DailyAttendance.Where(a => a.SchoolId == "301").ToList();
        var meeting = District.MeetingAttendance.Where(m => m.SchoolId == "301").ToList();
        Assert.NotEmpty(daily);
        Assert.NotEmpty(meeting);
        Assert.All(daily, a => Assert.True(a.Date < SpringStart));
        Assert.All(meeting, m => Assert.True(m.Date >= SpringStart));
        Assert.Equal(BridgeMode.OneWay, Settings("301").BridgeMode);
        // The bridge needs a bridge period with default times on every bell schedule it uses.
        Assert.All(District.BellSchedules.Where(b => b.SchoolId == "301"), b =>
        {
            Assert.Contains(District.BellSchedulePeriods, p => p.SchoolId == "301" && p.BellScheduleName == b.BellScheduleName && p.ClassPeriodName == b.BridgePeriodName);
            Assert.True(b.DailyTimeOut > b.DailyTimeIn);
        });
    }

    [Fact]
    public void Regular_bell_schedule_with_lunch_and_non_instructional_period()
    {
        // domain §6.7: P1–P6 of 55 minutes (P4 85 minus 30 lunch), ADV not instructional: 330 minutes a day.
        var regular = District.BellSchedulePeriods.Where(p => p.SchoolId == "101" && p.BellScheduleName == "Regular").ToList();
        Assert.Equal(["P1", "P2", "P3", "P4", "P5", "P6", "ADV"], regular.Select(p => p.ClassPeriodName));
        Assert.Equal(30, regular.Single(p => p.ClassPeriodName == "P4").LunchMinutes);
        Assert.False(regular.Single(p => p.ClassPeriodName == "ADV").IsInstructional);
        Assert.Equal(330, regular.Sum(p => p.InstructionalMinutes));
        var bell = District.BellSchedules.Single(b => b.SchoolId == "101" && b.BellScheduleName == "Regular");
        Assert.Equal(("P1", 480, 890), (bell.BridgePeriodName, bell.DailyTimeIn, bell.DailyTimeOut));
    }

    [Fact]
    public void Shortened_schedule_on_minimum_days()
    {
        var early = District.BellSchedulePeriods.Where(p => p.SchoolId == "201" && p.BellScheduleName == "Early Release").ToList();
        Assert.Equal(210, early.Sum(p => p.InstructionalMinutes));
        var minimumDays = District.CalendarDates.Where(c => c.SchoolId == "201" && c.SchoolYear == 2026 && c.BellScheduleName == "Early Release").ToList();
        Assert.Equal(15, minimumDays.Count);
        Assert.All(minimumDays, d => Assert.Contains("Student late arrival/early dismissal", d.CalendarEvents));
        Assert.Contains(minimumDays, d => d.Date == new DateOnly(2026, 6, 5));   // the last day
        Assert.Contains(minimumDays, d => d.Date == new DateOnly(2025, 12, 19)); // before winter break
    }

    [Fact]
    public void Rotating_block_schedule_at_the_high_school()
    {
        var days = District.CalendarDates.Where(c => c.SchoolId == "301" && c.SchoolYear == 2026 && c.InSession).ToList();
        // A regular Wednesday meets the odd periods in blocks, Thursday the even ones.
        Assert.Equal("Block Odd", days.Single(d => d.Date == new DateOnly(2025, 10, 15)).BellScheduleName);
        Assert.Equal("Block Even", days.Single(d => d.Date == new DateOnly(2025, 10, 16)).BellScheduleName);
        Assert.Equal("Regular", days.Single(d => d.Date == new DateOnly(2025, 10, 14)).BellScheduleName);
        var even = District.BellSchedules.Single(b => b.SchoolId == "301" && b.BellScheduleName == "Block Even");
        Assert.Equal("P2", even.BridgePeriodName);
        Assert.Equal(["P2", "ADV", "P4", "P6"],
            District.BellSchedulePeriods.Where(p => p.SchoolId == "301" && p.BellScheduleName == "Block Even").Select(p => p.ClassPeriodName));
    }

    [Fact]
    public void Holidays_and_a_four_day_week()
    {
        var oak = District.CalendarDates.Where(c => c.SchoolId == "101" && c.SchoolYear == 2026 && c.CalendarCode == "REG").ToList();
        Assert.Equal(182, oak.Count(d => d.InSession));
        // The dates domain.md's worked examples rely on.
        Assert.Equal("Holiday", oak.Single(d => d.Date == new DateOnly(2025, 10, 13)).CalendarEvents);
        Assert.False(oak.Single(d => d.Date == new DateOnly(2025, 10, 10)).InSession);
        Assert.False(oak.Single(d => d.Date == new DateOnly(2025, 11, 11)).InSession);
        Assert.All(oak.Where(d => !d.InSession), d => Assert.Null(d.BellScheduleName));
        Assert.All(oak.Where(d => !d.InSession), d => Assert.False(d.TakesAttendance));
        // Week of 2025-11-10: Veterans Day Tuesday leaves four school days.
        Assert.Equal(4, oak.Count(d => d.InSession && d.Date >= new DateOnly(2025, 11, 10) && d.Date <= new DateOnly(2025, 11, 14)));
        // Winter break: no school day from 2025-12-22 to 2026-01-02.
        Assert.DoesNotContain(oak, d => d.InSession && d.Date >= new DateOnly(2025, 12, 22) && d.Date <= new DateOnly(2026, 1, 2));
        Assert.Equal(new DateOnly(2025, 8, 20), oak.First(d => d.InSession).Date);
        Assert.Equal(new DateOnly(2026, 6, 5), oak.Last(d => d.InSession).Date);
    }

    [Fact]
    public void Mid_year_section_drops_and_adds()
    {
        var open = District.Enrollments.Where(e => e.ExitWithdrawDate is null).Select(e => (e.StudentUniqueId, e.SchoolId)).ToHashSet();
        var spans = District.Rosters.Where(r => open.Contains((r.StudentUniqueId, r.SchoolId))).ToList();
        // A year-long class that ends in the middle of the year while the student stays enrolled.
        var sections = District.Sections.ToDictionary(s => (s.SchoolId, s.SectionIdentifier));
        var drops = spans.Where(r => r.EndDate is { } end && end > new DateOnly(2025, 9, 15) && end < new DateOnly(2026, 5, 15)
            && sections[(r.SchoolId, r.SectionIdentifier)].SessionName == "Year").ToList();
        Assert.True(drops.Count >= 10);
        // Some are replaced by another section starting the next school day, some simply dropped (domain B4).
        Assert.Contains(drops, d => spans.Any(r => r.StudentUniqueId == d.StudentUniqueId && r.BeginDate > d.EndDate && r.SectionIdentifier != d.SectionIdentifier
            && sections[(r.SchoolId, r.SectionIdentifier)].SessionName == "Year"));
        Assert.Contains(drops, d => !spans.Any(r => r.StudentUniqueId == d.StudentUniqueId && r.BeginDate > d.EndDate
            && sections[(r.SchoolId, r.SectionIdentifier)].ClassPeriodNames.SequenceEqual(sections[(d.SchoolId, d.SectionIdentifier)].ClassPeriodNames)));
        // Semester electives: fall spans end at winter break, spring spans start after it.
        Assert.Contains(District.Rosters, r => r.EndDate == new DateOnly(2025, 12, 19));
        Assert.Contains(District.Rosters, r => r.BeginDate == new DateOnly(2026, 1, 5));
    }

    [Fact]
    public void Withdrawals_and_re_entries()
    {
        var withdrawn = District.Enrollments.Where(e => e.ExitWithdrawDate is not null).ToList();
        Assert.Contains(withdrawn, e => e.ExitWithdrawCode == "MV");
        Assert.Contains(withdrawn, e => e.ExitWithdrawCode == "TR");
        // Re-entry: two enrolments of one student at one school.
        var reentered = District.Enrollments.GroupBy(e => (e.StudentUniqueId, e.SchoolId)).Where(g => g.Count() == 2).ToList();
        Assert.NotEmpty(reentered);
        Assert.All(reentered, g => Assert.Equal("RE", g.OrderBy(e => e.EntryDate).Last().EntryCode));
        // Transfers to the continuation school start there the next school day.
        var transfer = withdrawn.First(e => e.ExitWithdrawCode == "TR");
        var ce = District.Enrollments.Single(e => e.StudentUniqueId == transfer.StudentUniqueId && e.SchoolId == "401");
        Assert.True(ce.EntryDate > transfer.ExitWithdrawDate && ce.EntryDate.DayNumber - transfer.ExitWithdrawDate!.Value.DayNumber <= 4);
        // Rosters follow withdrawals: nothing continues past the exit.
        var exits = withdrawn.Where(e => e.ExitWithdrawCode == "MV").ToDictionary(e => (e.StudentUniqueId, e.SchoolId), e => e.ExitWithdrawDate!.Value);
        Assert.All(District.Rosters.Where(r => exits.ContainsKey((r.StudentUniqueId, r.SchoolId))),
            r => Assert.True(r.EndDate is { } end && end <= exits[(r.StudentUniqueId, r.SchoolId)]));
        // Students who arrive mid-year.
        Assert.Contains(District.Enrollments, e => e.EntryCode == "N" && e.EntryDate > new DateOnly(2025, 9, 1));
    }

    [Fact]
    public void Absences_of_every_excuse_type()
    {
        var codes = District.AttendanceCodes.Where(c => c.SchoolYear == 2026).ToDictionary(c => (c.SchoolId, c.Code));
        var used = District.MeetingAttendance.Select(m => codes[(m.SchoolId, m.Code)])
            .Concat(District.DailyAttendance.Select(a => codes[(a.SchoolId, a.Code)])).ToList();
        foreach (var excuse in new[] { Excuse.Excused, Excuse.Unexcused, Excuse.Unknown, Excuse.Exempt })
            Assert.Contains(used, c => c.PresenceStatus == PresenceStatus.Absent && c.Excuse == excuse);
        // Excuse None: present codes such as tardies and early departures.
        Assert.Contains(used, c => c.PresenceStatus == PresenceStatus.Present && c.Excuse == Excuse.None);
        // Negative attendance: no daily record says "present", meeting "P" only overrides a daily absence.
        Assert.DoesNotContain(District.DailyAttendance, a => a.Code == "P");
        Assert.All(District.MeetingAttendance.Where(m => m.Code == "P"), m => Assert.Equal(BridgeMode.TwoWay, Settings(m.SchoolId).BridgeMode));
    }

    [Fact]
    public void Tardy_codes_with_category_tardy()
    {
        var tardy = Assert.Single(District.AttendanceCodes, c => c.SchoolId == "301" && c.SchoolYear == 2026 && c.EventCategory == "Tardy");
        Assert.Equal(("T", PresenceStatus.Present), (tardy.Code, tardy.PresenceStatus));
        Assert.Contains(District.MeetingAttendance, m => m.Code == "T");
        // Daily tardies carry the arrival time.
        Assert.Contains(District.DailyAttendance, a => a.Code == "T" && a.TimeIn > 480);
    }

    [Fact]
    public void Present_minutes_on_some_absent_marks()
    {
        var partial = District.MeetingAttendance.Where(m => m.PresentMinutes is not null).ToList();
        Assert.True(partial.Count >= 10);
        Assert.All(partial, m => Assert.Contains(m.Code, new[] { "AE", "U", "UV", "ILL" }));
        Assert.All(partial, m => Assert.InRange(m.PresentMinutes!.Value, 5, 90));
    }

    [Fact]
    public void Attendance_codes_of_every_kind_for_every_school_and_year()
    {
        var expected = new (string Code, PresenceStatus Status, Excuse Excuse, string Category)[]
        {
            ("P", PresenceStatus.Present, Excuse.None, "In Attendance"),
            ("T", PresenceStatus.Present, Excuse.None, "Tardy"),
            ("LE", PresenceStatus.Present, Excuse.None, "Early departure"),
            ("U", PresenceStatus.Absent, Excuse.Unexcused, "Unexcused Absence"),
            ("AU", PresenceStatus.Absent, Excuse.Unexcused, "Unexcused Absence"),
            ("ILL", PresenceStatus.Absent, Excuse.Excused, "Excused Absence"),
            ("AE", PresenceStatus.Absent, Excuse.Excused, "Excused Absence"),
            ("SUS", PresenceStatus.Absent, Excuse.Excused, "Excused Absence"),
            ("UV", PresenceStatus.Absent, Excuse.Unknown, "Unexcused Absence"),
            ("FT", PresenceStatus.Absent, Excuse.Exempt, "Excused Absence"),
        };
        foreach (var school in District.Schools.Where(s => !s.IsDistrictOffice))
        {
            foreach (var year in new[] { 2026, 2027 })
            {
                var codes = District.AttendanceCodes.Where(c => c.SchoolId == school.SchoolId && c.SchoolYear == year)
                    .Select(c => (c.Code, c.PresenceStatus, c.Excuse, c.EventCategory!));
                Assert.Equal(expected, codes);
            }
        }
        // Non-tardy categories agree with domain §3.2's derivation.
        Assert.All(District.AttendanceCodes.Where(c => c.Code is not ("T" or "LE")),
            c => Assert.Equal(AttendanceCode.DeriveEventCategory(c.PresenceStatus, c.Excuse), c.EventCategory));
    }

    [Fact]
    public void Seniors_some_retained()
    {
        var seniors = District.YearRecords.Where(r => r.SchoolYear == 2026 && r.GradeLevel == "12" && r.Status == YearRecordStatus.Active).ToList();
        Assert.Contains(seniors, r => r.Promote);
        var retained = seniors.Where(r => !r.Promote).ToList();
        Assert.True(retained.Count >= 2);
        // A retained senior stays in grade 12 at the same school next year.
        Assert.All(retained, r => Assert.Equal((r.SchoolId, "12"), (r.NextYearSchoolId, r.NextYearGradeLevel)));
        // Graduating seniors: class of 2026, nothing planned for next year.
        Assert.All(seniors.Where(r => r.Promote), r => Assert.Null(r.NextYearSchoolId));
        var students = District.Students.ToDictionary(s => s.StudentUniqueId);
        Assert.All(seniors, r => Assert.Equal(2026, students[r.StudentUniqueId].ClassOfSchoolYear));
        // Retention below grade 12 too.
        Assert.Contains(District.YearRecords, r => !r.Promote && r.GradeLevel != "12");
    }

    [Fact]
    public void Pre_registered_kindergartners()
    {
        var pre = District.YearRecords.Where(r => r.Status == YearRecordStatus.PreRegistered).ToList();
        Assert.True(pre.Count >= 2);
        var students = District.Students.ToDictionary(s => s.StudentUniqueId);
        Assert.All(pre, r =>
        {
            Assert.Equal(("KG", 2026, "REG"), (r.GradeLevel, r.SchoolYear, r.CalendarCode));
            Assert.StartsWith("1", r.SchoolId, StringComparison.Ordinal);
            Assert.DoesNotContain(District.Enrollments, e => e.StudentUniqueId == r.StudentUniqueId);
            Assert.Equal(2039, students[r.StudentUniqueId].ClassOfSchoolYear);
        });
    }

    [Fact]
    public void Inactive_students()
    {
        var inactive = District.YearRecords.Where(r => r.Status == YearRecordStatus.Inactive).ToList();
        Assert.True(inactive.Count >= 5);
        // They left the district: their last enrolment is closed with MV and nothing is planned for next year.
        Assert.All(inactive, r =>
        {
            var last = District.Enrollments.Where(e => e.StudentUniqueId == r.StudentUniqueId).MaxBy(e => e.EntryDate)!;
            Assert.Equal("MV", last.ExitWithdrawCode);
            Assert.Null(r.NextYearSchoolId);
        });
    }

    [Fact]
    public void Next_year_values_for_the_rollover()
    {
        var schools = District.Schools.ToDictionary(s => s.SchoolId);
        // Everyone who continues, but the cancelled pre-registrations (next-year placement cleared, see below).
        var continuing = District.YearRecords.Where(r => (r.Status is YearRecordStatus.Active || (r.Status == YearRecordStatus.PreRegistered && r.NextYearSchoolId is not null))
            && !(r.GradeLevel == "12" && r.Promote)).ToList();
        Assert.NotEmpty(continuing);
        Assert.All(continuing, r =>
        {
            Assert.NotNull(r.NextYearSchoolId);
            Assert.NotNull(r.NextYearGradeLevel);
            Assert.Equal("REG", r.NextYearCalendarCode);
            Assert.False(string.IsNullOrEmpty(r.NextYearHomeroom));
            Assert.False(string.IsNullOrEmpty(r.NextYearCounselor));
            Assert.False(string.IsNullOrEmpty(r.Counselor));
            Assert.Contains(District.Calendars, c => c.SchoolId == r.NextYearSchoolId && c.SchoolYear == 2027 && c.CalendarCode == "REG");
            // The year record's own calendar exists next year too (criteria that keep "Same").
            Assert.Contains(District.Calendars, c => c.SchoolId == r.SchoolId && c.SchoolYear == 2027 && c.CalendarCode == r.CalendarCode);
        });
        // Fifth graders move to their feeder middle school, eighth graders to a high school.
        Assert.All(continuing.Where(r => r.GradeLevel == "05" && r.Promote), r => Assert.Equal("Middle School", schools[r.NextYearSchoolId!].SchoolCategory));
        Assert.All(continuing.Where(r => r.GradeLevel == "08" && r.Promote), r => Assert.Equal("High School", schools[r.NextYearSchoolId!].SchoolCategory));
        Assert.All(continuing.Where(r => r.Promote && r.Status == YearRecordStatus.Active),
            r => Assert.Equal(GradeLevel.Next(r.GradeLevel), r.NextYearGradeLevel));
    }

    [Fact]
    public void Students_not_returning_and_cancelled_pre_registrations_for_the_demo_criteria()
    {
        // Withdrawn on the last in-session day with NR, still Active, next-year values kept: the demo's criterion 3 inactivates them.
        var leaving = District.Enrollments.Where(e => e.ExitWithdrawCode == "NR").ToList();
        Assert.True(leaving.Count >= 5);
        var records = District.YearRecords.Where(r => r.SchoolYear == 2026).ToDictionary(r => r.StudentUniqueId);
        Assert.All(leaving, e =>
        {
            Assert.Equal(("Not returning next year", new DateOnly(2026, 6, 5)), (e.ExitWithdrawType, e.ExitWithdrawDate));
            var r = records[e.StudentUniqueId];
            Assert.Equal((YearRecordStatus.Active, true), (r.Status, r.Promote));
            Assert.NotEqual("12", r.GradeLevel);
            Assert.NotNull(r.NextYearSchoolId);
            Assert.Single(District.Enrollments, x => x.StudentUniqueId == e.StudentUniqueId);
            // The withdrawal ends the rosters that day.
            Assert.All(District.Rosters.Where(x => x.StudentUniqueId == e.StudentUniqueId), x => Assert.True(x.EndDate is { } end && end <= e.ExitWithdrawDate));
        });
        // One pre-registration in eight cancelled (the second, the tenth, ...): placement cleared, so criterion 1 deletes it.
        var pre = District.YearRecords.Where(r => r.Status == YearRecordStatus.PreRegistered).ToList();
        var cancelled = pre.Where(r => r.NextYearSchoolId is null).ToList();
        Assert.Equal((pre.Count + 6) / 8, cancelled.Count);
        Assert.All(cancelled, r => Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null), (r.NextYearGradeLevel, r.NextYearCalendarCode, r.NextYearHomeroom, r.NextYearCounselor)));
    }

    [Fact]
    public void Next_school_year_and_its_calendars()
    {
        var next = District.SchoolYears.Single(y => y.SchoolYear == 2027);
        Assert.False(next.IsCurrent);
        Assert.Equal(("2026-2027", new DateOnly(2026, 7, 1), new DateOnly(2027, 6, 30)), (next.Description, next.BeginDate, next.EndDate));
        foreach (var calendar in District.Calendars.Where(c => c.SchoolYear == 2026))
            Assert.Contains(District.Calendars, c => c.SchoolYear == 2027 && c.SchoolId == calendar.SchoolId && c.CalendarCode == calendar.CalendarCode);
        // domain R1: next year starts 2026-08-19 (elementary, middle) and 2026-08-20 (high).
        DateOnly First(string school) => District.CalendarDates.Where(c => c.SchoolId == school && c.SchoolYear == 2027 && c.InSession).Min(c => c.Date);
        Assert.Equal(new DateOnly(2026, 8, 19), First("101"));
        Assert.Equal(new DateOnly(2026, 8, 19), First("201"));
        Assert.Equal(new DateOnly(2026, 8, 20), First("301"));
        Assert.Contains(District.AttendanceSettings, s => s.SchoolYear == 2027 && s.SchoolId == "301");
        Assert.Contains(District.BackfillPreferences, p => p.SchoolYear == 2027 && p.BackfillStartDate == new DateOnly(2026, 8, 20));
    }

    [Fact]
    public void Half_day_kindergarten_calendar_beside_the_regular_one()
    {
        var oak = District.Calendars.Where(c => c.SchoolId == "101" && c.SchoolYear == 2026).Select(c => c.CalendarCode).ToList();
        Assert.Equal(["REG", "KAM"], oak);
        Assert.Contains(District.Enrollments, e => e.CalendarCode == "KAM" && e.EntryGradeLevel == "KG");
        Assert.All(District.CalendarDates.Where(c => c.CalendarCode == "KAM" && c.InSession), c => Assert.Equal("Kinder AM", c.BellScheduleName));
    }

    [Fact]
    public void Courses_with_and_without_attendance()
    {
        Assert.Contains(District.Sections, s => s.AttendanceTracked);
        var advisory = District.Sections.Where(s => !s.AttendanceTracked).ToList();
        Assert.NotEmpty(advisory);
        Assert.All(advisory, s => Assert.Equal(("ADV", "ADV"), (s.LocalCourseCode, string.Join(",", s.ClassPeriodNames))));
        // The advisory is the homeroom of middle and high school students.
        Assert.Contains(District.Rosters, r => r.HomeroomIndicator && r.SectionIdentifier.StartsWith("ADV-", StringComparison.Ordinal));
        Assert.Contains(District.Sections, s => !s.IsActive);
    }

    [Fact]
    public void Course_requests_report_card_marks_and_success_plans()
    {
        Assert.True(District.CourseRequests.Count >= 20);
        Assert.All(District.CourseRequests, r => Assert.Equal(2027, r.SchoolYear));
        Assert.True(District.ReportCardMarks.Count >= 20);
        Assert.All(District.ReportCardMarks, m => Assert.Equal(("S1", 2026), (m.MarkingPeriod, m.SchoolYear)));
        // Marks of graduating seniors, for the Mark Reporting purge by class year.
        var seniors = District.Students.Where(s => s.ClassOfSchoolYear == 2026).Select(s => s.StudentUniqueId).ToHashSet();
        Assert.Contains(District.ReportCardMarks, m => seniors.Contains(m.StudentUniqueId));
        Assert.Contains(District.SuccessPlans, p => p.PlanType == "Attendance");
        Assert.Contains(District.SuccessPlans, p => p.PlanType == "Academic");
    }

    [Fact]
    public void District_name_time_zone_and_one_current_year()
    {
        Assert.Equal("Sierra Vista Unified School District", District.DistrictName);
        Assert.Equal("America/Los_Angeles", District.TimeZone);
        var current = Assert.Single(District.SchoolYears, y => y.IsCurrent);
        Assert.Equal((2026, "2025-2026"), (current.SchoolYear, current.Description));
    }
}

/// <summary>Whether the continuation school's minutes give backfill (domain §5.4) something to do.</summary>
public sealed class DemoBackfillReadinessTests
{
    [Fact]
    public void Continuation_students_have_short_weeks_that_later_long_weeks_can_fill()
    {
        var time = District.AttendanceTime.GroupBy(t => (t.StudentUniqueId, t.Date))
            .ToDictionary(g => g.Key, g => (Is: g.Where(t => t.Kind == AttendanceTimeKind.IndependentStudy).Sum(t => t.Minutes),
                We: g.Where(t => t.Kind == AttendanceTimeKind.WorkExperience).Sum(t => t.Minutes)));
        static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        var movers = 0;
        foreach (var student in Chronic.Days.Where(d => d.School == "401").GroupBy(d => d.Student))
        {
            // Per week: class minutes + independent study + work experience capped at 60 a day, against 180 a day.
            var weeks = student.GroupBy(d => Monday(d.Date)).OrderBy(w => w.Key).Select(w =>
            {
                var countable = w.Sum(d =>
                {
                    var (study, work) = time.GetValueOrDefault((d.Student, d.Date));
                    return d.ScheduledMinutes - d.AbsentMinutes + study + Math.Min(work, 60);
                });
                return countable - (180 * w.Count());
            }).ToList();
            var firstShort = weeks.FindIndex(x => x < 0);
            if (firstShort >= 0 && weeks.Skip(firstShort + 1).Any(x => x > 0)) movers++;
        }
        Assert.True(movers >= 5, $"only {movers} continuation students have a short week followed by a long one");
    }
}
