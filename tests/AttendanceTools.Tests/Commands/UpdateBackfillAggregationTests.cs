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

    [Fact]
    public void One_CE_student_is_refreshed_on_its_own_and_only_its_rows_are_written()
    {
        using var b = new BackfillSession(demo);
        var student = b.Rows("SELECT s.StudentUniqueId FROM StudentProgramAssociation a JOIN Student s ON s.StudentRef = a.StudentRef " +
                             "JOIN Program p ON p.ProgramRef = a.ProgramRef JOIN School sc ON sc.SchoolRef = p.SchoolRef WHERE sc.SchoolId = '401' ORDER BY s.StudentUniqueId LIMIT 1")[0];
        // The Aggregate step plans no moves, so the student must not be reported as outside the program.
        var r = b.Run($"Update-BackfillAggregation -School 401 -Student {student} {AsOf} -Confirm:$false").ShouldSucceed();
        var inserted = r.Output.Sum(o => o.Prop<long>("Inserted"));
        Assert.True(inserted > 0);
        Assert.Equal(new[] { student }, b.Rows("SELECT DISTINCT s.StudentUniqueId FROM DayAggregate d JOIN Student s ON s.StudentRef = d.StudentRef"));
        Assert.Equal(inserted, b.Scalar("SELECT COUNT(*) FROM DayAggregate"));
    }
}
