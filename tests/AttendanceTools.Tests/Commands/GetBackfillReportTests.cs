using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-BackfillReport on the demo district: per student-week rows, hours and minutes, domain §5.6 identities.</summary>
public sealed class GetBackfillReportTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Lists_window_weeks_with_hours_minutes_and_ADA_days()
    {
        using var b = new BackfillSession(demo);
        b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        var rows = b.Run($"Get-BackfillReport -School 401 {AsOf}").ShouldSucceed().Output;

        Assert.NotEmpty(rows);
        Assert.All(rows, o =>
        {
            Assert.Equal("AttendanceTools.Engine.Backfill.BackfillWeekReport", o.TypeName());
            var week = o.Prop<DateTime>("Week");
            Assert.Equal((DayOfWeek.Monday, TimeSpan.Zero), (week.DayOfWeek, week.TimeOfDay));
            Assert.InRange(week, new DateTime(2025, 8, 18), new DateTime(2025, 12, 15));
            Assert.Equal(o.Prop<int>("CountableMinutes") - o.Prop<int>("FrozenOutMinutes") + o.Prop<int>("MovedInMinutes") - o.Prop<int>("MovedOutMinutes"), o.Prop<int>("PostTotalMinutes"));
            Assert.Equal(Math.Min(o.Prop<int>("PostTotalMinutes"), o.Prop<int>("TargetMinutes")), o.Prop<int>("ClaimableMinutes"));
            Assert.Equal(180 * o.Prop<int>("Days"), o.Prop<int>("TargetMinutes"));
            Assert.Equal(o.Prop<int>("ClaimableMinutes") / 60m, o.Prop<decimal>("Claimable"));
            Assert.Equal(o.Prop<int>("ClaimableMinutes") / 180m, o.Prop<decimal>("AdaDays"));
        });
        // The report's claimable minutes per student are the validation's.
        var results = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Preview").ShouldSucceed().Output;
        foreach (var r in results)
            Assert.Equal(r.Prop<int>("ClaimableMinutes"), rows.Where(o => o.Prop<string>("Student") == r.Prop<string>("Student")).Sum(o => o.Prop<int>("ClaimableMinutes")));
        Assert.Equal(rows.Sum(o => o.Prop<int>("MovedInMinutes")), rows.Sum(o => o.Prop<int>("MovedOutMinutes")));
    }

    [Fact]
    public void A_school_without_backfill_is_an_error()
    {
        using var b = new BackfillSession(demo);
        var r = b.Run($"Get-BackfillReport -School 101 {AsOf}");
        Assert.Empty(r.Output);
        Assert.StartsWith("BackfillNotEnabled", Assert.Single(r.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
