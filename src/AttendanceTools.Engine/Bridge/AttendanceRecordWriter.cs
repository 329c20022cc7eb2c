using System.Globalization;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>
/// Single-record attendance writes (Set-/Remove-AttendanceRecord): each mark validated against the
/// codes, the calendar, the enrolment and the roster; all marks of a call in one transaction with one
/// run-log row, written through the engine's <see cref="WriteProtocol"/>; the live bridge of domain §6.5 on each; the
/// attendance-write hooks before commit.
/// Bulk imports do not come through here, so they never trigger the live bridge (choice C10).
/// </summary>
public static class AttendanceRecordWriter
{
    public const string OperationName = "AttendanceRecord";

    /// <summary>
    /// What the writes would do, exactly: the same code path in a transaction that is rolled back,
    /// so a later mark of the batch sees the earlier ones as the real run would. Writes nothing.
    /// </summary>
    public static List<AttendanceMarkResult> Plan(AttendanceStore store, IReadOnlyList<AttendanceMark> marks, bool remove, string? lockToken)
    {
        using var tx = WriteTransaction.Begin(store, lockToken);
        return Write(tx, marks, remove, null, out _, out _);
    }

    /// <summary>
    /// Writes the marks through the engine's <see cref="WriteProtocol"/> (the store's writer lease, one transaction
    /// with the run log and the lease release). Each mark is resolved and written against the store as it is inside
    /// that transaction, so there is no change list that could go stale.
    /// </summary>
    public static List<AttendanceMarkResult> Apply(AttendanceStore store, IReadOnlyList<AttendanceMark> marks, bool remove, string? lockToken,
        IOperationObserver observer)
    {
        if (marks.Count == 0) return [];
        var (results, runId, counts) = WriteProtocol.Apply(store, OperationName, lockToken, tx =>
        {
            var started = store.Clock.GetUtcNow();
            var runId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, Scope(marks, remove), started);
            var results = Write(tx, marks, remove, runId, out var counts, out var touched);
            AttendanceWriteHooks.AfterAttendanceWrite(tx.Connection, tx.Transaction, touched, store.Clock, observer);
            RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
            {
                Operation = OperationName, Scope = Scope(marks, remove), StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
                StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Inserted = counts.Inserted, Updated = counts.Updated, Deleted = counts.Deleted,
                Unchanged = counts.Unchanged, Warnings = [.. results.SelectMany(r => r.Warnings).Select(w => w.Split(':')[0]).Distinct()],
            });
            return (results, runId, counts);
        }, observer, CancellationToken.None);
        foreach (var w in results.SelectMany(r => r.Warnings)) observer.Warning(w.Split(':')[0], w[(w.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        observer.Verbose($"{(remove ? "Removed" : "Wrote")} {Text.Count(results.Count, "attendance record")} (run {runId}): {counts.Inserted} inserted, {counts.Updated} updated, {counts.Deleted} deleted, {counts.Unchanged} unchanged, bridge included.");
        return results;
    }

    private static string Scope(IReadOnlyList<AttendanceMark> marks, bool remove)
    {
        var first = string.Join(", ", marks.Take(3).Select(m => m.ToString()));
        return $"{(remove ? "Remove" : "Set")} {first}{(marks.Count > 3 ? $" and {marks.Count - 3} more" : "")}";
    }

    internal sealed class Counts
    {
        public long Inserted, Updated, Deleted, Unchanged;
    }

    private static List<AttendanceMarkResult> Write(WriteTransaction tx, IReadOnlyList<AttendanceMark> marks, bool remove, long? runId, out Counts counts,
        out HashSet<AttendanceTouch> touched)
    {
        var ctx = new MarkContext(tx.Connection, tx.Transaction);
        var rows = new MarkRows(ctx, runId);
        var results = marks.Select(m => WriteOne(ctx, rows, m, remove, runId)).ToList();
        counts = rows.Counts;
        touched = rows.Touched;
        return results;
    }

    private static AttendanceMarkResult WriteOne(MarkContext ctx, MarkRows rows, AttendanceMark mark, bool remove, long? runId)
    {
        var target = MarkTarget.Resolve(ctx, mark, remove);
        var settings = ctx.Settings(target.SchoolRef, target.SchoolYear);
        var bell = ctx.Bells(target.SchoolRef)[target.BellRef];
        var changes = new List<BridgeChange>();
        var warnings = new List<string>();
        string action;
        string? previous;
        if (target.Kind == MarkKind.Daily)
        {
            var key = new DailyKey(target.SchoolRef, target.Date, target.StudentRef);
            var before = rows.ReadDaily(key);
            previous = before is { } b ? ctx.CodeName(target.SchoolRef, target.SchoolYear, b.CodeRef) : null;
            action = remove
                ? rows.DeleteDaily(key)
                : rows.UpsertDaily(key, target.CodeRef, mark.TimeIn ?? before?.TimeIn, mark.TimeOut ?? before?.TimeOut, BridgeNames.OriginEntered);
            if (settings.BridgeMode == "TwoWay" && bell.BridgePeriodRef is { } bp)
                LiveDailyToMeeting(ctx, rows, target, bp, remove, changes, warnings);
        }
        else
        {
            var key = new MeetingKey(target.SchoolRef, target.Date, target.StudentRef, target.SectionRef, target.PeriodRef);
            var before = rows.ReadMeeting(key);
            previous = before is { } b ? ctx.CodeName(target.SchoolRef, target.SchoolYear, b.CodeRef) : null;
            action = remove
                ? rows.DeleteMeeting(key)
                : rows.UpsertMeeting(key, target.CodeRef, mark.PresentMinutes ?? (before?.CodeRef == target.CodeRef ? before?.PresentMinutes : null), BridgeNames.OriginEntered);
            if (settings.BridgeMode is "OneWay" or "TwoWay" && bell.BridgePeriodRef == target.PeriodRef)
            {
                var twin = new DailyKey(target.SchoolRef, target.Date, target.StudentRef);
                if (!remove)
                    changes.Add(Change("Daily", null, null, target.Code,
                        rows.UpsertDaily(twin, target.CodeRef, bell.TimeIn, bell.TimeOut, BridgeNames.OriginLiveBridge)));
                else if (rows.ReadDaily(twin) is { } d)
                    changes.Add(Change("Daily", null, null, ctx.CodeName(target.SchoolRef, target.SchoolYear, d.CodeRef),
                        d.Origin == BridgeNames.OriginLiveBridge ? rows.DeleteDaily(twin) : "Kept"));
            }
        }
        if (remove) action = "Removed";
        var final = remove ? null : rows.ReadDaily(new DailyKey(target.SchoolRef, target.Date, target.StudentRef));
        return new AttendanceMarkResult
        {
            Action = action, Kind = target.Kind.ToString(), StudentId = target.StudentId, School = target.SchoolName,
            Date = target.Date.ToDateTime(TimeOnly.MinValue), Section = target.SectionIdentifier, Period = target.PeriodName,
            Code = remove ? previous : target.Code, PreviousCode = previous,
            TimeIn = target.Kind == MarkKind.Daily && final?.TimeIn is { } i ? TimeSpan.FromMinutes(i) : null,
            TimeOut = target.Kind == MarkKind.Daily && final?.TimeOut is { } o ? TimeSpan.FromMinutes(o) : null,
            PresentMinutes = target.Kind == MarkKind.Meeting && !remove
                ? rows.ReadMeeting(new MeetingKey(target.SchoolRef, target.Date, target.StudentRef, target.SectionRef, target.PeriodRef))?.PresentMinutes : null,
            BridgeMode = settings.BridgeMode, BridgeChanges = changes, Warnings = warnings, RunId = runId, IsPreview = runId is null,
        };
    }

    /// <summary>Two-way: a daily mark sets (or, removed, takes away its live-bridge twins in) the bridge period, and only the bridge period.</summary>
    private static void LiveDailyToMeeting(MarkContext ctx, MarkRows rows, MarkTarget target, int bridgePeriod, bool remove, List<BridgeChange> changes,
        List<string> warnings)
    {
        var periodName = ctx.PeriodName(target.SchoolRef, bridgePeriod);
        if (remove)
        {
            foreach (var (key, row) in rows.MeetingInPeriod(target.SchoolRef, target.Date, target.StudentRef, bridgePeriod))
                changes.Add(Change("Meeting", row.SectionIdentifier, periodName, ctx.CodeName(target.SchoolRef, target.SchoolYear, row.CodeRef),
                    row.Origin == BridgeNames.OriginLiveBridge ? rows.DeleteMeeting(key) : "Kept"));
            return;
        }
        var rosters = ctx.Rosters(target.SchoolRef, target.SchoolYear, target.StudentRef, DbValue.Date(target.Date));
        var sections = rosters.Where(r => r.Schedules).ToDictionary(r => r.Roster.SectionRef, r => new BridgeSection(r.Roster.SectionRef, r.Identifier, r.Periods));
        var scheduled = BridgeSchedule.SectionsIn(rosters.Select(r => r.Roster), sections, bridgePeriod, DbValue.Date(target.Date));
        if (scheduled.Count == 0)
            warnings.Add($"NotScheduledInBridgePeriod: Student {target.StudentId} is not scheduled in the bridge period {periodName} at {target.SchoolName} on {target.Date:yyyy-MM-dd}; no meeting record was created.");
        foreach (var s in scheduled)
            changes.Add(Change("Meeting", s.Identifier, periodName, target.Code,
                rows.UpsertMeeting(new MeetingKey(target.SchoolRef, target.Date, target.StudentRef, s.SectionRef, bridgePeriod), target.CodeRef, null,
                    BridgeNames.OriginLiveBridge)));
    }

    private static BridgeChange Change(string kind, string? section, string? period, string? code, string action)
        => new() { Kind = kind, Section = section, Period = period, Code = code, Action = action };

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Year(int y) => SchoolYearText.Format(y);
}
