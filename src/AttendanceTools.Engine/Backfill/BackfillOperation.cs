using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>What an applied backfill run wrote.</summary>
public sealed record BackfillRunResult
{
    public long? RunId { get; init; }
    public required IReadOnlyList<BackfillStudentResult> Students { get; init; }
    public required IReadOnlyList<AggregationRefreshResult> Aggregation { get; init; }
}

/// <summary>
/// Continuation-education backfill (domain §5): plan (read-only: schools, window, the aggregation
/// refresh of step 2, the per-student core of §5.4, the diff against the stored moves), then apply
/// through the engine's <see cref="WriteProtocol"/> (store lease, stale-plan check and re-plan, change guard,
/// one write transaction with the run log and the run journal), so what it writes is exactly the
/// difference at that moment.
/// </summary>
public static partial class BackfillOperation
{
    public const string OperationName = "Backfill";
    private const string Activity = "Continuation-education backfill";

    public static BackfillPlan Plan(AttendanceStore store, BackfillRequest request, IOperationObserver observer, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        return PlanIn(store, c, request, observer, ct);
    }

    /// <summary>Plans and writes at once, with nothing to confirm in between (a runbook step, a test).</summary>
    public static BackfillRunResult Apply(AttendanceStore store, BackfillRequest request, IReadOnlySet<string>? approvedTargets, IOperationObserver observer,
        CancellationToken ct)
        => Apply(store, Plan(store, request, observer, ct), approvedTargets, observer, ct);

    /// <summary>
    /// Writes the approved schools of <paramref name="plan"/> through the engine's <see cref="WriteProtocol"/> (the store's
    /// writer lease, the stale-plan check, one transaction with the run log and the journal). When another run
    /// changed the store after the plan, the backfill plans again; counts other than the approved ones are written
    /// only when <paramref name="confirmReplanned"/> (given the new plan) agrees, else the run is refused.
    /// </summary>
    public static BackfillRunResult Apply(AttendanceStore store, BackfillPlan plan, IReadOnlySet<string>? approvedTargets, IOperationObserver observer,
        CancellationToken ct, Func<BackfillPlan, bool>? confirmReplanned = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        List<BackfillSchoolPlan> Approved(BackfillPlan p) => p.Schools.Where(s => approvedTargets is null || approvedTargets.Contains(s.Target)).ToList();
        var request = plan.Request;
        return WriteProtocol.Apply(store, new WriteSteps<BackfillPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, LockToken = request.LockToken, LeaseWait = request.LeaseWait,
            CountsOf = p => Counts(Approved(p)),
            Replan = token => Plan(store, request, observer, token),
            ConfirmReplanned = confirmReplanned is null ? null : (_, replanned) => confirmReplanned(replanned),
        }, plan, (tx, p) =>
        {
            var schools = Approved(p);
            ChangeGuard.Check("BackfillMove", schools.Sum(s => (long)s.ExistingMoves), schools.Sum(s => (long)s.MoveWrites), request.MaxChangePercent);
            ChangeGuard.Check("DayAggregate", schools.Sum(s => (long)s.Aggregation.Sum(a => a.Changes.Existing)),
                schools.Sum(s => (long)s.Aggregation.Sum(a => a.Changes.Total)), request.MaxChangePercent);
            return Write(tx.Connection, tx.Transaction, store.Clock, request.Step, schools, Scope(request, schools), store.Clock.GetUtcNow(), observer, ct);
        }, observer, ct);
    }

    /// <summary>What the approved schools would write, as a person confirmed it; a re-plan with other counts is asked again.</summary>
    private static string Counts(List<BackfillSchoolPlan> schools) =>
        $"{Text.Count(schools.Count, "school")}: {Text.Count(schools.Sum(s => s.Students.Sum(p => p.Inserts.Count)), "move insert")}, " +
        $"{Text.Count(schools.Sum(s => s.Students.Sum(p => p.Updates.Count)), "move update")}, {Text.Count(schools.Sum(s => s.Students.Sum(p => p.Deletes.Count)), "move delete")}, " +
        $"{Text.Count(schools.Sum(s => s.Aggregation.Sum(a => a.Changes.Total)), "day aggregate")}, {Text.Count(schools.Sum(s => s.Students.Count(p => p.StateChanges)), "student state")}";

    /// <summary>Writes planned schools with their run-log row and journal inside the caller's transaction.</summary>
    internal static BackfillRunResult Write(DbConnection c, DbTransaction tx, TimeProvider clock, BackfillStep step, IReadOnlyList<BackfillSchoolPlan> schools,
        string scope, DateTimeOffset started, IOperationObserver observer, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var runId = RunLog.Start(c, tx, OperationName, scope, started);
        var journal = new RunJournal(c, tx, runId);
        var now = clock.GetUtcNow();
        var students = new List<BackfillStudentResult>();
        var aggregation = new List<AggregationRefreshResult>();
        using (var writer = new BackfillWriter(c, tx, journal, runId))
        {
            foreach (var school in schools)
            {
                ct.ThrowIfCancellationRequested();
                var write = Stopwatch.StartNew();
                AggregationOperation.WriteChanges(c, tx, school.Aggregation, now, ct);
                aggregation.AddRange(school.Aggregation.Select(a => a.ToResult(write.Elapsed, runId)));
                foreach (var student in school.Students)
                {
                    writer.Write(school.Settings.SchoolRef, student);
                    students.Add(student.ToResult(school.Settings, runId));
                }
            }
        }
        var moveCounts = (students.Sum(s => s.MovesInserted), students.Sum(s => s.MovesUpdated), students.Sum(s => s.MovesDeleted));
        RunLog.Complete(c, tx, runId, new RunInfo
        {
            Operation = OperationName, Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = started,
            FinishedAt = clock.GetUtcNow(),
            Inserted = moveCounts.Item1 + aggregation.Sum(a => a.Inserted), Updated = moveCounts.Item2 + aggregation.Sum(a => a.Updated),
            Deleted = moveCounts.Item3 + aggregation.Sum(a => a.Deleted), Unchanged = students.Count(s => s.Reason == nameof(BackfillReason.Unchanged)),
            Details = JsonSerializer.Serialize(new
            {
                Step = step.ToString(), MovesInserted = moveCounts.Item1, MovesUpdated = moveCounts.Item2, MovesDeleted = moveCounts.Item3,
                OrphanMovesDeleted = students.Sum(s => s.OrphanMovesDeleted), AggregatesInserted = aggregation.Sum(a => a.Inserted),
                AggregatesUpdated = aggregation.Sum(a => a.Updated), AggregatesDeleted = aggregation.Sum(a => a.Deleted),
                ExceptionStudents = students.Where(s => s.Reason != nameof(BackfillReason.Unchanged)).Select(s => new { s.SchoolId, s.Student, s.Reason }).Take(500),
            }),
            Warnings = [.. schools.SelectMany(s => s.Warnings).Concat(schools.SelectMany(s => s.Students.SelectMany(p => p.Warnings))).Select(w => w.ToString())],
            UndoRef = journal.Count > 0 ? "journal" : null,
        });
        observer.Verbose($"Backfill run {runId} ({step}) wrote {Text.Count(moveCounts.Item1 + moveCounts.Item2 + moveCounts.Item3, "move")} and " +
                         $"{Text.Count(aggregation.Sum(a => a.Inserted + a.Updated + a.Deleted), "day aggregate")} for {Text.Count(students.Count, "student")} in {Text.Duration(stopwatch.Elapsed)}.");
        return new BackfillRunResult { RunId = runId, Students = students, Aggregation = aggregation };
    }

    private static string Scope(BackfillRequest request, List<BackfillSchoolPlan> schools)
    {
        var names = string.Join(", ", schools.Select(s => s.Settings.ToString()));
        var students = request.Students.Count > 0 ? $"; students {string.Join(", ", request.Students.Take(5))}{(request.Students.Count > 5 ? $" and {request.Students.Count - 5} more" : "")}" : "";
        var window = schools.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; window {schools[0].WindowStart:yyyy-MM-dd}..{schools[0].WindowEnd:yyyy-MM-dd}") : "";
        return $"{request.Step}: {names}{students}{window}";
    }

    /// <summary>Plans every school of the request, reading through <paramref name="c"/>, after the store's stamp (what the apply checks).</summary>
    private static BackfillPlan PlanIn(AttendanceStore store, DbConnection c, BackfillRequest request, IOperationObserver observer, CancellationToken ct)
    {
        var stamp = StoreStamp.Read(c);
        var clock = Stopwatch.StartNew();
        var failures = new List<AttendanceException>();
        var localNow = request.AsOf ?? DistrictClock.LocalNow(store, c);
        var asOf = DateOnly.FromDateTime(localNow);
        var year = YearOf(c, request.SchoolYear, asOf);

        var selected = ResolveStudents(c, request.Students, failures);
        var settings = ResolveSchools(c, request, year, failures);
        var plans = new List<BackfillSchoolPlan>();
        var covered = new HashSet<int>();
        var done = 0;
        foreach (var s in settings)
        {
            ct.ThrowIfCancellationRequested();
            observer.Progress(new ProgressInfo
            {
                Id = 1, Activity = Activity, Status = $"Planning {s} — {Text.Progress(done, settings.Count, "school", clock.Elapsed)}",
                PercentComplete = done * 100 / Math.Max(1, settings.Count),
            });
            var windowEnd = asOf < s.YearEnd ? asOf : s.YearEnd;
            if (windowEnd < s.Rules.StartDate)
            {
                failures.Add(new AttendanceException("BackfillAsOfBeforeStart", FailureKind.InvalidArgument,
                    string.Create(CultureInfo.InvariantCulture, $"The run is as of {asOf:yyyy-MM-dd}, before the backfill start date {s.Rules.StartDate:yyyy-MM-dd} of {s}; there is no window to backfill."),
                    s.SchoolId, "Run with a later -AsOf, or move the start date with Set-BackfillPreference -BackfillStartDate."));
                continue;
            }
            var plan = PlanSchool(c, s, windowEnd, localNow, store.Clock.GetUtcNow(), request, selected.Count > 0 ? selected.Values.ToHashSet() : null, ct);
            covered.UnionWith(plan.InScope);
            observer.Verbose($"{s}: read the inputs in {Text.Duration(plan.Timing.Load)}, planned the aggregation in {Text.Duration(plan.Timing.Aggregation)}, backfilled {Text.Count(plan.Students.Count, "student")} in {Text.Duration(plan.Timing.Backfill)}.");
            plans.Add(plan);
            done++;
        }
        foreach (var (id, studentRef) in selected.Where(p => !covered.Contains(p.Value)))
            failures.Add(NotInProgram(id, settings.Count == 1 ? settings[0].ToString() : "the chosen schools"));
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Planned", Completed = true });
        observer.Verbose($"Planned {request.Step} for {Text.Count(plans.Count, "school")} and {Text.Count(plans.Sum(p => p.Students.Count), "student")} in {Text.Duration(clock.Elapsed)}: " +
                         $"{Text.Number(plans.Sum(p => p.MoveWrites))} move writes, {Text.Number(plans.Sum(p => p.Aggregation.Sum(a => a.Changes.Total)))} day aggregates to write.");
        return new BackfillPlan { Request = request, Schools = plans, Failures = failures, Stamp = stamp };
    }

    /// <summary>The year asked for, else the one holding <paramref name="asOf"/>, else the current one.</summary>
    internal static int YearOf(DbConnection c, int? asked, DateOnly asOf)
    {
        var holding = (int)c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE BeginDate <= @d AND EndDate >= @d", null, ("d", DbValue.Date(asOf)));
        var year = asked ?? (holding != 0 ? holding : Lookups.CurrentYear(c) ?? throw NotFound.SchoolYear("(current)"));
        if (Lookups.YearBounds(c, year) is null) throw NotFound.SchoolYear(SchoolYearText.Format(year));
        return year;
    }

    internal static AttendanceException NotInProgram(string id, string where) => new("BackfillStudentNotInProgram", FailureKind.InvalidArgument,
        $"Student '{id}' is not a continuation-education student of {where} in the backfill window " +
        "(no association with the backfill program overlaps it and no stored moves remain); the student was skipped.", id,
        "Check the student's program association (Get-AttendanceStudent -Program).");

    internal static Dictionary<string, int> ResolveStudents(DbConnection c, IReadOnlyList<string> ids, List<AttendanceException> failures)
    {
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var r = c.ScalarLong("SELECT COALESCE(MAX(StudentRef), 0) FROM Student WHERE StudentUniqueId = @id", null, ("id", id));
            if (r > 0) found[id] = (int)r;
            else failures.Add(NotFound.Student(id, ""));
        }
        return found;
    }

    internal static List<BackfillSettings> ResolveSchools(DbConnection c, BackfillRequest request, int year, List<AttendanceException> failures)
    {
        var all = Lookups.Schools(c);
        var chosen = Lookups.ResolveSchools(request.Schools, all, failures.Add);
        var result = new List<BackfillSettings>();
        if (chosen is null)
        {
            // No school named: every school whose preferences enable backfill this year.
            var enabled = c.Query("SELECT SchoolRef FROM BackfillPreference WHERE SchoolYear = @y AND Enabled = 1", r => r.GetInt32(0), null, ("y", year)).ToHashSet();
            chosen = all.Where(s => enabled.Contains(s.SchoolRef)).Select(s => s.SchoolRef).ToHashSet();
            if (chosen.Count == 0)
                failures.Add(new AttendanceException("BackfillNotEnabled", FailureKind.InvalidOperation,
                    $"No school has backfill enabled in {SchoolYearText.Format(year)}.", SchoolYearText.Format(year),
                    "Run Set-BackfillPreference -School <continuation school> -Enabled $true with the program and start date."));
        }
        foreach (var school in all.Where(s => chosen.Contains(s.SchoolRef)))
        {
            try
            {
                result.Add(BackfillPreferences.Settings(c, null, school, year));
            }
            catch (AttendanceException ex)
            {
                failures.Add(ex);
            }
        }
        return result;
    }
}
