using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Aggregation;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Reliability;

/// <summary>
/// The engine's one write protocol under concurrency, made deterministic with the protocol's named
/// write points: a run pauses at a point (only on its own thread) while the test acts, then goes on.
/// Every test that sets <see cref="WritePoints.Reached"/> is in this class, so none replaces another's.
/// </summary>
public sealed partial class WriteProtocolTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    public WriteProtocolTests() => WritePoints.Reached = null;

    public void Dispose() => WritePoints.Reached = null;

    private static TempStore ImportedFixture(string provider = StoreProviders.Sqlite)
    {
        var t = new TempStore(provider: provider);
        using var p = new PackageFolder();
        ImportRun.Import(t.Store, p.Path);
        return t;
    }

    /// <summary>Makes the run on the current thread stop at <paramref name="point"/> until <see cref="Pause.Resume"/>.</summary>
    private sealed class Pause
    {
        private readonly ManualResetEventSlim _reached = new(), _resume = new();
        private int _thread;

        public Pause(string point, Action? atPoint = null)
            => WritePoints.Reached = (_, p) =>
            {
                if (p != point || Environment.CurrentManagedThreadId != Volatile.Read(ref _thread)) return;
                atPoint?.Invoke();
                _reached.Set();
                _resume.Wait(Guard);
            };

        /// <summary>Runs <paramref name="work"/> on a thread of its own, which is the one that pauses.</summary>
        public Task<T> Start<T>(Func<T> work)
        {
            var task = new TaskCompletionSource<T>();
            var thread = new Thread(() =>
            {
                Volatile.Write(ref _thread, Environment.CurrentManagedThreadId);
                try { task.SetResult(work()); }
                catch (Exception ex) { task.SetException(ex); }
            });
            thread.Start();
            return task.Task;
        }

        public void WaitUntilReached() => Assert.True(_reached.Wait(Guard), "The run never reached the write point.");

        public void Resume() => _resume.Set();
    }

    private sealed class Recorder : IOperationObserver
    {
        public readonly ManualResetEventSlim WaitingForLease = new();
        public readonly List<string> Verbose = [], Warnings = [];
        public void Progress(ProgressInfo progress) { }
        void IOperationObserver.Verbose(string message)
        {
            lock (Verbose) Verbose.Add(message);
            if (message.StartsWith("Waiting for the 'Store' lease", StringComparison.Ordinal)) WaitingForLease.Set();
        }
        public void Warning(string id, string message) { lock (Warnings) Warnings.Add($"{id}: {message}"); }
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public async Task Two_imports_at_once_are_serialised_and_the_second_refuses_its_stale_counts_leaving_the_first_package_exactly(string provider)
    {
        using var t = ImportedFixture(provider);
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);   // deletes stu-1002's mark
        using var b = new PackageFolder().RemoveLine("dailyAttendance.csv", 2);   // deletes stu-1001's mark
        var planA = ImportRun.Plan(t.Store, a.Path);
        var planB = ImportRun.Plan(t.Store, b.Path);
        var pause = new Pause(WritePoints.LeaseTaken);
        var recorder = new Recorder();

        var first = pause.Start(() => DistrictImport.Apply(planA, NullObserver.Instance, CancellationToken.None));
        pause.WaitUntilReached();
        var second = Task.Run(() => DistrictImport.Apply(planB, recorder, CancellationToken.None));
        Assert.True(recorder.WaitingForLease.Wait(Guard), "The second import never waited for the lease.");
        pause.Resume();

        var resultA = await first;
        var ex = await Assert.ThrowsAsync<AttendanceException>(() => second);

        Assert.Equal((0L, 0L, 1L), (resultA.Inserted, resultA.Updated, resultA.Deleted));
        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal(FailureKind.Busy, ex.Kind);
        Assert.Equal($"The store '{t.Store.Location}' changed after this Import run was planned (Import run {resultA.RunId} by {Environment.UserName} on {RunLog.CurrentHost}). " +
                     "Planned again, it would now write 1 insert, 0 updates, 1 delete instead of the 0 inserts, 0 updates, 1 delete confirmed. Nothing was written.", ex.Message);
        Assert.Contains(recorder.Verbose, v => v.StartsWith("The store changed after this Import run was planned", StringComparison.Ordinal));
        // The store is package A exactly: planning A again finds nothing to do, and the run log has A's run only.
        Assert.False(ImportRun.Plan(t.Store, a.Path).HasChanges);
        using var c = t.Store.OpenConnection();
        Assert.Equal([resultA.RunId, 1L], RunLog.Read(c, "Import").Select(r => r.RunId));
        Assert.Equal(0L, c.ScalarLong("SELECT COUNT(*) FROM Lease"));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void A_stale_import_whose_new_counts_are_confirmed_writes_the_second_package_exactly(string provider)
    {
        using var t = ImportedFixture(provider);
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        using var b = new PackageFolder().RemoveLine("dailyAttendance.csv", 2);
        var planB = ImportRun.Plan(t.Store, b.Path);
        ImportRun.Import(t.Store, a.Path);
        var asked = new List<string>();
        var recorder = new Recorder();

        var result = DistrictImport.Apply(planB, recorder, CancellationToken.None, replanned => { asked.Add(replanned.WhatIfText()); return true; });

        Assert.Equal((1L, 0L, 1L), (result.Inserted, result.Updated, result.Deleted));
        Assert.Single(asked);
        Assert.StartsWith("Import 19 files from", asked[0], StringComparison.Ordinal);
        Assert.Equal(["StoreChangedSincePlan: The store changed after this Import run was planned; planned again, it writes 1 insert, 0 updates, 1 delete instead of 0 inserts, 0 updates, 1 delete."],
            recorder.Warnings);
        Assert.False(ImportRun.Plan(t.Store, b.Path).HasChanges);
    }

    [Fact]
    public void A_re_plan_with_the_same_counts_is_written_without_asking()
    {
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var plan = ImportRun.Plan(t.Store, a.Path);
        // Another run lands in between, changing nothing the import covers.
        using (var c = t.Store.OpenConnection())
            RunLog.Write(c, null!, new RunInfo { Operation = "Other", Scope = "test", StartedBy = "x", Host = "y", StartedAt = t.Clock.GetUtcNow(), FinishedAt = t.Clock.GetUtcNow() });
        var recorder = new Recorder();

        var result = DistrictImport.Apply(plan, recorder, CancellationToken.None, _ => throw new InvalidOperationException("must not ask"));

        Assert.Equal((0L, 0L, 1L), (result.Inserted, result.Updated, result.Deleted));
        Assert.Contains("Planned again: the same counts (0 inserts, 0 updates, 1 delete).", recorder.Verbose);
        Assert.Empty(recorder.Warnings);
    }

    [Fact]
    public async Task A_reader_during_a_refresh_sees_the_old_state_until_the_commit_and_then_the_new_one()
    {
        using var t = new TempStore(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero));
        DistrictStore.BulkLoad(t.Store, JeffersonDistrict.Build(), NullObserver.Instance, default);
        var request = new AggregationRequest { Selectors = [new CalendarSelector(["REG"], [], [])] };
        var plan = AggregationOperation.Plan(t.Store, request, NullObserver.Instance, default);
        var seen = new List<(long Rows, long Leases, int Query)>();
        long Rows() { using var c = t.Store.OpenConnection(); return c.ScalarLong("SELECT COUNT(*) FROM DayAggregate"); }
        long Leases() { using var c = t.Store.OpenConnection(); return c.ScalarLong("SELECT COUNT(*) FROM Lease"); }
        int Query() => AggregationQueries.Read(t.Store, new AggregateFilter { Calendars = ["REG"], SchoolYears = [2026] }).Count();
        var pause = new Pause(WritePoints.BeforeCommit, () => seen.Add((Rows(), Leases(), Query())));

        var run = pause.Start(() => AggregationOperation.Apply(t.Store, plan, null, NullObserver.Instance, default));
        pause.WaitUntilReached();
        pause.Resume();
        var results = await run;

        var written = results.Sum(r => r.Inserted);
        Assert.True(written > 0);
        // Mid-transaction, with every row written: another connection reads the old store (no rows), the lease still held.
        Assert.Equal([(0L, 1L, 0)], seen);
        Assert.Equal(written, Rows());
        Assert.Equal(written, Query());
        Assert.Equal(0L, Leases());
    }

    [Fact]
    public async Task The_lease_goes_in_the_commit_so_nothing_is_left_after_the_commit()
    {
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var plan = ImportRun.Plan(t.Store, a.Path);
        var atCommit = new List<(long Leases, long Runs)>();
        var pause = new Pause(WritePoints.AfterCommit, () =>
        {
            using var c = t.Store.OpenConnection();
            atCommit.Add((c.ScalarLong("SELECT COUNT(*) FROM Lease"), c.ScalarLong("SELECT COUNT(*) FROM RunLog WHERE Operation = 'Import'")));
        });

        var run = pause.Start(() => DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None));
        pause.WaitUntilReached();
        pause.Resume();
        await run;

        Assert.Equal([(0L, 2L)], atCommit);
    }

    [Fact]
    public async Task A_run_whose_lease_was_taken_over_while_it_waited_fails_with_LeaseLost_and_writes_nothing()
    {
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var plan = ImportRun.Plan(t.Store, a.Path);
        var before = DistrictStore.Read(t.Store, CancellationToken.None);
        var pause = new Pause(WritePoints.LeaseTaken, () =>
        {
            using var c = t.Store.OpenConnection();
            c.Execute("UPDATE Lease SET Token = 'someone-else', Holder = 'other'");
        });

        var run = pause.Start(() => DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None));
        pause.WaitUntilReached();
        pause.Resume();
        var ex = await Assert.ThrowsAsync<AttendanceException>(() => run);

        Assert.Equal("LeaseLost", ex.ErrorId);
        DistrictAssert.Equal(before, DistrictStore.Read(t.Store, CancellationToken.None));
    }

    [Fact]
    public void A_lease_of_this_process_that_no_run_holds_any_more_is_taken_over_with_a_warning()
    {
        // A long-lived host (an Automation worker, a test host) whose earlier run could not delete its lease row:
        // the process is alive, but no lease object of it holds that token.
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES ('Store', 'earlier-run', @h, @p, @at, @exp, 'left-behind')", null,
                ("h", RunLog.CurrentHost), ("p", Environment.ProcessId), ("at", DbValue.Timestamp(t.Clock.GetUtcNow())),
                ("exp", DbValue.Timestamp(t.Clock.GetUtcNow().AddMinutes(2))));
        var recorder = new Recorder();

        var result = DistrictImport.Apply(ImportRun.Plan(t.Store, a.Path), recorder, CancellationToken.None);

        Assert.Equal(1L, result.Deleted);
        var warning = Assert.Single(recorder.Warnings);
        Assert.Equal($"LeaseTakenOver: Took over the 'Store' lease of earlier-run on {RunLog.CurrentHost}: it was left behind by a run of this process that has ended " +
                     $"(it held the lease since {t.Clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC).", warning);
        using (var c = t.Store.OpenConnection())
            Assert.Equal(0L, c.ScalarLong("SELECT COUNT(*) FROM Lease", null));
    }

    [Fact]
    public void A_lease_left_by_a_dead_process_on_this_host_is_taken_over_with_a_warning()
    {
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        var dead = DeadProcessId();
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES ('Store', 'crashed', @h, @p, @at, @exp, 'old')", null,
                ("h", $"{Environment.MachineName} (pid {dead})"), ("p", dead), ("at", DbValue.Timestamp(t.Clock.GetUtcNow())),
                ("exp", DbValue.Timestamp(t.Clock.GetUtcNow().AddHours(2))));
        var recorder = new Recorder();

        var result = DistrictImport.Apply(ImportRun.Plan(t.Store, a.Path), recorder, CancellationToken.None);

        Assert.Equal(1L, result.Deleted);
        var warning = Assert.Single(recorder.Warnings);
        Assert.Equal($"LeaseTakenOver: Took over the 'Store' lease of crashed on {Environment.MachineName} (pid {dead}): that process no longer runs on this host " +
                     $"(it held the lease since {t.Clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC).", warning);
    }

    /// <summary>An observer like a cmdlet run with -WarningAction Stop: the first warning stops the run.</summary>
    private sealed class StopOnWarning : IOperationObserver
    {
        public void Progress(ProgressInfo progress) { }
        public void Verbose(string message) { }
        public void Warning(string id, string message) => throw new OperationCanceledException($"Stopped at the warning {id}.");
    }

    [Fact]
    public void A_run_stopped_by_its_take_over_warning_leaves_no_lease_of_its_own_behind()
    {
        // The cause of the lease rows of this very process that no run held (HolderProcess.IsGone's same-process rule):
        // the take-over committed the new lease row, then the warning threw before any lease object owned that row.
        using var t = ImportedFixture();
        var dead = DeadProcessId();
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES ('Store', 'crashed', @h, @p, @at, @exp, 'old')", null,
                ("h", $"{Environment.MachineName} (pid {dead})"), ("p", dead), ("at", DbValue.Timestamp(t.Clock.GetUtcNow())),
                ("exp", DbValue.Timestamp(t.Clock.GetUtcNow().AddHours(2))));
        var wrote = false;

        var ex = Assert.Throws<OperationCanceledException>(() => WriteProtocol.Apply(t.Store, "Test", null, _ => wrote = true, new StopOnWarning(), CancellationToken.None));

        Assert.Equal("Stopped at the warning LeaseTakenOver.", ex.Message);
        Assert.False(wrote);
        using (var c = t.Store.OpenConnection())
            Assert.Equal(0L, c.ScalarLong("SELECT COUNT(*) FROM Lease", null));
        // The next run finds nothing to take over: no warning.
        var recorder = new Recorder();
        Assert.True(WriteProtocol.Apply(t.Store, "Test", null, _ => true, recorder, CancellationToken.None));
        Assert.Empty(recorder.Warnings);
    }

    [Fact]
    public void A_live_lease_of_another_host_is_waited_for_and_then_refused_naming_the_holder_and_the_way_out()
    {
        using var t = ImportedFixture();
        using var a = new PackageFolder().RemoveLine("dailyAttendance.csv", 3);
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES ('Store', 'ann', 'SIS-APP02 (pid 7)', 7, @at, @exp, 'x')", null,
                ("at", DbValue.Timestamp(t.Clock.GetUtcNow())), ("exp", DbValue.Timestamp(t.Clock.GetUtcNow().AddMinutes(2))));
        var plan = ImportRun.Plan(t.Store, a.Path);

        var ex = Assert.Throws<AttendanceException>(() => WriteProtocol.Apply(t.Store, new WriteSteps<ImportPlan>
        {
            Operation = "Import", StampOf = _ => default, CountsOf = _ => "", LeaseWait = TimeSpan.Zero,
        }, plan, (_, _) => 0, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("LeaseHeld", ex.ErrorId);
        Assert.Equal("Another run holds the 'Store' lease: ann on SIS-APP02 (pid 7) since 2025-10-15 03:45:00 UTC (expires 03:47:00 UTC unless that run renews it).", ex.Message);
        Assert.Equal("Wait for that run to finish and try again. If that host or process is gone for good, clear the lease with Remove-AttendanceLease -Force.", ex.RecommendedAction);
    }

    [Fact]
    public void A_stale_plan_with_no_re_plan_is_refused_and_writes_nothing()
    {
        using var t = ImportedFixture();
        var stamp = StoreStamp.Read(t.Store);
        ImportRun.Import(t.Store, new PackageFolder().RemoveLine("dailyAttendance.csv", 3).Path);
        var wrote = false;

        var ex = Assert.Throws<AttendanceException>(() => WriteProtocol.Apply(t.Store, new WriteSteps<StoreStamp>
        {
            Operation = "Backfill", StampOf = s => s, CountsOf = _ => "1 move",
        }, stamp, (_, _) => wrote = true, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.EndsWith("changed after this Backfill run was planned (Import run 2 by " + Environment.UserName + " on " + RunLog.CurrentHost + "). Nothing was written.", ex.Message);
        Assert.False(wrote);
        using var c = t.Store.OpenConnection();
        Assert.Equal(0L, c.ScalarLong("SELECT COUNT(*) FROM Lease"));
    }

    private static int DeadProcessId()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", "-c true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
