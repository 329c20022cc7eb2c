using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-ChronicAbsenteeism on the small demo district refreshed for the whole year.</summary>
[Collection(ClockCollection.Name)]
public sealed class GetChronicAbsenteeismTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession WholeYear(out ModuleClock clock)
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        clock = new ModuleClock(new DateTimeOffset(2026, 7, 1, 19, 0, 0, TimeSpan.Zero)); // after the year ended
        s.Run("Connect-AttendanceStore -Path $p; $null = Update-AttendanceAggregation -SchoolYear 2026 -Confirm:$false",
            new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void Rows_have_the_names_scripts_rely_on_and_the_rule_holds()
    {
        using var s = WholeYear(out var clock);
        using (clock)
        {
            var rows = s.Run("Get-ChronicAbsenteeism").ShouldSucceed().Output;

            Assert.NotEmpty(rows);
            foreach (var name in new[] { "Student", "School", "From", "To", "Rule", "EnrolledDays", "DaysAbsent", "Rate", "IsChronic", "Reason" })
                Assert.NotNull(rows[0].Properties[name]);
            Assert.All(rows, r =>
            {
                var (days, absent, rate) = (r.Prop<int>("EnrolledDays"), r.Prop<decimal>("DaysAbsent"), r.Prop<decimal>("Rate"));
                Assert.Equal("HalfDay", r.Prop<string>("Rule"));
                Assert.InRange(rate, 0m, 1m);
                Assert.Equal(Math.Round(absent / days, 4, MidpointRounding.AwayFromZero), rate);
                Assert.Equal(days >= 10 && absent / days >= 0.10m, r.Prop<bool>("IsChronic"));
            });
            // The demo district has a chronically absent tail and students who are not.
            Assert.Contains(rows, r => r.Prop<bool>("IsChronic"));
            Assert.Contains(rows, r => !r.Prop<bool>("IsChronic"));
        }
    }

    [Fact]
    public void ChronicOnly_Threshold_and_Rule_change_the_answer_consistently()
    {
        using var s = WholeYear(out var clock);
        using (clock)
        {
            var all = s.Run("Get-ChronicAbsenteeism -School 'Cedar High'").ShouldSucceed().Output;
            var chronic = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -ChronicOnly").ShouldSucceed().Output;
            var strict = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -ChronicOnly -Threshold 20").ShouldSucceed().Output;
            var fractional = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -Rule Fractional").ShouldSucceed().Output;

            Assert.Equal(all.Count(r => r.Prop<bool>("IsChronic")), chronic.Count);
            Assert.True(strict.Count <= chronic.Count);
            Assert.All(strict, r => Assert.True(r.Prop<decimal>("Rate") >= 0.20m));
            Assert.All(fractional, r => Assert.Equal("Fractional", r.Prop<string>("Rule")));
            Assert.Equal(all.Count, fractional.Count);
        }
    }

    [Fact]
    public void AsOf_limits_the_days_counted()
    {
        using var s = WholeYear(out var clock);
        using (clock)
        {
            var rows = s.Run("Get-ChronicAbsenteeism -School 'Pine Middle' -AsOf 2025-09-30").ShouldSucceed().Output;
            Assert.All(rows, r => Assert.Equal(new DateTime(2025, 9, 30), r.Prop<DateTime>("To")));
            Assert.All(rows, r => Assert.True(r.Prop<int>("EnrolledDays") <= 31));
        }
    }

    [Fact]
    public void An_unknown_rule_is_a_binding_error()
    {
        using var s = new PsSession();
        var r = s.Run("Get-ChronicAbsenteeism -Rule Weekly");
        Assert.StartsWith("ParameterArgumentValidationError", r.ErrorId, StringComparison.Ordinal);
    }
}
