using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Update-BackfillAggregation (step 2) on the demo district.</summary>
public sealed class UpdateBackfillAggregationTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Refreshes_the_CE_students_aggregates_on_the_window_dates_and_a_second_run_writes_nothing()
    {
        using var b = new BackfillSession(demo);
        Assert.Empty(b.Run($"Update-BackfillAggregation -School 401 {AsOf} -WhatIf").ShouldSucceed().Output);
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM DayAggregate"));

        var first = b.Run($"Update-BackfillAggregation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.All(first, o => Assert.Equal(("AttendanceTools.Engine.Aggregation.AggregationRefreshResult", "Redwood Continuation High", "Manual"),
            (o.TypeName(), o.Prop<string>("School"), o.Prop<string>("Mode"))));
        var inserted = first.Sum(o => o.Prop<long>("Inserted"));
        Assert.True(inserted > 0);
        Assert.Equal(inserted, b.Scalar("SELECT COUNT(*) FROM DayAggregate"));
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM DayAggregate WHERE Date < 20250821 OR Date > 20251219"));
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM BackfillMove"));

        var second = b.Run($"Update-BackfillAggregation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.Equal(0, second.Sum(o => o.Prop<long>("Inserted") + o.Prop<long>("Updated") + o.Prop<long>("Deleted")));
        Assert.Equal(inserted, second.Sum(o => o.Prop<long>("Unchanged")));
    }
}
