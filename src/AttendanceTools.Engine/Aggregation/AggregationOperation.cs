using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// The day-aggregation refresh (domain §7): plan (read-only: scope, load, compute, diff), then
/// apply (guard, lease, one transaction, run log, nightly bookkeeping).
/// </summary>
public static partial class AggregationOperation
{
    public const string OperationName = "Aggregation";
    private const string Activity = "Update attendance aggregation";

    public static AggregationPlan Plan(AttendanceStore store, AggregationRequest request, IOperationObserver observer, CancellationToken ct)
    {
        var outline = Prepare(store, request, observer);
        var failures = new List<AttendanceException>(outline.Failures);
        if (outline.SkippedForMaintenance)
            return new AggregationPlan { Request = request, Mode = outline.Mode, Calendars = [], Failures = failures, SkippedForMaintenance = true, LastRunId = outline.LastRunId };

        var plans = new List<CalendarPlan>();
        var clock = Stopwatch.StartNew();
        var done = 0;
        foreach (var group in PlanInParallel(store, outline.Groups, outline.Context, int.MaxValue, Environment.ProcessorCount, callerHelps: false, ct))
        {
            foreach (var (plan, failure) in group)
            {
                if (plan is not null) plans.Add(plan);
                if (failure is not null) failures.Add(failure);
            }
            done += group.Count;
            observer.Progress(new ProgressInfo
            {
                Id = 1, Activity = Activity, Status = $"Computed {group[0].Plan?.Calendar.School ?? "a school"} — {Text.Progress(done, outline.CalendarCount, "calendar", clock.Elapsed)}",
                PercentComplete = done * 100 / Math.Max(1, outline.CalendarCount),
            });
        }
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Planned", Completed = true });
        observer.Verbose($"Planned {Text.Count(plans.Count, "calendar")} in {Text.Duration(clock.Elapsed)}: " +
                         $"{Text.Number(plans.Sum(p => p.Changes.Total))} rows to write, {Text.Number(plans.Sum(p => p.Changes.Unchanged))} unchanged.");
        return new AggregationPlan
        {
            Request = request, Mode = outline.Mode, Calendars = [.. plans.OrderBy(p => outline.DisplayOrder[p.Calendar.CalendarRef])], Failures = failures,
            ChangeSeq = outline.ChangeSeq, LastRunId = outline.LastRunId, Stamp = outline.Stamp,
        };
    }

    /// <summary>
    /// Plans and writes in one pass, for runs whose counts nobody confirms before they are written (the scheduled
    /// nightly job, a runbook's refresh): workers compute the calendars, school by school, while this thread writes
    /// each one as it arrives, in key order, inside one transaction — computing and writing overlap. The rows
    /// written are exactly those <see cref="Plan"/> + <see cref="Apply"/> would write. With
    /// <see cref="AggregationRequest.MaxChangePercent"/> the guard needs every count first, so the run plans, then applies.
    /// </summary>
    public static AggregationRun Run(AttendanceStore store, AggregationRequest request, IOperationObserver observer, CancellationToken ct)
    {
        if (request.MaxChangePercent is not null)
        {
            var plan = Plan(store, request, observer, ct);
            return new AggregationRun { Results = Apply(store, plan, null, observer, ct), Failures = plan.Failures, SkippedForMaintenance = plan.SkippedForMaintenance };
        }
        var outline = Prepare(store, request, observer);
        if (outline.SkippedForMaintenance) return new AggregationRun { Results = [], Failures = outline.Failures, SkippedForMaintenance = true };
        // Nothing resolved (an unknown year or school): no run to log, as with Plan + Apply.
        if (outline.CalendarCount == 0) return new AggregationRun { Results = [], Failures = outline.Failures };
        var failures = new List<AttendanceException>();
        var results = WriteProtocol.Apply(store, new WriteSteps<Outline>
        {
            Operation = OperationName, StampOf = o => o.Stamp, LockToken = request.LockToken, LeaseWait = request.LeaseWait,
            // Nobody saw counts before this run: a re-plan (the store changed before the transaction) needs no confirmation.
            CountsOf = o => $"{Text.Count(o.CalendarCount, "calendar")}, computed while written",
            Replan = _ => Prepare(store, request, observer),
        }, outline, (tx, o) =>
        {
            failures.Clear();
            failures.AddRange(o.Failures);
            return WriteWhileComputing(store, tx, o, failures, observer, ct);
        }, observer, ct);
        observer.Verbose($"Computed and wrote {Text.Count(results.Count, "calendar")} in one pass: workers computed while this run wrote.");
        return new AggregationRun { Results = results, Failures = failures };
    }

    /// <summary>What a run decides before it computes anything: the stamp, the clock, the calendars (grouped by school, in key order) and their bookkeeping.</summary>
    private sealed record Outline(AggregationMode Mode, List<AttendanceException> Failures, long LastRunId, StoreStamp Stamp, long ChangeSeq,
        PlanContext Context, List<List<CalendarInfo>> Groups, Dictionary<int, int> DisplayOrder, bool SkippedForMaintenance)
    {
        public int CalendarCount => DisplayOrder.Count;
    }

    private static Outline Prepare(AttendanceStore store, AggregationRequest request, IOperationObserver observer)
    {
        Lookups.CheckRange(request.From, request.To);
        using var c = store.OpenConnection();
        var mode = request.IsNightly ? AggregationMode.Nightly : AggregationMode.Manual;
        var failures = new List<AttendanceException>();
        var lastRunId = c.ScalarLong("SELECT COALESCE(MAX(RunId), 0) FROM RunLog WHERE Operation = @op", null, ("op", OperationName));
        if (mode == AggregationMode.Nightly && MaintenanceLockCheck.Read(c) is { DisableScheduledTasks: true })
            return new Outline(mode, failures, lastRunId, default, 0, null!, [], [], SkippedForMaintenance: true);

        var stamp = StoreStamp.Read(c);
        var localNow = DistrictClock.LocalNow(store, c, request.AsOf, observer);
        var changeSeq = ChangeRegions.LatestSeq(c);
        var students = ResolveStudents(c, request.Students, failures);
        var calendars = ResolveCalendars(store, c, request, students, failures);
        var states = ReadStates(c);
        // The nightly run widens its scope with the change log; a manual whole-calendar run reads it to skip calendars nothing touched.
        var regions = (mode == AggregationMode.Nightly || (request.CoversWholeCalendars && states.Values.Any(st => st.LastRunId == stamp.LastRunId))) && calendars.Count > 0
            ? ChangeRegions.Read(c, calendars.Min(cal => states.TryGetValue(cal.CalendarRef, out var s) ? s.Watermark : 0), changeSeq)
            : [];
        // Schools in the order of their calendars' keys, so a writer that takes them in turn appends to DayAggregate's
        // clustered key (CalendarRef, Date, StudentRef) instead of splitting pages in its middle.
        var groups = calendars.OrderBy(cal => cal.CalendarRef).GroupBy(cal => (cal.SchoolRef, cal.SchoolYearNumber)).Select(g => g.ToList()).ToList();
        var display = calendars.Select((cal, i) => (cal.CalendarRef, i)).ToDictionary(p => p.CalendarRef, p => p.i);
        return new Outline(mode, failures, lastRunId, stamp, changeSeq, new PlanContext(request, mode, localNow, students, states, regions, stamp.LastRunId), groups, display, false);
    }

    // LatestRunId: the newest run of any operation when planned (0: unknown, nothing is skipped).
    private sealed record PlanContext(AggregationRequest Request, AggregationMode Mode, DateTime LocalNow, IReadOnlyDictionary<string, int> Students,
        IReadOnlyDictionary<int, CalendarState> States, IReadOnlyList<ChangeRegion> Regions, long LatestRunId = 0);

    /// <summary>
    /// Plans school groups on <paramref name="workerCount"/> workers, each with its own (reading) connection, and yields them in order
    /// on the caller's thread, where progress is reported and (in <see cref="Run"/>) rows are written. At most
    /// <paramref name="window"/> groups are computed ahead of the caller, which bounds the memory a slow writer costs.
    /// With <paramref name="callerHelps"/>, a caller whose next group is not ready computes an unclaimed one itself
    /// (on a reading connection of its own) instead of waiting: a writer with much to write keeps its core for writing,
    /// one with little (a no-change or a nightly run) computes beside the workers.
    /// </summary>
    private static IEnumerable<List<(CalendarPlan? Plan, AttendanceException? Failure)>> PlanInParallel(AttendanceStore store,
        List<List<CalendarInfo>> groups, PlanContext context, int window, int workerCount, bool callerHelps, CancellationToken ct)
    {
        if (groups.Count == 0) yield break;
        var slots = groups.Select(_ => new TaskCompletionSource<List<(CalendarPlan?, AttendanceException?)>>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var ahead = new SemaphoreSlim(Math.Min(window, groups.Count));
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(workerCount, groups.Count)).Select(_ => Task.Run(() =>
        {
            using var c = store.OpenConnection();
            while (true)
            {
                try
                {
                    ahead.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var i = Interlocked.Increment(ref next);
                if (i >= groups.Count) return;
                Fill(i, c);
            }
        }, CancellationToken.None)).ToArray();
        DbConnection? own = null;
        try
        {
            foreach (var slot in slots)
            {
                while (callerHelps && !slot.Task.IsCompleted && ahead.Wait(0, CancellationToken.None))
                {
                    var j = Interlocked.Increment(ref next);
                    if (j >= groups.Count)
                    {
                        ahead.Release();
                        break;
                    }
                    Fill(j, own ??= store.OpenConnection());
                }
                yield return slot.Task.GetAwaiter().GetResult();
                ahead.Release();
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(workers, CancellationToken.None);
            own?.Dispose();
        }

        // Computes group i on connection c into its slot; a failure goes to the slot, where the caller meets it in order.
        void Fill(int i, DbConnection c)
        {
            try
            {
                stop.Token.ThrowIfCancellationRequested();
                slots[i].SetResult(PlanGroup(c, groups[i], context, stop.Token));
            }
            catch (Exception ex)
            {
                slots[i].SetException(ex);
            }
        }
    }

    /// <summary>
    /// One school's calendars of one year: each calendar's days and scope first, then the school's inputs once for
    /// all of them — only the whole days and the students its calendars' scopes name (<see cref="LoadScope"/>).
    /// </summary>
    private static List<(CalendarPlan?, AttendanceException?)> PlanGroup(DbConnection c, List<CalendarInfo> group, PlanContext x, CancellationToken ct)
    {
        var prepared = new List<(CalendarInfo Info, RawCalendar Raw, AggregationScope Scope, DateOnly Cutoff)>();
        foreach (var cal in group)
        {
            var cutoff = x.Mode == AggregationMode.Nightly ? Cutoff.Nightly(x.LocalNow) : Cutoff.Manual(x.LocalNow, cal.LastDay);
            if (x.Request.To is { } to && to < cutoff) cutoff = to;
            var raw = AggregationLoader.LoadCalendar(c, cal.CalendarRef, cal.ToString(), cal.SchoolYearNumber, Reach(x, cal, DbValue.Date(cutoff)));
            prepared.Add((cal, raw, BuildScope(x.Request, x.Mode, raw, cal, cutoff, x.Students, x.States, x.Regions), cutoff));
        }
        var results = new List<(CalendarPlan?, AttendanceException?)>();
        foreach (var p in prepared.Where(p => UnchangedSinceLastRun(c, x, p.Info, p.Raw, p.Cutoff)).ToList())
        {
            results.Add((Skipped(c, p.Info, p.Scope, p.Cutoff, x.Mode), null));
            prepared.Remove(p);
        }
        var loads = prepared.Where(p => !p.Scope.IsEmpty)
            .ToDictionary(p => p.Info.CalendarRef, p => LoadScope.For(p.Scope, p.Raw.ScopeDates));
        var school = loads.Count == 0 ? null : AggregationLoader.LoadSchool(c, group[0].SchoolRef, group[0].SchoolYearNumber, LoadScope.Union(loads.Values));
        foreach (var (info, raw, scope, cutoff) in prepared)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var load = loads.GetValueOrDefault(info.CalendarRef);
                var withEnrollments = load is null ? raw : raw.WithEnrollments(AggregationLoader.LoadEnrollments(c, info.CalendarRef, load));
                results.Add((PlanCalendar(c, info, withEnrollments, school, scope, load, cutoff, x.Mode, ct), null));
            }
            catch (AttendanceException ex)
            {
                results.Add((null, ex));
            }
        }
        // Key order, whichever calendars were skipped.
        return [.. results.OrderBy(r => r.Item1?.Calendar.CalendarRef ?? int.MaxValue)];
    }

    /// <summary>
    /// Writes the approved calendars' changes through the engine's <see cref="WriteProtocol"/> (lease, stale-plan
    /// check, one transaction) and returns one result per calendar. When another run changed the store after
    /// the plan, the refresh plans again; counts other than the approved ones are written only when
    /// <paramref name="confirmReplanned"/> (given the new plan) agrees, else the run is refused.
    /// </summary>
    public static IReadOnlyList<AggregationRefreshResult> Apply(AttendanceStore store, AggregationPlan plan, IReadOnlySet<string>? approvedTargets,
        IOperationObserver observer, CancellationToken ct, Func<AggregationPlan, bool>? confirmReplanned = null)
    {
        if (plan.SkippedForMaintenance) return [];
        List<CalendarPlan> Approved(AggregationPlan p) => p.Calendars.Where(c => approvedTargets is null || approvedTargets.Contains(c.Target)).ToList();
        return WriteProtocol.Apply(store, new WriteSteps<AggregationPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, LockToken = plan.Request.LockToken, LeaseWait = plan.Request.LeaseWait,
            CountsOf = p => Counts(Approved(p)),
            Replan = token => Plan(store, plan.Request, observer, token),
            ConfirmReplanned = confirmReplanned is null ? null : (_, replanned) => confirmReplanned(replanned),
        }, plan, (tx, p) => Write(store, tx, p, Approved(p), observer, ct), observer, ct);
    }

    private static string Counts(List<CalendarPlan> calendars) => $"{Text.Count(calendars.Count, "calendar")}: " +
        $"{Text.Count(calendars.Sum(c => (long)c.Changes.Inserts.Count), "insert")}, {Text.Count(calendars.Sum(c => (long)c.Changes.Updates.Count), "update")}, " +
        $"{Text.Count(calendars.Sum(c => (long)c.Changes.Deletes.Count), "delete")}";

    private static List<AggregationRefreshResult> Write(AttendanceStore store, WriteTransaction tx, AggregationPlan plan, List<CalendarPlan> calendars,
        IOperationObserver observer, CancellationToken ct)
    {
        ChangeGuard.Check("DayAggregate", calendars.Sum(p => (long)p.Changes.Existing), calendars.Sum(p => (long)p.Changes.Total), plan.Request.MaxChangePercent);
        var scope = Scope(plan.Request, plan.Mode, calendars.Select(p => p.Calendar));
        using var writer = new RefreshWriter(store, tx, plan.Request, plan.ChangeSeq, scope, calendars.Count, observer);
        // Key order (CalendarRef): appends to the clustered table; the results keep the plan's order.
        foreach (var cal in calendars.OrderBy(p => p.Calendar.CalendarRef)) writer.Write(cal, ct);
        var order = calendars.Select((p, i) => (p.Calendar.CalendarRef, i)).ToDictionary(p => p.CalendarRef, p => p.i);
        return writer.Complete(scope, order);
    }

    /// <summary><see cref="Run"/>'s write: each school's calendars are written as soon as a worker has computed them.</summary>
    private static List<AggregationRefreshResult> WriteWhileComputing(AttendanceStore store, WriteTransaction tx, Outline outline,
        List<AttendanceException> failures, IOperationObserver observer, CancellationToken ct)
    {
        var scope = Scope(outline.Context.Request, outline.Mode, outline.Groups.SelectMany(g => g).OrderBy(cal => outline.DisplayOrder[cal.CalendarRef]));
        using var writer = new RefreshWriter(store, tx, outline.Context.Request, outline.ChangeSeq, scope, outline.CalendarCount, observer);
        // Each worker reads through its own connection: it sees the store as committed when this transaction began
        // (the stamp the outline was checked against), and never the rows written here, which belong to other calendars.
        // A full load's writer writes the whole time, so it keeps a core of its own: one worker fewer than cores computes,
        // and this thread computes too whenever it would otherwise wait for the next school (little to write).
        foreach (var group in PlanInParallel(store, outline.Groups, outline.Context, 2 * Environment.ProcessorCount,
                     Math.Max(1, Environment.ProcessorCount - 1), callerHelps: true, ct))
            foreach (var (plan, failure) in group)
            {
                if (failure is not null) failures.Add(failure);
                if (plan is not null) writer.Write(plan, ct);
            }
        return writer.Complete(scope, outline.DisplayOrder);
    }

    /// <summary>
    /// The write side of a refresh inside its transaction: the run-log row, each calendar's changes and nightly
    /// bookkeeping, and the completed run log. Shared by <see cref="Apply"/> and <see cref="Run"/>.
    /// </summary>
    private sealed class RefreshWriter : IDisposable
    {
        private readonly AttendanceStore _store;
        private readonly WriteTransaction _tx;
        private readonly AggregationRequest _request;
        private readonly long _changeSeq, _runId, _lastModified;
        private readonly int _expected;
        private readonly IOperationObserver _observer;
        private readonly DateTimeOffset _started;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly AggregateWriter _rows;
        private readonly List<(int CalendarRef, AggregationRefreshResult Result)> _results = [];

        public RefreshWriter(AttendanceStore store, WriteTransaction tx, AggregationRequest request, long changeSeq, string scope, int expected, IOperationObserver observer)
        {
            (_store, _tx, _request, _changeSeq, _expected, _observer) = (store, tx, request, changeSeq, expected, observer);
            _started = store.Clock.GetUtcNow();
            _lastModified = _started.ToUnixTimeMilliseconds();
            _runId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, scope, _started);
            _rows = new AggregateWriter(tx.Connection, tx.Transaction);
        }

        public void Write(CalendarPlan cal, CancellationToken ct)
        {
            _observer.Progress(new ProgressInfo
            {
                Id = 2, Activity = Activity, Status = $"Writing {cal.Calendar} — {Text.Progress(_results.Count, _expected, "calendar", _clock.Elapsed)}",
                PercentComplete = _results.Count * 100 / Math.Max(1, _expected),
            });
            var write = Stopwatch.StartNew();
            _rows.Write(cal.Calendar.CalendarRef, cal.Changes, _lastModified, ct);
            if (_request.CoversWholeCalendars) SaveState(_tx, cal, _changeSeq, _runId);
            _results.Add((cal.Calendar.CalendarRef, cal.ToResult(write.Elapsed, _runId)));
        }

        /// <summary>Completes the run log; the results in <paramref name="order"/> (CalendarRef → position).</summary>
        public List<AggregationRefreshResult> Complete(string scope, Dictionary<int, int> order)
        {
            _rows.Dispose();
            var results = _results.OrderBy(r => order[r.CalendarRef]).Select(r => r.Result).ToList();
            if (_request.CoversWholeCalendars) PruneChangeLog(_tx);
            RunLog.Complete(_tx.Connection, _tx.Transaction, _runId, new RunInfo
            {
                Operation = OperationName, Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
                StartedAt = _started, FinishedAt = _store.Clock.GetUtcNow(),
                Inserted = results.Sum(r => r.Inserted), Updated = results.Sum(r => r.Updated), Deleted = results.Sum(r => r.Deleted),
                Unchanged = results.Sum(r => r.Unchanged),
                Details = JsonSerializer.Serialize(results.Select(r => new { r.School, r.Calendar, r.SchoolYear, r.Inserted, r.Updated, r.Deleted, r.Unchanged })),
                Warnings = [.. results.SelectMany(r => r.Warnings)],
            });
            _observer.Progress(new ProgressInfo { Id = 2, Activity = Activity, Status = "Done", Completed = true });
            _observer.Verbose($"Wrote {Text.Number(results.Sum(r => (long)r.Inserted + r.Updated + r.Deleted))} day aggregates for {Text.Count(results.Count, "calendar")} in {Text.Duration(_clock.Elapsed)} (run {_runId}).");
            return results;
        }

        public void Dispose() => _rows.Dispose();
    }

    private static CalendarPlan PlanCalendar(DbConnection c, CalendarInfo info, RawCalendar raw, RawSchool? school, AggregationScope scope, LoadScope? load,
        DateOnly cutoff, AggregationMode mode, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var warnings = new List<EngineWarning>();
        var tally = new DayAggregator.Tally();
        var desired = new List<DayAggregateRow>();
        if (school is not null && load is not null)
        {
            var inputs = InputAssembler.Assemble(school, raw, scope, warnings);
            desired = DayAggregator.Compute(inputs, scope, tally, ct);
        }
        var changes = load is null ? new AggregateChanges()
            : AggregationLoader.DiffWithStored(c, info.CalendarRef, scope, load, raw.ScopeDates, desired);
        return new CalendarPlan
        {
            Calendar = info, Mode = mode, Cutoff = cutoff, Changes = changes,
            DaysProcessed = tally.DaysProcessed, Students = tally.Students, StudentDays = desired.Count,
            Warnings = warnings, PlanTime = clock.Elapsed,
        };
    }

    private static string Scope(AggregationRequest request, AggregationMode mode, IEnumerable<CalendarInfo> calendars)
    {
        var list = calendars.ToList();
        var names = string.Join(", ", list.Take(5).Select(c => c.ToString()));
        var more = list.Count > 5 ? $" and {list.Count - 5} more" : "";
        var students = request.Students.Count > 0 ? $"; students {string.Join(", ", request.Students.Take(5))}" : "";
        var range = request.From is not null || request.To is not null
            ? string.Create(CultureInfo.InvariantCulture, $"; {request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}") : "";
        return $"{mode}: {names}{more}{students}{range}";
    }

    private sealed record CalendarState(long Watermark, int? ComputedThrough, long? LastRunId = null);

    private static Dictionary<int, CalendarState> ReadStates(DbConnection c)
        => c.Query("SELECT CalendarRef, Watermark, ComputedThrough, LastRunId FROM AggregationState",
                r => (r.GetInt32(0), new CalendarState(r.GetInt64(1), r.NullableInt(2), r.IsDBNull(3) ? null : r.GetInt64(3))))
            .ToDictionary(p => p.Item1, p => p.Item2);

    private static void SaveState(WriteTransaction tx, CalendarPlan cal, long changeSeq, long runId)
    {
        var previous = tx.Connection.ScalarLong("SELECT COALESCE(MAX(ComputedThrough), 0) FROM AggregationState WHERE CalendarRef = @c", tx.Transaction,
            ("c", cal.Calendar.CalendarRef));
        var through = Math.Max(previous, DbValue.Date(cal.Cutoff));
        tx.Connection.Execute("DELETE FROM AggregationState WHERE CalendarRef = @c", tx.Transaction, ("c", cal.Calendar.CalendarRef));
        tx.Connection.Execute("INSERT INTO AggregationState (CalendarRef, Watermark, ComputedThrough, LastRunId) VALUES (@c, @w, @t, @r)", tx.Transaction,
            ("c", cal.Calendar.CalendarRef), ("w", changeSeq), ("t", through), ("r", runId));
    }

    /// <summary>Entries every current-year calendar has consumed are no longer needed.</summary>
    private static void PruneChangeLog(WriteTransaction tx)
    {
        var min = tx.Connection.ScalarLong(
            "SELECT COALESCE(MIN(COALESCE(s.Watermark, 0)), 0) FROM Calendar c JOIN SchoolYear y ON y.SchoolYear = c.SchoolYear AND y.IsCurrent = 1 " +
            "LEFT JOIN AggregationState s ON s.CalendarRef = c.CalendarRef", tx.Transaction);
        if (min > 0) tx.Connection.Execute("DELETE FROM ChangeLog WHERE Seq <= @m", tx.Transaction, ("m", min));
    }
}
