using AttendanceTools.Engine.Aggregation;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>Domain §7.5 and worked example A4.</summary>
public sealed class ChronicAbsenteeismTests
{
    // A4: Uma, 20 rows of 330 scheduled minutes; absences of 330, 165 and 110 minutes; calendar whole day 166, half day 1.
    private static readonly int[] UmaAbsences = [330, 165, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static ChronicVerdict Uma(DayAbsentRule rule)
        => ChronicAbsenteeism.Evaluate(UmaAbsences.Length, UmaAbsences.Sum(a => ChronicAbsenteeism.DayValue(rule, 330, a, 166, 1)));

    [Fact]
    public void A4_half_day_rule_is_chronic_at_exactly_ten_percent()
    {
        var v = Uma(DayAbsentRule.HalfDay);
        Assert.Equal((20, 2m, 0.1m, true), (v.EnrolledDays, v.DaysAbsent, v.Rate, v.IsChronic));
    }

    [Fact]
    public void A4_fractional_rule_is_just_below()
    {
        var v = Uma(DayAbsentRule.Fractional);
        Assert.Equal((1.8333m, 0.0917m, false), (v.DaysAbsent, v.Rate, v.IsChronic));
    }

    [Fact]
    public void A4_whole_half_rule_counts_half_days()
    {
        Assert.Equal([1m, 0.5m, 0.5m], UmaAbsences.Take(3).Select(a => ChronicAbsenteeism.DayValue(DayAbsentRule.WholeHalf, 330, a, 166, 1)));
        var v = Uma(DayAbsentRule.WholeHalf);
        Assert.Equal((2.0m, 0.1m, true), (v.DaysAbsent, v.Rate, v.IsChronic));
    }

    [Fact]
    public void The_comparison_uses_the_exact_rate_not_the_rounded_one()
    {
        // 99999 / 1000000 rounds to 0.1000 but is below 10 %.
        var v = ChronicAbsenteeism.Evaluate(1_000_000, 99_999m);
        Assert.Equal(0.1m, v.Rate);
        Assert.False(v.IsChronic);
    }

    [Fact]
    public void Below_the_minimum_enrolled_days_a_student_is_never_chronic_and_says_why()
    {
        var v = ChronicAbsenteeism.Evaluate(9, 9m);
        Assert.Equal((1m, false, "BelowMinimumDays"), (v.Rate, v.IsChronic, v.Reason));
        Assert.True(ChronicAbsenteeism.Evaluate(10, 1m).IsChronic);
    }

    [Fact]
    public void No_enrolled_days_is_a_zero_rate()
        => Assert.Equal(0m, ChronicAbsenteeism.Evaluate(0, 0m, minimumEnrolledDays: 0).Rate);

    [Theory]
    [InlineData(330, 165, 1)]   // exactly half counts
    [InlineData(330, 164, 0)]
    [InlineData(55, 28, 1)]
    public void Half_day_rule_boundary(int scheduled, int absent, int expected)
        => Assert.Equal(expected, ChronicAbsenteeism.DayValue(DayAbsentRule.HalfDay, scheduled, absent, null, null));
}
