using AttendanceTools.Engine.Aggregation;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>§7.3 validation: a calendar whose inputs are broken is refused with an id that names the problem.</summary>
public sealed class InputValidationTests
{
    private static AttendanceException Refused(AggregationFixture f) => Assert.Throws<AttendanceException>(() => f.Compute());

    [Fact]
    public void PeriodTimesMissing_names_bell_schedule_period_and_first_date()
    {
        var f = new AggregationFixture().AddPeriod(2, "Late Start", "P1", "09:00", null).AddPeriod(2, "Late Start", "P2", "10:00", "10:50")
            .Day("2025-10-14").Day("2025-10-15", bellRef: 2).Day("2025-10-22", bellRef: 2).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20");

        var ex = Refused(f);

        Assert.Equal("PeriodTimesMissing", ex.ErrorId);
        Assert.Contains("Late Start", ex.Message, StringComparison.Ordinal);
        Assert.Contains("P1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2025-10-15", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.InvalidData, ex.Kind);
    }

    [Theory]
    [InlineData("10:00", "09:00", 0)]
    [InlineData("10:00", "10:00", 0)]
    [InlineData("10:00", "10:30", 31)]
    [InlineData("10:00", "10:30", -1)]
    public void PeriodTimesInvalid_for_inverted_times_or_impossible_lunch(string start, string end, int lunch)
    {
        var f = new AggregationFixture().AddPeriod(2, "Odd", "P1", start, end, lunch).Day("2025-10-15", bellRef: 2).Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20");
        Assert.Equal("PeriodTimesInvalid", Refused(f).ErrorId);
    }

    [Fact]
    public void A_bell_schedule_no_attendance_day_uses_is_not_checked()
    {
        var f = new AggregationFixture().AddPeriod(2, "Unused", "P1", null, null).Day("2025-10-15").Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20");
        Assert.Single(f.Compute());
    }

    [Fact]
    public void CalendarDateWithoutBellSchedule_for_an_attendance_day_without_one()
    {
        var f = new AggregationFixture().Day("2025-10-15", bellRef: null);
        var ex = Refused(f);
        Assert.Equal("CalendarDateWithoutBellSchedule", ex.ErrorId);
        Assert.Contains("2025-10-15", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AttendanceCodeUnknown_for_a_code_of_another_school_year()
    {
        var f = new AggregationFixture().Code("OLD", "Absent", "Excused", year: 2025).Day("2025-10-15").Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20");
        f.MeetingWithCodeRef("Ada", "2025-10-15", "P1", f.School().Codes.Single(c => c.Code == "OLD").CodeRef);

        var ex = Refused(f);

        Assert.Equal("AttendanceCodeUnknown", ex.ErrorId);
        Assert.Contains("'OLD'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Ada", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_period_the_school_does_not_define_is_a_warning_not_a_failure()
    {
        var warnings = new List<EngineWarning>();
        var f = new AggregationFixture().Section("S-X", "P1,P9").Day("2025-10-15").Enroll("Ada", "2025-08-20").Roster("Ada", "2025-08-20", null, "S-X");

        var row = Assert.Single(f.Compute(warnings: warnings));

        Assert.Equal(55, row.Scheduled);
        Assert.Contains(warnings, w => w.Id == "SectionPeriodUnknown" && w.Message.Contains("P9", StringComparison.Ordinal));
    }
}
