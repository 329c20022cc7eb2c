using AttendanceTools.Engine.Aggregation;
using static AttendanceTools.Engine.Tests.Aggregation.AggregationFixture;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>Domain §4.1–4.3 and §7.2, with the worked examples of §7.6.</summary>
public sealed class DayAggregatorTests
{
    private const string Day = "2025-10-21";

    private static AggregationFixture OneDay(string student = "Cara")
        => new AggregationFixture().Day(Day).Enroll(student, "2025-08-20").Roster(student, "2025-08-20");

    [Fact]
    public void A1_periods_and_lunch()
    {
        var f = OneDay().Meeting("Cara", Day, "P2", "U").Meeting("Cara", Day, "P5", "ILL").Meeting("Cara", Day, "P6", "ILL");

        var row = Assert.Single(f.Compute());

        Assert.Equal(330, row.Scheduled);   // 6 × 55: P4 is 85 − 30 lunch; ADV is not instructional
        Assert.Equal(165, row.Absent);      // P2 + P5 + P6
        Assert.Equal(55, row.Unexcused);    // P2
        Assert.Equal(f.CodeRef("ILL"), row.MostCommonCodeRef); // 110 minutes against 55
    }

    [Fact]
    public void A2_a_daily_mark_with_one_meeting_override()
    {
        var f = OneDay("Dev").Daily("Dev", Day, "AU").Meeting("Dev", Day, "P6", "P");

        var row = Assert.Single(f.Compute());

        Assert.Equal((330, 275, 275, f.CodeRef("AU")), (row.Scheduled, row.Absent, row.Unexcused, row.MostCommonCodeRef));
    }

    [Fact]
    public void A3_present_minutes_exempt_absence_and_tardy()
    {
        var f = OneDay("Eli").Meeting("Eli", Day, "P1", "AE", presentMinutes: 20).Meeting("Eli", Day, "P3", "FT").Meeting("Eli", Day, "P4", "T");

        var row = Assert.Single(f.Compute());

        Assert.Equal((330, 35, 0, f.CodeRef("AE")), (row.Scheduled, row.Absent, row.Unexcused, row.MostCommonCodeRef));
    }

    [Fact]
    public void No_absence_means_no_most_common_excuse()
    {
        var row = Assert.Single(OneDay().Compute());
        Assert.Equal((330, 0, 0, 0), (row.Scheduled, row.Absent, row.Unexcused, row.MostCommonCodeRef));
    }

    [Fact]
    public void A_student_scheduled_only_in_a_non_instructional_period_gets_no_row()
    {
        var f = new AggregationFixture().Day(Day).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-ADV");
        Assert.Empty(f.Compute());
    }

    [Fact]
    public void Sections_that_take_no_attendance_or_are_inactive_schedule_nothing()
    {
        var f = new AggregationFixture().Section("S-P1-LAB", "P1", attendanceTracked: false).Section("S-P2-OLD", "P2", active: false)
            .Day(Day).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-P1-LAB", "S-P2-OLD", "S-P3");
        var row = Assert.Single(f.Compute());
        Assert.Equal(55, row.Scheduled); // only P3
    }

    [Fact]
    public void Two_sections_in_one_period_schedule_it_once()
    {
        var f = new AggregationFixture().Section("S-P1-B", "P1").Day(Day).Enroll("Ada", "2025-08-20")
            .Roster("Ada", "2025-08-20", null, "S-P1", "S-P1-B");
        Assert.Equal(55, Assert.Single(f.Compute()).Scheduled);
    }

    [Fact]
    public void A_section_meeting_in_two_periods_schedules_both()
    {
        var f = new AggregationFixture().Section("S-BLOCK", "P1,P2").Day(Day).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-BLOCK");
        Assert.Equal(110, Assert.Single(f.Compute()).Scheduled);
    }

    [Fact]
    public void Roster_and_enrolment_dates_are_inclusive_at_both_ends()
    {
        var f = new AggregationFixture().Day("2025-10-20").Day("2025-10-21").Day("2025-10-22")
            .Enroll("Ada", "2025-10-20", "2025-10-22")
            .Roster("Ada", "2025-10-20", "2025-10-21", "S-P1")  // dropped: last day 10-21
            .Roster("Ada", "2025-10-21", null, "S-P2");       // added on 10-21

        var rows = f.Compute();

        Assert.Equal([(D("2025-10-20"), 55), (D("2025-10-21"), 110), (D("2025-10-22"), 55)], rows.Select(r => (r.Date, r.Scheduled)));
    }

    [Fact]
    public void No_row_outside_the_enrolment_or_on_days_that_take_no_attendance()
    {
        var f = new AggregationFixture().Day("2025-10-20").Day("2025-10-21", takesAttendance: false).Day("2025-10-22")
            .Enroll("Ada", "2025-10-21").Roster("Ada", "2025-08-20");
        Assert.Equal([D("2025-10-22")], f.Compute().Select(r => r.Date));
    }

    [Fact]
    public void A_meeting_mark_governs_its_period_even_against_an_absent_daily_mark()
    {
        var f = OneDay().Daily("Cara", Day, "U").Meeting("Cara", Day, "P1", "P").Meeting("Cara", Day, "P2", "T");
        var row = Assert.Single(f.Compute());
        Assert.Equal((220, 220), (row.Absent, row.Unexcused)); // P3–P6 from the daily mark
    }

    [Fact]
    public void Present_minutes_never_make_absence_negative()
    {
        var f = OneDay().Meeting("Cara", Day, "P1", "U", presentMinutes: 90);
        var row = Assert.Single(f.Compute());
        Assert.Equal((0, 0, 0), (row.Absent, row.Unexcused, row.MostCommonCodeRef));
    }

    [Fact]
    public void C7_an_unknown_excuse_counts_as_unexcused()
    {
        var row = Assert.Single(OneDay().Meeting("Cara", Day, "P1", "UNK").Compute());
        Assert.Equal((55, 55), (row.Absent, row.Unexcused));
    }

    [Fact]
    public void C8_ties_go_to_more_absent_periods()
    {
        // 55 minutes each: ILL in one period, U across two, so U wins on periods.
        var f = OneDay()
            .Meeting("Cara", Day, "P1", "ILL")                      // ILL 55 in 1 period
            .Meeting("Cara", Day, "P2", "U", presentMinutes: 28)    // U 27
            .Meeting("Cara", Day, "P3", "U", presentMinutes: 27);   // U 28 → U 55 in 2 periods
        var row = Assert.Single(f.Compute());
        Assert.Equal(f.CodeRef("U"), row.MostCommonCodeRef);
    }

    [Fact]
    public void C8_then_to_the_code_of_the_earliest_period()
    {
        var f = OneDay().Meeting("Cara", Day, "P5", "ILL").Meeting("Cara", Day, "P2", "U");
        Assert.Equal(f.CodeRef("U"), Assert.Single(f.Compute()).MostCommonCodeRef); // 55 each, one period each: P2 is earlier
    }

    [Fact]
    public void Minutes_decide_before_periods()
    {
        var f = OneDay().Meeting("Cara", Day, "P1", "ILL").Meeting("Cara", Day, "P2", "U", presentMinutes: 40).Meeting("Cara", Day, "P3", "U", presentMinutes: 40);
        Assert.Equal(f.CodeRef("ILL"), Assert.Single(f.Compute()).MostCommonCodeRef); // 55 vs 30
    }

    [Fact]
    public void Two_meeting_marks_for_one_period_use_the_lowest_section()
    {
        var f = new AggregationFixture().Section("S-P1-B", "P1").Day(Day).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-P1", "S-P1-B")
            .Meeting("Ada", Day, "P1", "U", section: "S-P1-B").Meeting("Ada", Day, "P1", "P", section: "S-P1");
        Assert.Equal(0, Assert.Single(f.Compute()).Absent);
    }

    [Fact]
    public void Two_meeting_marks_for_one_period_are_decided_by_SectionIdentifier_not_by_internal_key()
    {
        // A-P1 is created after S-P1 (a higher SectionRef) but sorts first by identifier: its mark governs.
        var f = new AggregationFixture().Section("A-P1", "P1").Day(Day).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-P1", "A-P1")
            .Meeting("Ada", Day, "P1", "U", section: "S-P1").Meeting("Ada", Day, "P1", "P", section: "A-P1");
        Assert.True(f.SectionRef("A-P1") > f.SectionRef("S-P1"));
        var row = Assert.Single(f.Compute());
        Assert.Equal((55, 0, 0, 0), (row.Scheduled, row.Absent, row.Unexcused, row.MostCommonCodeRef)); // only P1: present
    }

    [Fact]
    public void Rows_come_out_sorted_by_date_then_student()
    {
        var f = new AggregationFixture().Day("2025-10-20").Day("2025-10-21");
        foreach (var s in new[] { "Zed", "Amy", "Bob" }) f.Enroll(s, "2025-08-20").Roster(s, "2025-08-20");
        var rows = f.Compute();
        Assert.Equal(rows.OrderBy(r => r.Date).ThenBy(r => r.StudentRef), rows);
        Assert.Equal(6, rows.Count);
    }

    [Fact]
    public void Scope_limits_students_and_days()
    {
        var f = new AggregationFixture().Day("2025-10-20").Day("2025-10-21").Day("2025-10-22");
        foreach (var s in new[] { "Amy", "Bob" }) f.Enroll(s, "2025-08-20").Roster(s, "2025-08-20");
        var scope = new AggregationScope(D("2025-10-21"));
        scope.AddStudent(f.StudentRef("Bob"), D("2025-10-21"), D("2025-10-22"));

        var rows = f.Compute(scope);

        Assert.Equal([(D("2025-10-21"), f.StudentRef("Bob"))], rows.Select(r => (r.Date, r.StudentRef))); // 10-22 is after the cut-off
    }

    [Fact]
    public void Invariant_unexcused_within_absent_within_scheduled_on_varied_marks()
    {
        var f = new AggregationFixture();
        string[] codes = ["P", "T", "U", "ILL", "AE", "AU", "FT", "UNK"];
        string[] periods = ["P1", "P2", "P3", "P4", "P5", "P6"];
        var rng = new Random(7);
        for (var day = 1; day <= 20; day++) f.Day($"2025-10-{day:00}");
        for (var s = 0; s < 15; s++)
        {
            var name = "S" + s;
            f.Enroll(name, "2025-10-01").Roster(name, "2025-10-01");
            for (var day = 1; day <= 20; day++)
            {
                if (rng.Next(4) == 0) f.Daily(name, $"2025-10-{day:00}", codes[rng.Next(codes.Length)]);
                foreach (var p in periods)
                    if (rng.Next(5) == 0) f.Meeting(name, $"2025-10-{day:00}", p, codes[rng.Next(codes.Length)], rng.Next(3) == 0 ? rng.Next(70) : null);
            }
        }
        var rows = f.Compute();
        Assert.Equal(300, rows.Count);
        Assert.All(rows, r => Assert.True(0 <= r.Unexcused && r.Unexcused <= r.Absent && r.Absent <= r.Scheduled && (r.Absent == 0) == (r.MostCommonCodeRef == 0)));
    }
}
