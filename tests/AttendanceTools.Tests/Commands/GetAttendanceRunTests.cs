using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceRunTests : IDisposable
{
    private readonly PsSession _s = new();

    public GetAttendanceRunTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    private List<long> Ids(string script, Dictionary<string, object?>? vars = null)
        => _s.Run(script, vars).ShouldSucceed().Output.Select(o => o.Prop<long>("RunId")).ToList();

    [Fact]
    public void The_whole_log_newest_first_with_who_when_scope_counts_status_and_duration()
    {
        var runs = _s.Run("Get-AttendanceRun").ShouldSucceed().Output;
        Assert.Equal([4L, 3, 2, 1], runs.Select(o => o.Prop<long>("RunId")));
        Assert.All(runs, o => Assert.Equal("AttendanceTools.Engine.Storage.RunInfo", o.TypeName()));
        var refresh = runs[2];
        Assert.Equal(("AggregationRefresh", "Washington High REG 2025-26", "alice", "Succeeded", 10L, 2L, 1L),
            (refresh.Prop<string>("Operation"), refresh.Prop<string>("Scope"), refresh.Prop<string>("StartedBy"), refresh.Prop<string>("Status"),
             refresh.Prop<long>("Inserted"), refresh.Prop<long>("Updated"), refresh.Prop<long>("Deleted")));
        Assert.Equal(TimeSpan.FromSeconds(75.5), refresh.Prop<TimeSpan>("Duration"));
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 3, 45, 0, TimeSpan.Zero), refresh.Prop<DateTimeOffset>("StartedAt"));
    }

    [Fact]
    public void Operation_since_and_newest()
    {
        Assert.Equal([3L, 2], Ids("Get-AttendanceRun -Operation 'aggregation*'"));
        Assert.Equal([3L], Ids("Get-AttendanceRun -Operation Aggregation* -Newest 1"));
        Assert.Equal([4L, 3], Ids("Get-AttendanceRun -Since $t", new() { ["t"] = new DateTime(2025, 10, 2, 0, 0, 0, DateTimeKind.Utc) }));
    }

    [Fact]
    public void Run_ids_by_position_and_not_found()
    {
        var r = _s.Run("Get-AttendanceRun 2, 99");
        Assert.Equal([2L], r.Output.Select(o => o.Prop<long>("RunId")));
        var e = Assert.Single(r.Errors);
        Assert.Equal(("RunNotFound,AttendanceTools.Commands.GetAttendanceRunCommand", ErrorCategory.ObjectNotFound, 99L),
            (e.FullyQualifiedErrorId, e.CategoryInfo.Category, e.TargetObject));
    }

    [Fact]
    public void Objects_with_a_RunId_pipe_in_and_those_without_one_are_skipped()
        // S1003's ENG9-1 record was written by run 4; the MATH-2 one by no run.
        => Assert.Equal([4L], Ids("Get-AttendanceRecord -Kind Meeting -StudentId S1003 | Get-AttendanceRun"));

    [Fact]
    public void Newest_must_be_positive()
        => Assert.StartsWith("ParameterArgumentValidationError", _s.Run("Get-AttendanceRun -Newest 0").ErrorId, StringComparison.Ordinal);
}
