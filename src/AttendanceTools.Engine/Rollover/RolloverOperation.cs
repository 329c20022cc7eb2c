using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Rollover;

/// <summary>What a rollover would write, computed read-only (domain §4.4); Apply writes exactly this or refuses.</summary>
public sealed class RolloverPlan
{
    internal RolloverPlan(RolloverRequest request, int year, List<RowChange> changes, List<LogLine> log, RolloverResult result,
        Dictionary<string, long> existing)
    {
        Request = request;
        SchoolYear = year;
        Changes = changes;
        Log = log;
        Result = result;
        Existing = existing;
    }

    public RolloverRequest Request { get; }
    public int SchoolYear { get; }
    /// <summary>The counts the run will report (Mode = Preview).</summary>
    public RolloverResult Result { get; }
    internal List<RowChange> Changes { get; }
    internal List<LogLine> Log { get; }
    /// <summary>Existing rows in scope per table, for the change guard.</summary>
    internal Dictionary<string, long> Existing { get; }
    /// <summary>Where the store stood when the plan read it: the apply refuses a plan whose counts changed since.</summary>
    internal StoreStamp Stamp { get; set; }
    public bool HasChanges => Changes.Count > 0;

    public string WhatIfText() => Request.Type == RolloverType.Registration
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Request.Type} rollover of {SchoolYearText.Format(SchoolYear)}: process {Result.Processed} students (promote {Result.Promoted}, retain {Result.Retained}, graduate {Result.Graduated}, activate {Result.PreRegisteredActivated} pre-registered, inactivate {Result.Inactivated}, delete {Result.Deleted}; {Result.Unmatched} unmatched), close {Result.EnrollmentsClosed} and open {Result.EnrollmentsOpened} enrolments.")
        : $"{Request.Type} rollover of {SchoolYearText.Format(SchoolYear)}: delete {(Result.Tables.Count == 0 ? "nothing" : string.Join(", ", Result.Tables))}.";
}

internal sealed record LogLine(string Severity, string? Student, int? Criterion, string? Action, string Text);

/// <summary>
/// The year-end rollovers (domain §8): plan (read-only: lock, order, preconditions, the row changes),
/// then apply through the engine's <see cref="WriteProtocol"/> (store lease, stale-plan check, one transaction
/// under the lock's token: row images in the run journal, backup log, rollover log, RolloverRun and RunLog rows).
/// </summary>
public static partial class RolloverOperation
{
    public const string OperationName = "Rollover";

    /// <summary>
    /// A rollover run journals its rows like every reversible run, but also keeps Student/Section
    /// images in its backup log and a RolloverRun state: it is reversed with Restore-Rollover.
    /// </summary>
    public const string RolloverUndoRef = "journal:rollover";

    public static RolloverPlan Plan(AttendanceStore store, RolloverRequest request, IOperationObserver observer, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        var stamp = StoreStamp.Read(c);
        var plan = PlanCore(c, null, request, observer, ct);
        plan.Stamp = stamp;
        return plan;
    }

    /// <summary>Plans and writes at once, with nothing to confirm in between (a runbook step, a test).</summary>
    public static RolloverResult Apply(AttendanceStore store, RolloverRequest request, IOperationObserver observer, CancellationToken ct)
        => Apply(store, Plan(store, request, observer, ct), observer, ct);

    /// <summary>
    /// Writes <paramref name="plan"/> through the engine's <see cref="WriteProtocol"/>: the store's writer lease and a
    /// check, under it, that the store has not changed since the plan. The plan a person previewed never silently
    /// changes: planned again, it is written only with the same counts, else the run is refused (<c>StoreChangedSincePlan</c>).
    /// </summary>
    public static RolloverResult Apply(AttendanceStore store, RolloverPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return WriteProtocol.Apply(store, new WriteSteps<RolloverPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.WhatIfText(), LockToken = plan.Request.LockToken, LeaseWait = plan.Request.LeaseWait,
            Replan = token => Plan(store, plan.Request, observer, token),
        }, plan, (tx, p) => Write(store, tx, p, observer, ct), observer, ct);
    }

    private static RolloverResult Write(AttendanceStore store, WriteTransaction tx, RolloverPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var (c, t, request) = (tx.Connection, tx.Transaction, plan.Request);
        var clock = Stopwatch.StartNew();
        foreach (var (table, existing) in plan.Existing)
            ChangeGuard.Check(table, existing, plan.Changes.Count(ch => ch.Table.Name == table), request.MaxChangePercent);

        var started = store.Clock.GetUtcNow();
        var type = request.Type.ToString();
        var runId = RunLog.Start(c, t, OperationName, $"{type} {SchoolYearText.Format(plan.SchoolYear)}", started);
        if (!plan.HasChanges)
        {
            RunLog.Complete(c, t, runId, RunInfoFor(plan, runId, started, store.Clock.GetUtcNow(), null, 0, 0, 0));
            observer.Verbose($"The {type} rollover of {SchoolYearText.Format(plan.SchoolYear)} had nothing to do; no run number was used.");
            return plan.Result with { Mode = "Unchanged", RunId = runId };
        }

        var planned = clock.Elapsed;
        var number = RolloverRuns.NextNumber(c, t, request.Type, plan.SchoolYear);
        var runKey = RolloverRunInfo.Key(type, plan.SchoolYear, number);
        using var writer = new RowChangeWriter(c, t, runId);
        var done = 0;
        foreach (var change in plan.Changes)
        {
            // The year-end students row carries the run number, known only now.
            var row = change.Table == Tables.RolloverYearEndStudent ? change with { After = change.After!.With(("RunNumber", number)) } : change;
            writer.Write(row);
            if (++done % 5000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                observer.Progress(new ProgressInfo { Id = 2, Activity = $"{type} rollover", Status = $"Writing {done:N0} of {plan.Changes.Count:N0} rows", PercentComplete = done * 100 / plan.Changes.Count });
            }
        }
        WriteBackupLog(c, t, runKey, writer);
        var finished = store.Clock.GetUtcNow();
        var result = plan.Result with { Mode = "Applied", RunNumber = number, BackupId = runKey, RunId = runId };
        RolloverRuns.Insert(c, t, request.Type, plan.SchoolYear, number, started, finished, runId, result);
        RolloverRuns.WriteLog(c, t, runKey, plan.Log.Select(l => (l.Severity, l.Student, l.Criterion, l.Action, l.Text)));
        long ins = plan.Changes.Count(ch => ch.Before is null), del = plan.Changes.Count(ch => ch.After is null);
        RunLog.Complete(c, t, runId, RunInfoFor(plan, runId, started, finished, runKey, ins, plan.Changes.Count - ins - del, del));
        observer.Progress(new ProgressInfo { Id = 2, Activity = $"{type} rollover", Status = "Done", Completed = true });
        observer.Verbose($"Applied {runKey}: {plan.Changes.Count:N0} rows written in {clock.Elapsed.TotalSeconds:0.0} s (planned in {planned.TotalSeconds:0.0} s); their before-images are its backup.");
        return result;
    }

    private static RunInfo RunInfoFor(RolloverPlan plan, long runId, DateTimeOffset started, DateTimeOffset finished, string? runKey, long ins, long upd, long del) => new()
    {
        RunId = runId, Operation = OperationName, Scope = $"{plan.Request.Type} {SchoolYearText.Format(plan.SchoolYear)}", StartedBy = RunLog.CurrentUser,
        Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = finished, Inserted = ins, Updated = upd, Deleted = del,
        Details = JsonSerializer.Serialize(new { RunKey = runKey, plan.Result.Processed, plan.Result.Tables }),
        Warnings = [.. plan.Result.WarningMessages],
        UndoRef = runKey is null ? null : RolloverUndoRef,
    };

    private static void WriteBackupLog(DbConnection c, DbTransaction t, string runKey, RowChangeWriter writer)
    {
        var line = 0;
        foreach (var (table, count) in writer.Counts)
            // ROWCOUNT is a reserved word of T-SQL: the column is quoted.
            c.Execute($"INSERT INTO BackupLog (RunKey, Line, TableName, {Dialects.Of(c).Quote("RowCount")}, Data) VALUES (@k, @l, @t, @n, @d)", t,
                ("k", runKey), ("l", ++line), ("t", table), ("n", count),
                ("d", writer.IdentityImages.TryGetValue(table, out var images) ? IdentityImage.Serialize(images) : null));
    }

    internal static RolloverPlan PlanCore(DbConnection c, DbTransaction? t, RolloverRequest request, IOperationObserver observer, CancellationToken ct)
    {
        MaintenanceLockOperation.Require(c, t, request.LockToken, $"The {request.Type} rollover");
        var years = c.Query("SELECT SchoolYear, IsCurrent FROM SchoolYear ORDER BY SchoolYear", r => (Year: r.GetInt32(0), Current: r.GetBool(1)), t);
        var current = years.Where(y => y.Current).Select(y => (int?)y.Year).FirstOrDefault();
        var registered = RolloverRuns.Read(c, t, nameof(RolloverType.Registration)).Where(r => r.State == "Applied").Select(r => (int?)r.SchoolYear).LastOrDefault();
        // While a year-end is in progress (its Registration made the next year current) the year being closed stays the default.
        var year = request.SchoolYear ?? (request.Type == RolloverType.Registration ? (registered is { } r && r + 1 == current ? r : current) : registered)
            ?? throw new AttendanceException("RolloverOrder", FailureKind.InvalidOperation,
                $"The {request.Type} rollover needs an applied Registration rollover first, and none is applied.", request.Type.ToString(),
                "Run Start-Rollover -Type Registration first.");
        if (years.All(y => y.Year != year))
            throw new AttendanceException("SchoolYearNotFound", FailureKind.NotFound, $"The store has no school year {SchoolYearText.Format(year)}.", year);
        if (years.All(y => y.Year != year + 1))
            throw new AttendanceException("NextSchoolYearMissing", FailureKind.InvalidData,
                $"The {request.Type} rollover of {SchoolYearText.Format(year)} needs the next school year {SchoolYearText.Format(year + 1)}, which the store does not have.",
                year + 1, "Import the next year's school year and calendars (schoolYears.csv, calendars.csv, calendarDates.csv) first.");
        CheckOrder(c, t, request.Type, year);
        return request.Type == RolloverType.Registration
            ? PlanRegistration(c, t, request, year, years.Any(y => y.Year == year + 1 && y.Current), observer, ct)
            : PlanLater(c, t, request, year, years.Select(y => y.Year).ToList(), current ?? year);
    }

    /// <summary>RolloverOrder (domain §8.4): each later rollover needs an applied run of the one before it for the year.</summary>
    private static void CheckOrder(DbConnection c, DbTransaction? t, RolloverType type, int year)
    {
        if (type == RolloverType.Registration) return;
        var before = (RolloverType)((int)type - 1);
        if (RolloverRuns.Read(c, t, before.ToString(), year).Any(r => r.State == "Applied")) return;
        // A run that found nothing to do uses no run number (no undo point) but did run: its run-log row counts.
        var ranEmpty = c.ScalarLong("SELECT COUNT(*) FROM RunLog WHERE Operation = @op AND Scope = @scope AND Status = 'Succeeded' AND Details LIKE '%\"RunKey\":null%'", t,
            ("op", OperationName), ("scope", $"{before} {SchoolYearText.Format(year)}"));
        if (ranEmpty > 0 && before != RolloverType.Registration) return;
        throw new AttendanceException("RolloverOrder", FailureKind.InvalidOperation,
            $"The {type} rollover of {SchoolYearText.Format(year)} must come after the {before} rollover, and no {before} run of that year is applied.",
            type.ToString(), $"Run Start-Rollover -Type {before} first (order: Registration, Scheduling, MarkReporting, SuccessPlan).");
    }

    private static RolloverResult Counts(RolloverType type, int year) => new() { Type = type.ToString(), SchoolYear = SchoolYearText.Format(year), Mode = "Preview" };

    internal static IReadOnlyList<string> TableCounts(IEnumerable<RowChange> changes)
        => changes.GroupBy(ch => ch.Table.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()}")).ToList();
}
