using AttendanceTools.Engine.Aggregation;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>Domain §7.5 and worked example A4, on the pure rule (exact values; views round).</summary>
public sealed class ChronicAbsenteeismTests
{
    // A4: Uma, 20 rows of 330 scheduled minutes; absences of 330, 165 and 110 minutes; calendar whole day 166, half day 1.
    private static readonly int[] UmaAbsences = [330, 165, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static ChronicVerdict Uma(DayAbsentRule rule)
    {
        var tally = new AbsenceTally();
        foreach (var a in UmaAbsences) tally.Add(rule, 330, a, 166, 1);
        return ChronicAbsenteeism.Evaluate(tally.EnrolledDays, tally.DaysAbsent);
    }

    [Fact]
    public void A4_half_day_rule_is_chronic_at_exactly_ten_percent()
    {
        var v = Uma(DayAbsentRule.HalfDay);
        Assert.Equal((20, 2m, 0.1m, true, (string?)null), (v.EnrolledDays, v.DaysAbsent, v.Rate, v.IsChronic, v.Reason));
    }

    [Fact]
    public void A4_fractional_rule_is_just_below()
    {
        var v = Uma(DayAbsentRule.Fractional);
        // 1 + 1/2 + 1/3 = 11/6 days; 11/120 of the days: exact on the object, 1.8333 and 0.0917 when shown.
        Assert.Equal((1.8333333333333333333333333333m, 0.0916666666666666666666666667m, false), (v.DaysAbsent, v.Rate, v.IsChronic));
        Assert.Equal((1.8333m, 0.0917m), (ChronicAbsenteeism.Round(v.DaysAbsent), ChronicAbsenteeism.Round(v.Rate)));
    }

    [Fact]
    public void A4_whole_half_rule_counts_half_days()
    {
        Assert.Equal([1, new Rational(1, 2), new Rational(1, 2)], UmaAbsences.Take(3).Select(a => ChronicAbsenteeism.DayValue(DayAbsentRule.WholeHalf, 330, a, 166, 1)));
        var v = Uma(DayAbsentRule.WholeHalf);
        Assert.Equal((2m, 0.1m, true), (v.DaysAbsent, v.Rate, v.IsChronic));
    }

    [Fact]
    public void Fractional_twelve_of_120_days_made_of_40_330ths_is_exactly_ten_percent_and_chronic()
    {
        // 99 days of 40/330 = 12 days; in decimal the 99 quotients sum to 11.99999…, which read as not chronic.
        var tally = new AbsenceTally();
        for (var day = 0; day < 120; day++) tally.Add(DayAbsentRule.Fractional, 330, day < 99 ? 40 : 0, null, null);
        var v = ChronicAbsenteeism.Evaluate(tally.EnrolledDays, tally.DaysAbsent);
        Assert.Equal((120, 12m, 0.1m, true), (v.EnrolledDays, v.DaysAbsent, v.Rate, v.IsChronic));
    }

    [Fact]
    public void The_comparison_uses_the_exact_rate_not_the_rounded_one()
    {
        // 99999 / 1000000 rounds to 0.1000 but is below 10 %: the object keeps the exact rate.
        var v = ChronicAbsenteeism.Evaluate(1_000_000, 99_999m);
        Assert.Equal((0.099999m, false), (v.Rate, v.IsChronic));
    }

    [Fact]
    public void Below_the_minimum_enrolled_days_a_student_is_never_chronic_and_says_why()
    {
        var v = ChronicAbsenteeism.Evaluate(9, 9m);
        Assert.Equal((1m, false, "BelowMinimumDays"), (v.Rate, v.IsChronic, v.Reason));
        Assert.True(ChronicAbsenteeism.Evaluate(10, 1m).IsChronic);
    }

    [Fact]
    public void No_enrolled_days_is_a_zero_rate_below_the_minimum()
    {
        var v = ChronicAbsenteeism.Evaluate(0, Rational.Zero);
        Assert.Equal((0, 0m, 0m, false, "BelowMinimumDays"), (v.EnrolledDays, v.DaysAbsent, v.Rate, v.IsChronic, v.Reason));
    }

    [Theory]
    [InlineData(330, 165, 1)]   // exactly half counts
    [InlineData(330, 164, 0)]
    [InlineData(55, 28, 1)]
    public void Half_day_rule_boundary(int scheduled, int absent, int expected)
        => Assert.Equal(expected, ChronicAbsenteeism.DayValue(DayAbsentRule.HalfDay, scheduled, absent, null, null));

    [Theory]
    [InlineData(1, 3, "0.3333333333333333333333333333")]
    [InlineData(2, 3, "0.6666666666666666666666666667")]
    [InlineData(12, 120, "0.1")]
    [InlineData(-7, 2, "-3.5")]
    [InlineData(0, 5, "0")]
    public void Rationals_reduce_and_convert_to_the_nearest_decimal(int numerator, int denominator, string expected)
        => Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), new Rational(numerator, denominator).ToDecimal());

    [Fact]
    public void Equal_fractions_are_equal_values()
    {
        Assert.Equal(new Rational(1, 10), new Rational(12, 120));
        Assert.Equal(Rational.FromDecimal(0.10m), new Rational(1, 10));
        Assert.True(new Rational(11, 120) < new Rational(1, 10));
        Assert.Equal("11/6", (new Rational(1, 1) + new Rational(1, 2) + new Rational(1, 3)).ToString());
    }
}
