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
public static class AggregationOperation
{
    public const string OperationName = "Aggregation";
    private const string Activity = "Update attendance aggregation";

    public static AggregationPlan Plan(AttendanceStore store, AggregationRequest request, IOperationObserver observer, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        var mode = request.IsNightly ? AggregationMode.Nightly : AggregationMode.Manual;
        var failures = new List<AttendanceException>();
        var lastRunId = c.ScalarLong("SELECT COALESCE(MAX(RunId), 0) FROM RunLog WHERE Operation = @op", null, ("op", OperationName));
        if (mode == AggregationMode.Nightly && MaintenanceLockCheck.Read(c) is { DisableScheduledTasks: true })
            return new AggregationPlan { Request = request, Mode = mode, Calendars = [], Failures = [], SkippedForMaintenance = true, LastRunId = lastRunId };

        var localNow = DistrictClock.LocalNow(store, c);
        var changeSeq = ChangeRegions.LatestSeq(c);
        var students = ResolveStudents(c, request.Students, failures);
        var calendars = ResolveCalendars(store, c, request, students, failures);
        var states = ReadStates(c);
        var regions = mode == AggregationMode.Nightly && calendars.Count > 0
            ? ChangeRegions.Read(c, calendars.Min(cal => states.TryGetValue(cal.CalendarRef, out var s) ? s.Watermark : 0), changeSeq)
            : [];

        var plans = new List<CalendarPlan>();
        var done = 0;
        var clock = Stopwatch.StartNew();
        foreach (var schoolGroup in calendars.GroupBy(cal => (cal.SchoolRef, cal.SchoolYearNumber)))
        {
            var prepared = new List<(CalendarInfo Info, RawCalendar Raw, AggregationScope Scope, DateOnly Cutoff)>();
            foreach (var cal in schoolGroup)
            {
                var raw = AggregationLoader.LoadCalendar(c, cal.CalendarRef, cal.ToString(), cal.SchoolYearNumber);
                var cutoff = mode == AggregationMode.Nightly ? Cutoff.Nightly(localNow) : Cutoff.Manual(localNow, cal.EndDate);
                if (request.To is { } to && to < cutoff) cutoff = to;
                var scope = BuildScope(request, mode, raw, cal, cutoff, students, states, regions);
                prepared.Add((cal, raw, scope, cutoff));
            }
            var withDays = prepared.Where(p => !p.Scope.IsEmpty).ToList();
            RawSchool? school = null;
            if (withDays.Count > 0)
                school = AggregationLoader.LoadSchool(c, schoolGroup.Key.SchoolRef, schoolGroup.Key.SchoolYearNumber,
                    withDays.Min(p => p.Scope.Bounds.From), withDays.Max(p => p.Scope.Bounds.To));
            foreach (var (info, raw, scope, cutoff) in prepared)
            {
                ct.ThrowIfCancellationRequested();
                observer.Progress(new ProgressInfo
                {
                    Id = 1, Activity = Activity, Status = $"Computing {info} — {Text.Progress(done, calendars.Count, "calendar", clock.Elapsed)}",
                    PercentComplete = done * 100 / Math.Max(1, calendars.Count),
                });
                try
                {
                    plans.Add(PlanCalendar(c, info, raw, school, scope, cutoff, mode, ct));
                }
                catch (AttendanceException ex)
                {
                    failures.Add(ex);
                }
                done++;
            }
        }
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Planned", Completed = true });
        observer.Verbose($"Planned {Text.Count(plans.Count, "calendar")} in {Text.Duration(clock.Elapsed)}: " +
                         $"{Text.Number(plans.Sum(p => p.Changes.Total))} rows to write, {Text.Number(plans.Sum(p => p.Changes.Unchanged))} unchanged.");
        return new AggregationPlan
        {
            Request = request, Mode = mode, Calendars = plans, Failures = failures, ChangeSeq = changeSeq, LastRunId = lastRunId,
        };
    }

    /// <summary>Writes the approved calendars' changes in one transaction and returns one result per calendar.</summary>
    public static IReadOnlyList<AggregationRefreshResult> Apply(AttendanceStore store, AggregationPlan plan, IReadOnlySet<string>? approvedTargets,
        IOperationObserver observer, CancellationToken ct)
    {
        if (plan.SkippedForMaintenance) return [];
        using var lease = Lease.Acquire(store, OperationName, observer, ct, plan.Request.LeaseWait);
        using (var check = store.OpenConnection())
        {
            if (check.ScalarLong("SELECT COALESCE(MAX(RunId), 0) FROM RunLog WHERE Operation = @op", null, ("op", OperationName)) != plan.LastRunId)
            {
                observer.Verbose("Another aggregation run finished after this one was planned; planning again.");
                plan = Plan(store, plan.Request, observer, ct);
            }
        }
        var calendars = plan.Calendars.Where(p => approvedTargets is null || approvedTargets.Contains(p.Target)).ToList();
        ChangeGuard.Check("DayAggregate", calendars.Sum(p => (long)p.Changes.Existing), calendars.Sum(p => (long)p.Changes.Total), plan.Request.MaxChangePercent);

        var started = store.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var tx = WriteTransaction.Begin(store, plan.Request.LockToken);
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
        tx.Commit();
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
            DaysProcessed = tally.DaysProcessed, Students = tally.Students.Count, StudentDays = desired.Count,
            Warnings = warnings, PlanTime = clock.Elapsed,
        };
    }

    private static AggregationScope BuildScope(AggregationRequest request, AggregationMode mode, RawCalendar raw, CalendarInfo cal, DateOnly cutoff,
        IReadOnlyDictionary<string, int> students, IReadOnlyDictionary<int, CalendarState> states, IReadOnlyList<ChangeRegion> regions)
    {
        var scope = new AggregationScope(DbValue.Date(cutoff));
        var dates = raw.Days.Select(d => d.Date);
        if (mode == AggregationMode.Nightly)
        {
            states.TryGetValue(cal.CalendarRef, out var state);
            // The day pass: every day after the last one passed (normally just yesterday; a missed night is caught up).
            scope.AddDays(state?.ComputedThrough is { } through ? through + 1 : int.MinValue, int.MaxValue, dates);
            ChangeRegions.AddTo(scope, regions, state?.Watermark ?? 0, cal.SchoolRef, cal.CalendarRef, raw.Days);
            return scope;
        }
        var from = request.From is { } f ? DbValue.Date(f) : int.MinValue;
        if (students.Count == 0) scope.AddDays(from, int.MaxValue, dates);
        else
            foreach (var student in students.Values)
                if (raw.Enrollments.Any(e => e.StudentRef == student))
                    scope.AddStudent(student, Math.Max(from, raw.Days.Count > 0 ? raw.Days[0].Date : from), int.MaxValue);
        return scope;
    }

    private static Dictionary<string, int> ResolveStudents(DbConnection c, IReadOnlyList<string> ids, List<AttendanceException> failures)
    {
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var r = c.ScalarLong("SELECT COALESCE(MAX(StudentRef), 0) FROM Student WHERE StudentUniqueId = @id", null, ("id", id));
            if (r > 0) found[id] = (int)r;
            else failures.Add(new AttendanceException("StudentNotFound", FailureKind.NotFound, $"There is no student with id '{id}'.", id));
        }
        return found;
    }

    private static List<CalendarInfo> ResolveCalendars(AttendanceStore store, DbConnection c, AggregationRequest request,
        Dictionary<string, int> students, List<AttendanceException> failures)
    {
        var selectors = request.IsNightly || request.Selectors.Count == 0 ? [new CalendarSelector([], [], [])] : request.Selectors;
        var found = new Dictionary<int, CalendarInfo>();
        foreach (var selector in selectors)
        {
            var filter = new CalendarFilter
            {
                Calendars = selector.Calendars, Schools = selector.Schools, SchoolYears = selector.SchoolYears,
                CurrentYearOnly = selector.SchoolYears.Count == 0,
            };
            var matched = CalendarQuery.Find(store, filter);
            foreach (var name in selector.Calendars.Where(n => !IsPattern(n) && !matched.Any(f => NameMatch.Matches(n, f.Name))))
                failures.Add(new AttendanceException("CalendarNotFound", FailureKind.NotFound,
                    $"No calendar named '{name}' matches the other filters ({Describe(filter)}).", name));
            foreach (var name in selector.Schools.Where(n => !IsPattern(n) && !matched.Any(f => NameMatch.Matches(n, f.School) || NameMatch.Matches(n, f.SchoolId))))
                failures.Add(new AttendanceException("SchoolNotFound", FailureKind.NotFound,
                    $"No school named '{name}' has a calendar that matches ({Describe(filter)}).", name));
            foreach (var cal in matched) found.TryAdd(cal.CalendarRef, cal);
        }
        var list = found.Values.OrderBy(f => f.School, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.SchoolYearNumber).ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (request.Students.Count > 0)
        {
            var refs = students.Values.ToHashSet();
            var enrolled = c.Query("SELECT DISTINCT CalendarRef, StudentRef FROM StudentSchoolAssociation", r => (r.GetInt32(0), r.GetInt32(1)))
                .Where(p => refs.Contains(p.Item2)).Select(p => p.Item1).ToHashSet();
            list = list.Where(f => enrolled.Contains(f.CalendarRef)).ToList();
        }
        return list;
    }

    private static bool IsPattern(string name) => name.IndexOfAny(['*', '?', '[']) >= 0;

    private static string Describe(CalendarFilter f)
    {
        var parts = new List<string>();
        if (f.Schools.Count > 0) parts.Add("school " + string.Join(", ", f.Schools));
        parts.Add(f.SchoolYears.Count > 0 ? "school year " + string.Join(", ", f.SchoolYears.Select(Model.SchoolYearText.Format)) : "the current school year");
        return string.Join("; ", parts);
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
