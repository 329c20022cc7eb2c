using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class RunQueryTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<AttendanceException> _errors = [];

    public RunQueryTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private List<long> Ids(RunFilter filter) => RunQuery.Find(_t.Store, filter, _errors.Add).Select(r => r.RunId).ToList();

    [Fact]
    public void Every_run_newest_first_with_who_when_counts_and_duration()
    {
        var runs = RunQuery.Find(_t.Store, new RunFilter()).ToList();
        Assert.Equal([4L, 3, 2, 1], runs.Select(r => r.RunId));
        var refresh = runs[2];
        Assert.Equal(("AggregationRefresh", "Washington High REG 2025-26", "alice", "host1", "Succeeded"),
            (refresh.Operation, refresh.Scope, refresh.StartedBy, refresh.Host, refresh.Status));
        Assert.Equal((10L, 2L, 1L, 50L), (refresh.Inserted, refresh.Updated, refresh.Deleted, refresh.Unchanged));
        Assert.Equal(TimeSpan.FromMilliseconds(75_500), refresh.Duration);
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 3, 45, 0, TimeSpan.Zero), refresh.StartedAt);
        Assert.Equal(["PeriodTimesMissing"], refresh.Warnings);
        Assert.Equal("bridge-4", runs[0].UndoRef);
    }

    [Fact]
    public void Operation_since_and_newest_narrow_the_log()
    {
        Assert.Equal([3L, 2], Ids(new RunFilter { Operations = ["aggregation*"] }));
        Assert.Equal([4L, 3], Ids(new RunFilter { Since = new DateTimeOffset(2025, 10, 2, 0, 0, 0, TimeSpan.Zero) }));
        // An instant in another offset is the same instant: 2025-10-01 22:00 at -07:00 is 10-02 05:00 UTC.
        Assert.Equal([4L], Ids(new RunFilter { Since = new DateTimeOffset(2025, 10, 1, 22, 0, 0, TimeSpan.FromHours(-7)) }));
        Assert.Equal([4L, 3], Ids(new RunFilter { Newest = 2 }));
        Assert.Equal([3L], Ids(new RunFilter { Operations = ["Aggregation*"], Newest = 1 }));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Run_ids_that_select_nothing_are_reported()
    {
        Assert.Equal([2L], Ids(new RunFilter { RunIds = [99, 2] }));
        Assert.Empty(Ids(new RunFilter { RunIds = [1], Operations = ["Bridge*"] }));
        Assert.Equal([("RunNotFound", 99L), ("RunNotFound", 1L)], _errors.Select(e => (e.ErrorId, (long)e.Target!)));
        Assert.Contains("among the runs selected", _errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_the_run_log_writer_recorded_is_read_back()
    {
        using (var c = _t.Store.OpenConnection())
        using (var tx = c.BeginTransaction())
        {
            RunLog.Write(c, tx, new RunInfo
            {
                Operation = "Backfill", Scope = "Rio Continuation 2025-26", StartedBy = "carol", Host = "h",
                StartedAt = new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2025, 11, 3, 9, 0, 12, TimeSpan.Zero),
                Inserted = 3, Warnings = ["WorkExperienceIgnored"],
            });
            tx.Commit();
        }
        var run = RunQuery.Find(_t.Store, new RunFilter { Newest = 1 }).Single();
        Assert.Equal((5L, "Backfill", TimeSpan.FromSeconds(12), 3L), (run.RunId, run.Operation, run.Duration, run.Inserted));
    }

    [Fact]
    public void Negative_newest_is_refused()
        => Assert.Equal("NewestInvalid", Assert.Throws<AttendanceException>(() => RunQuery.Find(_t.Store, new RunFilter { Newest = -1 })).ErrorId);
}
