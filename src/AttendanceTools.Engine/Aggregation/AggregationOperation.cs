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
        Lookups.CheckRange(request.From, request.To);
        using var c = store.OpenConnection();
        var mode = request.IsNightly ? AggregationMode.Nightly : AggregationMode.Manual;
        var failures = new List<AttendanceException>();
        var lastRunId = c.ScalarLong("SELECT COALESCE(MAX(RunId), 0) FROM RunLog WHERE Operation = @op", null, ("op", OperationName));
        if (mode == AggregationMode.Nightly && MaintenanceLockCheck.Read(c) is { DisableScheduledTasks: true })
            return new AggregationPlan { Request = request, Mode = mode, Calendars = [], Failures = [], SkippedForMaintenance = true, LastRunId = lastRunId };

        var stamp = StoreStamp.Read(c);
        var localNow = DistrictClock.LocalNow(store, c, request.AsOf, observer);
        var changeSeq = ChangeRegions.LatestSeq(c);
        var students = ResolveStudents(c, request.Students, failures);
        var calendars = ResolveCalendars(store, c, request, students, failures);
        var states = ReadStates(c);
        var regions = mode == AggregationMode.Nightly && calendars.Count > 0
            ? ChangeRegions.Read(c, calendars.Min(cal => states.TryGetValue(cal.CalendarRef, out var s) ? s.Watermark : 0), changeSeq)
            : [];

        var plans = new List<CalendarPlan>();
        var clock = Stopwatch.StartNew();
        var context = new PlanContext(request, mode, localNow, students, states, regions);
        var groups = calendars.GroupBy(cal => (cal.SchoolRef, cal.SchoolYearNumber)).Select(g => g.ToList()).ToList();
        var done = 0;
        foreach (var group in PlanInParallel(store, groups, context, ct))
        {
            foreach (var (plan, failure) in group)
            {
                if (plan is not null) plans.Add(plan);
                if (failure is not null) failures.Add(failure);
            }
            done += group.Count;
            observer.Progress(new ProgressInfo
            {
                Id = 1, Activity = Activity, Status = $"Computed {group[0].Plan?.Calendar.School ?? "a school"} — {Text.Progress(done, calendars.Count, "calendar", clock.Elapsed)}",
                PercentComplete = done * 100 / Math.Max(1, calendars.Count),
            });
        }
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Planned", Completed = true });
        observer.Verbose($"Planned {Text.Count(plans.Count, "calendar")} in {Text.Duration(clock.Elapsed)}: " +
                         $"{Text.Number(plans.Sum(p => p.Changes.Total))} rows to write, {Text.Number(plans.Sum(p => p.Changes.Unchanged))} unchanged.");
        return new AggregationPlan
        {
            Request = request, Mode = mode, Calendars = plans, Failures = failures, ChangeSeq = changeSeq, LastRunId = lastRunId, Stamp = stamp,
        };
    }

    private sealed record PlanContext(AggregationRequest Request, AggregationMode Mode, DateTime LocalNow, IReadOnlyDictionary<string, int> Students,
        IReadOnlyDictionary<int, CalendarState> States, IReadOnlyList<ChangeRegion> Regions);

    /// <summary>
    /// Plans school groups on one worker per core, each with its own (reading) connection, and
    /// yields them in order on the caller's thread, where progress is reported.
    /// </summary>
    private static IEnumerable<List<(CalendarPlan? Plan, AttendanceException? Failure)>> PlanInParallel(AttendanceStore store,
        List<List<CalendarInfo>> groups, PlanContext context, CancellationToken ct)
    {
        if (groups.Count == 0) yield break;
        var slots = groups.Select(_ => new TaskCompletionSource<List<(CalendarPlan?, AttendanceException?)>>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, groups.Count)).Select(_ => Task.Run(() =>
        {
            using var c = store.OpenConnection();
            int i;
            while ((i = Interlocked.Increment(ref next)) < groups.Count)
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
        }, CancellationToken.None)).ToArray();
        try
        {
            foreach (var slot in slots) yield return slot.Task.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(workers, CancellationToken.None);
        }
    }

    /// <summary>One school's calendars of one year: its inputs are loaded once for all of them.</summary>
    private static List<(CalendarPlan?, AttendanceException?)> PlanGroup(DbConnection c, List<CalendarInfo> group, PlanContext x, CancellationToken ct)
    {
        var prepared = new List<(CalendarInfo Info, RawCalendar Raw, AggregationScope Scope, DateOnly Cutoff)>();
        foreach (var cal in group)
        {
            var raw = AggregationLoader.LoadCalendar(c, cal.CalendarRef, cal.ToString(), cal.SchoolYearNumber);
            var cutoff = x.Mode == AggregationMode.Nightly ? Cutoff.Nightly(x.LocalNow) : Cutoff.Manual(x.LocalNow, cal.LastDay);
            if (x.Request.To is { } to && to < cutoff) cutoff = to;
            prepared.Add((cal, raw, BuildScope(x.Request, x.Mode, raw, cal, cutoff, x.Students, x.States, x.Regions), cutoff));
        }
        var withDays = prepared.Where(p => !p.Scope.IsEmpty).ToList();
        var school = withDays.Count == 0 ? null
            : AggregationLoader.LoadSchool(c, group[0].SchoolRef, group[0].SchoolYearNumber, withDays.Min(p => p.Scope.Bounds.From), withDays.Max(p => p.Scope.Bounds.To));
        var results = new List<(CalendarPlan?, AttendanceException?)>();
        foreach (var (info, raw, scope, cutoff) in prepared)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                results.Add((PlanCalendar(c, info, raw, school, scope, cutoff, x.Mode, ct), null));
            }
            catch (AttendanceException ex)
            {
                results.Add((null, ex));
            }
        }
        return results;
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

        var started = store.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var runId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, Scope(plan, calendars), started);
        var results = new List<AggregationRefreshResult>();
        using (var writer = new AggregateWriter(tx.Connection, tx.Transaction))
        {
            var lastModified = started.ToUnixTimeMilliseconds();
            var done = 0;
            foreach (var cal in calendars)
            {
                observer.Progress(new ProgressInfo
                {
                    Id = 2, Activity = Activity, Status = $"Writing {cal.Calendar} — {Text.Progress(done, calendars.Count, "calendar", clock.Elapsed)}",
                    PercentComplete = done * 100 / Math.Max(1, calendars.Count),
                });
                var write = Stopwatch.StartNew();
                writer.Write(cal.Calendar.CalendarRef, cal.Changes, lastModified, ct);
                if (plan.Request.CoversWholeCalendars) SaveState(tx, cal, plan.ChangeSeq, runId);
                results.Add(cal.ToResult(write.Elapsed, runId));
                done++;
            }
        }
        if (plan.Request.CoversWholeCalendars) PruneChangeLog(tx);
        RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
        {
            Operation = OperationName, Scope = Scope(plan, calendars), StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
            StartedAt = started, FinishedAt = store.Clock.GetUtcNow(),
            Inserted = results.Sum(r => r.Inserted), Updated = results.Sum(r => r.Updated), Deleted = results.Sum(r => r.Deleted),
            Unchanged = results.Sum(r => r.Unchanged),
            Details = JsonSerializer.Serialize(results.Select(r => new { r.School, r.Calendar, r.SchoolYear, r.Inserted, r.Updated, r.Deleted, r.Unchanged })),
            Warnings = [.. results.SelectMany(r => r.Warnings)],
        });
        observer.Progress(new ProgressInfo { Id = 2, Activity = Activity, Status = "Done", Completed = true });
        observer.Verbose($"Wrote {Text.Number(results.Sum(r => (long)r.Inserted + r.Updated + r.Deleted))} day aggregates for {Text.Count(results.Count, "calendar")} in {Text.Duration(clock.Elapsed)} (run {runId}).");
        return results;
    }

    private static CalendarPlan PlanCalendar(DbConnection c, CalendarInfo info, RawCalendar raw, RawSchool? school, AggregationScope scope,
        DateOnly cutoff, AggregationMode mode, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var warnings = new List<EngineWarning>();
        var tally = new DayAggregator.Tally();
        var desired = new List<DayAggregateRow>();
        if (school is not null && !scope.IsEmpty)
        {
            var inputs = InputAssembler.Assemble(school, raw, scope, warnings);
            desired = DayAggregator.Compute(inputs, scope, tally, ct);
        }
        var existing = AggregationLoader.LoadExisting(c, info.CalendarRef, scope);
        return new CalendarPlan
        {
            Calendar = info, Mode = mode, Cutoff = cutoff, Changes = AggregateDiff.Compute(desired, existing),
            DaysProcessed = tally.DaysProcessed, Students = tally.Students, StudentDays = desired.Count,
            Warnings = warnings, PlanTime = clock.Elapsed,
        };
    }

    private static string Scope(AggregationPlan plan, List<CalendarPlan> calendars)
    {
        var names = string.Join(", ", calendars.Take(5).Select(p => p.Calendar.ToString()));
        var more = calendars.Count > 5 ? $" and {calendars.Count - 5} more" : "";
        var students = plan.Request.Students.Count > 0 ? $"; students {string.Join(", ", plan.Request.Students.Take(5))}" : "";
        var range = plan.Request.From is not null || plan.Request.To is not null
            ? string.Create(CultureInfo.InvariantCulture, $"; {plan.Request.From:yyyy-MM-dd}..{plan.Request.To:yyyy-MM-dd}") : "";
        return $"{plan.Mode}: {names}{more}{students}{range}";
    }

    private sealed record CalendarState(long Watermark, int? ComputedThrough);

    private static Dictionary<int, CalendarState> ReadStates(DbConnection c)
        => c.Query("SELECT CalendarRef, Watermark, ComputedThrough FROM AggregationState", r => (r.GetInt32(0), new CalendarState(r.GetInt64(1), r.NullableInt(2))))
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
