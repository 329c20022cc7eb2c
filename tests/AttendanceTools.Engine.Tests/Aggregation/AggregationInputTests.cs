using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Inputs that used to give load-order-dependent or refused results (domain §4.1, §4.3, §7.3), through
/// the store: two sections marking one period, period names that differ only in case, a bell schedule
/// without periods, and a school with more than 64 class periods.
/// </summary>
public sealed class AggregationInputTests
{
    private static readonly DateOnly Wednesday = new(2025, 10, 8);

    private static AggregationRequest ManualAsOf(string local) => JeffersonStore.Manual with { AsOf = JeffersonStore.At(local) };

    /// <summary>Zoe also sits in section A-P2 (P2), loaded after the S- sections, so it has the higher internal key.</summary>
    private static Action<DistrictData> SecondP2Section(string codeInS, string codeInA) => d =>
    {
        d.Sections.Add(new Section { SchoolId = JeffersonDistrict.School, SchoolYear = 2026, SectionIdentifier = "A-P2", LocalCourseCode = "C-P2", ClassPeriodNames = ["P2"] });
        d.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "ZOE", SchoolId = JeffersonDistrict.School, SchoolYear = 2026, SectionIdentifier = "A-P2", BeginDate = new(2025, 8, 20) });
        d.MeetingAttendance.Add(JeffersonDistrict.Mark("ZOE", Wednesday, "P2", codeInS));
        d.MeetingAttendance.Add(JeffersonDistrict.Mark("ZOE", Wednesday, "P2", codeInA) with { SectionIdentifier = "A-P2" });
    };

    [Theory]
    [InlineData("U", "P", 0, null)]  // A-P2 < S-P2 (ordinal): its Present mark governs
    [InlineData("P", "U", 55, "U")]  // and here its Unexcused mark
    public void Two_marks_for_one_period_are_decided_by_the_lowest_SectionIdentifier_not_the_load_order(string codeInS, string codeInA, int absent, string? code)
    {
        using var j = new JeffersonStore(SecondP2Section(codeInS, codeInA));
        j.RunOne(ManualAsOf("2025-10-15T10:00"));
        Assert.Equal((330L, (long)absent, (long)absent, code), j.Row("ZOE", 20251008));
    }

    [Fact]
    public void Period_names_that_differ_only_in_case_are_two_periods_as_in_the_store()
    {
        // The store's key on ClassPeriodName is case-sensitive: 'p2' is another period (a lab slot not in Regular).
        using var j = new JeffersonStore(d =>
        {
            d.ClassPeriods.Add(new ClassPeriod { SchoolId = JeffersonDistrict.School, ClassPeriodName = "p2" });
            d.Sections.Add(new Section { SchoolId = JeffersonDistrict.School, SchoolYear = 2026, SectionIdentifier = "LAB", LocalCourseCode = "C-P2", ClassPeriodNames = ["p2"] });
        });

        var r = j.RunOne(ManualAsOf("2025-10-15T10:00"));

        Assert.Equal(18, r.Inserted);
        Assert.Equal(330, j.Sql("SELECT MIN(ScheduledMinutes) FROM DayAggregate")); // P2 still counts for every student
        Assert.Equal(330, j.Sql("SELECT MAX(ScheduledMinutes) FROM DayAggregate"));
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void A_section_naming_a_period_in_another_case_is_warned_about_and_the_period_ignored()
    {
        // The importer refuses 'p6' (no such period, compared case-sensitively like the store); an ETL job may still write it.
        using var j = new JeffersonStore();
        j.Exec("UPDATE Section SET ClassPeriodNames = 'p6' WHERE SectionIdentifier = 'S-P6'");

        var r = j.RunOne(ManualAsOf("2025-10-15T10:00"));

        Assert.Equal(275, j.Sql("SELECT MAX(ScheduledMinutes) FROM DayAggregate"));
        var warning = Assert.Single(r.Warnings);
        Assert.Contains("S-P6", warning, StringComparison.Ordinal);
        Assert.Contains("'p6'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_whose_bell_schedule_has_no_periods_yields_no_rows_and_a_warning_naming_schedule_and_date()
    {
        using var j = new JeffersonStore(d =>
        {
            d.BellSchedules.Add(new BellSchedule { SchoolId = JeffersonDistrict.School, BellScheduleName = "Assembly" });
            var i = d.CalendarDates.FindIndex(c => c.Date == Wednesday);
            d.CalendarDates[i] = d.CalendarDates[i] with { BellScheduleName = "Assembly" };
        });

        var plan = AggregationOperation.Plan(j.Store, ManualAsOf("2025-10-15T10:00"), NullObserver.Instance, default);
        var r = Assert.Single(AggregationOperation.Apply(j.Store, plan, null, NullObserver.Instance, default));

        Assert.Empty(plan.Failures);
        Assert.Equal((5, 15, 15), (r.DaysProcessed, r.StudentDays, r.Inserted));
        Assert.Equal(0, j.Sql("SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251008"));
        var warning = Assert.Single(r.Warnings);
        Assert.StartsWith("BellScheduleWithoutPeriods", warning, StringComparison.Ordinal);
        Assert.Contains("'Assembly'", warning, StringComparison.Ordinal);
        Assert.Contains("2025-10-08", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_school_with_more_than_64_class_periods_aggregates()
    {
        // 63 more periods than Regular uses (70 in all), e.g. every slot of a district-wide period catalogue.
        using var j = new JeffersonStore(d =>
        {
            for (var i = 1; i <= 63; i++) d.ClassPeriods.Add(new ClassPeriod { SchoolId = JeffersonDistrict.School, ClassPeriodName = $"X{i:00}" });
        });
        Assert.Equal(70, j.Sql("SELECT COUNT(*) FROM ClassPeriod"));

        var r = j.RunOne(ManualAsOf("2025-10-15T10:00"));

        Assert.Equal((6, 18, 18), (r.DaysProcessed, r.StudentDays, r.Inserted));
        Assert.Equal((330L, 55L, 55L, "U"), j.Row("ZOE", 20251007));
        Assert.Equal((330L, 330L, 0L, "ILL"), j.Row("YURI", 20251006));
    }
}
