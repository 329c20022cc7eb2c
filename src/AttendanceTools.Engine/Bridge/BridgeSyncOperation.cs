using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Bridge;

/// <summary>
/// Attendance synchronization (domain §6): plan (read-only: preconditions of §6.3 in order, load,
/// compute, diff), then apply through the engine's <see cref="WriteProtocol"/> (store lease, stale-plan
/// check and re-plan, one transaction: the inserts, the run journal that lets
/// Undo-AttendanceRun delete exactly them, the run log and the attendance-write hooks).
/// </summary>
public static class BridgeSyncOperation
{
    public const string OperationName = "BridgeSync";
    private const string Activity = "Sync attendance bridge";

    public static BridgeSyncPlan Plan(AttendanceStore store, BridgeSyncRequest request, IOperationObserver observer, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        var plan = Plan(store, c, request, observer, ct);
        // The last precondition of §6.3: a preview under someone else's maintenance lock says so too.
        if (MaintenanceLockCheck.Read(c) is { } held && !string.Equals(request.LockToken, held.Token, StringComparison.Ordinal))
            throw MaintenanceLockCheck.Locked(held);
        return plan;
    }

    private static BridgeSyncPlan Plan(AttendanceStore store, DbConnection c, BridgeSyncRequest request, IOperationObserver observer, CancellationToken ct)
    {
        // The stamp first: the apply compares it with the store under the lease and plans again when it moved.
        var stamp = StoreStamp.Read(c);
        var clock = Stopwatch.StartNew();
        var school = BridgeLoader.FindSchool(c, null, request.School)
            ?? throw new AttendanceException("BridgeSchoolNotFound", FailureKind.NotFound, $"No school has the name or id '{request.School}'.", request.School,
                "Run Get-AttendanceSchool to see the schools in the store.");
        if (school.IsDistrictOffice)
            throw new AttendanceException("BridgeDistrictOffice", FailureKind.InvalidOperation,
                $"{school.Name} is the district office; attendance synchronization runs for one school at a time, never the district office.", school.Name,
                "Run the sync for each school instead.");
        var year = request.SchoolYear ?? BridgeLoader.CurrentYear(c, null)
            ?? throw NotFound.SchoolYear("(current)");
        if (year < 2005)
            throw new AttendanceException("BridgeSchoolYearTooOld", FailureKind.InvalidArgument,
                $"{school.Name}: attendance synchronization cannot run for school year {SchoolYearText.Format(year)}; the earliest is 2004-05.", year);
        var bounds = c.Query("SELECT BeginDate, EndDate FROM SchoolYear WHERE SchoolYear = @y", r => (r.GetDate(0), r.GetDate(1)), null, ("y", year));
        if (bounds.Count == 0) throw NotFound.SchoolYear(SchoolYearText.Format(year));
        var (begin, end) = bounds[0];
        var settings = BridgeLoader.Settings(c, null, school.SchoolRef, year);
        var from = request.From ?? (settings.MethodChangedOn is { } changed && changed >= begin && changed <= end ? changed : begin);
        var to = request.To ?? Earlier(request.AsOf ?? DateOnly.FromDateTime(DistrictClock.LocalNow(store, c)), end);
        if (from > to || from < begin || to > end)
            throw new AttendanceException("BridgeDateRangeInvalid", FailureKind.InvalidArgument,
                $"{school.Name}: the range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is not a range inside school year {SchoolYearText.Format(year)} ({begin:yyyy-MM-dd}..{end:yyyy-MM-dd}).",
                school.Name, "Give -From and -To inside the school year, with -From on or before -To.");
        if (settings.BridgeMode == "None")
            throw new AttendanceException("BridgeNotConfigured", FailureKind.InvalidOperation,
                $"{school.Name} has no attendance bridge in {SchoolYearText.Format(year)} (BridgeMode None).", school.Name,
                "Set-AttendanceBridge -School '<school>' -BridgeMode OneWay (or TwoWay), then run the sync again.");
        var implied = BridgeNames.DirectionFor(settings.RecordingMethod);
        if (request.Direction != implied)
            throw new AttendanceException("BridgeDirectionMismatch", FailureKind.InvalidArgument,
                $"{school.Name} records {settings.RecordingMethod} attendance in {SchoolYearText.Format(year)}, so the sync builds {(implied == BridgeDirection.MeetingToDaily ? "Daily from Meeting" : "Meeting from Daily")} (-Direction {implied}), not {request.Direction}.",
                school.Name, $"Run with -Direction {implied}, or change the school's recording method with Set-AttendanceBridge.");
        int f = DbValue.Date(from), t = DbValue.Date(to);
        var bells = BridgeLoader.Bells(c, null, school.SchoolRef);
        var days = BridgeLoader.Days(c, null, school.SchoolRef, year, f, t);
        CheckBellSchedules(school, bells, days);

        var inputs = BridgeLoader.Load(c, null, school, year, f, t, bells, days);
        ct.ThrowIfCancellationRequested();
        var changes = BridgeSyncCore.Compute(inputs, request.Direction, request.AbsentDailyMarks, f, t);
        var plan = new BridgeSyncPlan
        {
            Request = request, School = school, SchoolYear = year, From = from, To = to, Changes = changes,
            ExistingTargetRows = request.Direction == BridgeDirection.MeetingToDaily ? inputs.Daily.Count : inputs.Meeting.Count, Stamp = stamp,
        };
        observer.Verbose($"Planned {plan.Describe()} in {Text.Duration(clock.Elapsed)}: {Text.Count(changes.Days.Count, "day")}, " +
                         $"{Text.Number(changes.Created)} to create, {Text.Number(changes.AlreadyPresent)} already present, {Text.Count(changes.Conflicts.Count, "conflict")}.");
        return plan;
    }

    /// <summary>§6.3: every bell schedule an in-session day in range uses needs a bridge period of its own and valid default times.</summary>
    private static void CheckBellSchedules(BridgeSchoolRow school, Dictionary<int, BridgeBell> bells, List<BridgeDay> days)
    {
        var firstUse = new Dictionary<int, int>();
        foreach (var d in days)
            if (d.BellRef is { } b) firstUse.TryAdd(b, d.Date);
        var used = firstUse.OrderBy(p => p.Value).Select(p => (Bell: bells[p.Key], First: p.Value)).ToList();
        var noBridge = used.Where(u => !u.Bell.HasValidBridgePeriod).ToList();
        if (noBridge.Count > 0)
            throw new AttendanceException("BridgePeriodMissing", FailureKind.InvalidData,
                $"{school.Name}: {string.Join("; ", noBridge.Select(u => $"bell schedule '{u.Bell.Name}' (first used {BridgeSyncCore.Day(u.First)}) " +
                    (u.Bell.BridgePeriodName is null ? "has no bridge period" : $"has bridge period '{u.Bell.BridgePeriodName}', which is not one of its periods")))}.",
                string.Join(", ", noBridge.Select(u => u.Bell.Name)),
                "Set-AttendanceBellSchedule -School '<school>' -Name '<bell schedule>' -BridgePeriod <period> for each, then run the sync again.");
        var noTimes = used.Where(u => !u.Bell.HasValidDefaultTimes).ToList();
        if (noTimes.Count > 0)
            throw new AttendanceException("BridgeDefaultTimesMissing", FailureKind.InvalidData,
                $"{school.Name}: {string.Join("; ", noTimes.Select(u => $"bell schedule '{u.Bell.Name}' (first used {BridgeSyncCore.Day(u.First)}) " +
                    (u.Bell.TimeIn is null || u.Bell.TimeOut is null ? "lacks its default time in or out" : $"ends its day ({Clock(u.Bell.TimeOut.Value)}) before it starts ({Clock(u.Bell.TimeIn!.Value)})")))}.",
                string.Join(", ", noTimes.Select(u => u.Bell.Name)),
                "Set-AttendanceBellSchedule -School '<school>' -Name '<bell schedule>' -DailyTimeIn 08:00 -DailyTimeOut 14:50, then run the sync again.");
    }

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    internal static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>
    /// Writes the run through the engine's <see cref="WriteProtocol"/>: the store's writer lease, then, when the
    /// store changed since <paramref name="plan"/> (marks entered since the preview), a new plan of the same range,
    /// so no mark is ever overwritten and the counts are exactly what is written. Counts other than the confirmed
    /// ones are written only when <paramref name="confirmReplanned"/> (given the new plan) agrees, else the run is refused.
    /// </summary>
    public static BridgeSyncPlan Apply(AttendanceStore store, BridgeSyncPlan plan, IOperationObserver observer, CancellationToken ct, out long runId,
        Func<BridgeSyncPlan, bool>? confirmReplanned = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request with { From = plan.From, To = plan.To, SchoolYear = plan.SchoolYear };
        (var applied, runId) = WriteProtocol.Apply(store, new WriteSteps<BridgeSyncPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.CountsText, LockToken = request.LockToken, LeaseWait = request.LeaseWait,
            Replan = token => Plan(store, request, observer, token),
            ConfirmReplanned = confirmReplanned is null ? null : (_, replanned) => confirmReplanned(replanned),
        }, plan, (tx, p) => (p, Write(store, tx, p, observer, ct)), observer, ct);
        return applied;
    }

    /// <summary>The inserts, the run journal, the attendance-write hooks and the run log, in the protocol's transaction.</summary>
    private static long Write(AttendanceStore store, WriteTransaction tx, BridgeSyncPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var started = store.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        ChangeGuard.Check(plan.TargetTable, plan.ExistingTargetRows, plan.Changes.Created, plan.Request.MaxChangePercent);
        var runId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, plan.Describe(), started);
        var journal = new RunJournal(tx.Connection, tx.Transaction, runId);
        var touched = new HashSet<AttendanceTouch>();
        var written = 0;
        void Progress()
        {
            if (++written % 2000 != 0) return;
            observer.Progress(new ProgressInfo
            {
                Id = 1, Activity = Activity, Status = $"{plan.School.Name}: {Text.Progress(written, plan.Changes.Created, "record", clock.Elapsed)}",
                PercentComplete = written * 100 / Math.Max(1, plan.Changes.Created),
            });
        }
        var s = plan.School.SchoolRef;
        if (plan.Changes.DailyInserts.Count > 0)
        {
            using var insert = tx.Connection.Command(
                "INSERT INTO DailyAttendance (SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId) VALUES (@s, @d, @st, @c, @i, @o, @origin, @r)",
                tx.Transaction, ("s", s), ("d", 0), ("st", 0), ("c", 0), ("i", null), ("o", null), ("origin", BridgeNames.OriginSync), ("r", runId));
            insert.PrepareForReuse();
            foreach (var row in plan.Changes.DailyInserts)
            {
                ct.ThrowIfCancellationRequested();
                Set(insert, row.Date, row.StudentRef, row.CodeRef);
                insert.Parameters[4].Value = DbValue.OrNull(row.TimeIn);
                insert.Parameters[5].Value = DbValue.OrNull(row.TimeOut);
                insert.ExecuteNonQuery();
                journal.Inserted(Tables.DailyAttendance, new RowImage
                {
                    ["SchoolRef"] = (long)s, ["Date"] = (long)row.Date, ["StudentRef"] = (long)row.StudentRef, ["CodeRef"] = (long)row.CodeRef,
                    ["TimeIn"] = (long?)row.TimeIn, ["TimeOut"] = (long?)row.TimeOut, ["Origin"] = BridgeNames.OriginSync, ["RunId"] = runId,
                });
                touched.Add(new AttendanceTouch(s, row.StudentRef, DbValue.Date(row.Date)));
                Progress();
            }
        }
        if (plan.Changes.MeetingInserts.Count > 0)
        {
            using var insert = tx.Connection.Command(
                "INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, CodeRef, SectionRef, ClassPeriodRef, PresentMinutes, Origin, RunId) " +
                "VALUES (@s, @d, @st, @c, @x, @p, NULL, @origin, @r)",
                tx.Transaction, ("s", s), ("d", 0), ("st", 0), ("c", 0), ("x", 0), ("p", 0), ("origin", BridgeNames.OriginSync), ("r", runId));
            insert.PrepareForReuse();
            foreach (var row in plan.Changes.MeetingInserts)
            {
                ct.ThrowIfCancellationRequested();
                Set(insert, row.Date, row.StudentRef, row.CodeRef);
                insert.Parameters[4].Value = row.SectionRef;
                insert.Parameters[5].Value = row.PeriodRef;
                insert.ExecuteNonQuery();
                journal.Inserted(Tables.MeetingAttendance, new RowImage
                {
                    ["SchoolRef"] = (long)s, ["Date"] = (long)row.Date, ["StudentRef"] = (long)row.StudentRef, ["SectionRef"] = (long)row.SectionRef,
                    ["ClassPeriodRef"] = (long)row.PeriodRef, ["CodeRef"] = (long)row.CodeRef, ["PresentMinutes"] = null, ["Origin"] = BridgeNames.OriginSync,
                    ["RunId"] = runId,
                });
                touched.Add(new AttendanceTouch(s, row.StudentRef, DbValue.Date(row.Date)));
                Progress();
            }
        }
        AttendanceWriteHooks.AfterAttendanceWrite(tx.Connection, tx.Transaction, touched, store.Clock, observer);
        var result = plan.ToResult(runId);
        RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
        {
            Operation = OperationName, Scope = plan.Describe(), StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
            StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Inserted = result.Created, Unchanged = result.AlreadyPresent,
            Details = JsonSerializer.Serialize(new
            {
                result.School, result.SchoolYear, result.Direction, result.AbsentDailyMarks, From = plan.From.ToString("yyyy-MM-dd", null),
                To = plan.To.ToString("yyyy-MM-dd", null), result.DaysProcessed, result.Created, result.AlreadyPresent, result.Conflicts, Table = plan.TargetTable,
            }),
            Warnings = [.. plan.Changes.Warnings.Select(w => w.Id).Distinct()],
            UndoRef = journal.Count > 0 ? Undo.UndoOperation.JournalKeepConflictsRef : null,
        });
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Done", Completed = true });
        observer.Verbose($"Created {Text.Count(result.Created, "record")} in {plan.TargetTable} for {plan.Describe()} in {Text.Duration(clock.Elapsed)} (run {runId}).");
        return runId;
    }

    private static void Set(DbCommand insert, int date, int student, int code)
    {
        insert.Parameters[1].Value = date;
        insert.Parameters[2].Value = student;
        insert.Parameters[3].Value = code;
    }
}
