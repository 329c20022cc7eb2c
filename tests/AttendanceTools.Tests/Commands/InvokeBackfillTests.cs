using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Invoke-Backfill (step 3) on the demo district: the three steps end where Validate does.</summary>
public sealed class InvokeBackfillTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void The_three_steps_end_in_the_state_Validate_reaches()
    {
        using var steps = new BackfillSession(demo, "steps.db");
        steps.Run($"Clear-Backfill -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        steps.Run($"Update-BackfillAggregation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        var applied = steps.Run($"Invoke-Backfill -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.All(applied, o => Assert.Contains(o.Prop<string>("Reason"), new[] { "NeverApplied", "Unchanged" }));
        Assert.Equal(steps.Scalar("SELECT COUNT(*) FROM BackfillMove"), applied.Sum(o => o.Prop<long>("MovesInserted")));

        using var validate = new BackfillSession(demo, "validate.db");
        validate.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        Assert.Equal(validate.Moves(), steps.Moves());

        var again = steps.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.All(again, o => Assert.Equal("Unchanged", o.Prop<string>("Reason")));
    }

    [Fact]
    public void Without_aggregates_class_minutes_are_zero_and_a_later_refresh_is_picked_up()
    {
        using var b = new BackfillSession(demo);
        var before = b.Run($"Invoke-Backfill -School 401 {AsOf} -Preview").ShouldSucceed().Output;
        Assert.All(before, o => Assert.True(o.Prop<bool>("IsPreview")));
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM BackfillMove"));
        b.Run($"Update-BackfillAggregation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        var after = b.Run($"Invoke-Backfill -School 401 {AsOf} -Preview").ShouldSucceed().Output;
        Assert.True(after.Sum(o => o.Prop<int>("ClaimableMinutes")) > before.Sum(o => o.Prop<int>("ClaimableMinutes")));
    }
}
