using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Writes an import plan in the write protocol's one transaction: deletes (children first), inserts (parents first), then
/// updates, each through one prepared statement per table on SQLite; a server store streams inserts (COPY, SqlBulkCopy)
/// and applies updates and deletes set-based (<see cref="StagedChanges"/>). A row that is not where the plan saw it
/// means the store changed since the plan: everything rolls back (<c>StoreChangedSincePlan</c>).
/// </summary>
internal static class ImportWriter
{
    /// <summary>Above this many changed rows the per-row change triggers cost more than a full nightly refresh saves.</summary>
    private const long CoarseChangeThreshold = 100_000;

    private static readonly DistrictTable[] IdentityAndYears =
    [
        DistrictTables.SchoolYears, DistrictTables.Schools, DistrictTables.Calendars, DistrictTables.ClassPeriods, DistrictTables.BellSchedules,
        DistrictTables.Courses, DistrictTables.Sections, DistrictTables.Students, DistrictTables.Programs, DistrictTables.AttendanceCodes,
    ];

    // Derived or cached rows of a deleted entity go with it; they are recomputed from the change log.
    private static readonly Dictionary<string, string[]> Cascades = new(StringComparer.Ordinal)
    {
        ["Student"] = ["DELETE FROM DayAggregate WHERE StudentRef = @id", "DELETE FROM BackfillStudentState WHERE StudentRef = @id"],
        ["Calendar"] = ["DELETE FROM DayAggregate WHERE CalendarRef = @id", "DELETE FROM AggregationState WHERE CalendarRef = @id"],
        ["AttendanceCode"] = ["UPDATE DayAggregate SET MostCommonExcuseRef = NULL WHERE MostCommonExcuseRef = @id"],
        ["School"] = ["DELETE FROM BackfillStudentState WHERE SchoolRef = @id"],
    };

    /// <summary>Writes inside the write protocol's transaction <paramref name="tx"/> (the protocol commits it).</summary>
    public static ImportResult Write(WriteTransaction tx, ImportPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var store = plan.Store;
        var stopwatch = Stopwatch.StartNew();
        var startedAt = store.Clock.GetUtcNow();
        var total = plan.Inserted + plan.Updated + plan.Deleted;
        var progress = new ProgressInfo { Id = 2, Activity = "Importing", Status = "", PercentComplete = 0 };

        var (c, t) = (tx.Connection, tx.Transaction);
        var scope = $"package '{plan.Path}'";
        var runId = RunLog.Start(c, t, "Import", scope, startedAt);
        var refs = LoadIdentities(store, c, t, ct);
        refs.RunId = runId;
        var coarse = total >= CoarseChangeThreshold;
        if (coarse) ChangeTracking.Suspend(c, t, store.Dialect);

        long done = 0;
        void Step(string status)
        {
            if (++done % 10_000 != 0) return;
            ct.ThrowIfCancellationRequested();
            observer.Progress(progress with { Status = status, PercentComplete = (int)(100 * done / Math.Max(total, 1)) });
        }

        foreach (var diff in plan.Diffs.Reverse().Where(d => d.Deletes.Count > 0))
        {
            var table = diff.Table;
            observer.Verbose($"{table.Name}: deleting {Text.Count(diff.Deletes.Count, "row")}.");
            // A server store deletes the rows set-based (one statement joined to a temporary table of their keys).
            using var staged = BulkInserter.Streams(c) ? new StagedChanges(c, t, store.Dialect, table.Def, []) : null;
            using var delete = staged is null ? PreparedRowCommand.Delete(c, t, store.Dialect, table.Def) : null;
            var cascades = Cascades.GetValueOrDefault(table.Name, []).Select(sql => c.Command(sql, t, ("id", 0))).ToList();
            // Staged rows have the table's columns in its order: a row binds straight into the staged one.
            var values = staged?.Row ?? new object?[table.Def.Columns.Count];
            foreach (var row in diff.Deletes)
            {
                Bind(table, row, refs, values, existing: true);
                if (staged is null) Expect(delete!.Execute(values) == 1, table, row);
                else staged.AddDelete();
                foreach (var cmd in cascades)
                {
                    cmd.Parameters[0].Value = values[0];
                    cmd.ExecuteNonQuery();
                }
                table.Unregister(row, refs);
                Step(table.Name);
            }
            foreach (var cmd in cascades) cmd.Dispose();
            if (staged is not null) Expect(staged.Apply() == diff.Deletes.Count, table, null);
        }

        foreach (var diff in plan.Diffs.Where(d => d.Inserts.Count > 0))
        {
            var table = diff.Table;
            observer.Verbose($"{table.Name}: inserting {Text.Count(diff.Inserts.Count, "row")}.");
            // A server store takes the rows as one bulk stream (COPY, SqlBulkCopy), which reports a clash only for the batch.
            var streams = BulkInserter.Streams(c);
            using var insert = new BulkInserter(c, t, store.Dialect, table.Def);
            var values = new object?[table.Def.Columns.Count];
            foreach (var row in diff.Inserts)
            {
                Bind(table, row, refs, values, existing: false);
                try
                {
                    insert.Add(values);
                }
                catch (DbException ex) when (PreparedRowCommand.IsDuplicateKey(ex))
                {
                    throw Changed(table, streams ? null : row, ex);
                }
                table.Register(row, refs, table.HasIdentity ? (int)values[0]! : 0);
                Step(table.Name);
            }
            try
            {
                insert.Complete();
            }
            catch (DbException ex) when (PreparedRowCommand.IsDuplicateKey(ex))
            {
                throw Changed(table, null, ex);
            }
        }

        foreach (var diff in plan.Diffs.Where(d => d.Updates.Count > 0))
        {
            var table = diff.Table;
            observer.Verbose($"{table.Name}: updating {Text.Count(diff.Updates.Count, "row")}.");
            using var staged = BulkInserter.Streams(c) ? new StagedChanges(c, t, store.Dialect, table.Def, []) : null;
            using var update = staged is null ? PreparedRowCommand.Update(c, t, store.Dialect, table.Def)! : null;
            var values = staged?.Row ?? new object?[table.Def.Columns.Count];
            foreach (var row in diff.Updates)
            {
                Bind(table, row, refs, values, existing: true);
                if (staged is null) Expect(update!.Execute(values) == 1, table, row);
                else staged.AddUpdate();
                Step(table.Name);
            }
            if (staged is not null) Expect(staged.Apply() == diff.Updates.Count, table, null);
        }

        DistrictStore.AfterExplicitIdentities(store, c, t);
        if (coarse) ChangeTracking.ResumeWithCoarseChange(c, t, store.Dialect, "Import");
        if (plan.DistrictName is not null) StoreSettings.Set(c, t, StoreSettings.DistrictName, plan.DistrictName);
        if (plan.TimeZone is not null) StoreSettings.Set(c, t, StoreSettings.TimeZone, plan.TimeZone);

        AttendanceWriteHooks.AfterAttendanceWrite(c, t, AttendanceTouches(plan, refs), store.Clock, observer);

        var finishedAt = store.Clock.GetUtcNow();
        RunLog.Complete(c, t, runId, new RunInfo
        {
            Operation = "Import", Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = startedAt, FinishedAt = finishedAt,
            Inserted = plan.Inserted, Updated = plan.Updated, Deleted = plan.Deleted, Unchanged = plan.Unchanged,
            Details = JsonSerializer.Serialize(plan.Tables.ToDictionary(x => x.Table, x => new { x.File, x.Inserted, x.Updated, x.Deleted, x.Unchanged })),
            Warnings = [.. plan.Warnings.Select(w => w.ToString())],
        });
        ct.ThrowIfCancellationRequested();
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        observer.Verbose($"Imported from '{plan.Path}': {Text.Count(plan.Inserted, "insert")}, {Text.Count(plan.Updated, "update")}, " +
                         $"{Text.Count(plan.Deleted, "delete")} in {Text.Duration(stopwatch.Elapsed)}.");
        return new ImportResult
        {
            Path = plan.Path, Files = plan.Files, Inserted = plan.Inserted, Updated = plan.Updated, Deleted = plan.Deleted, Unchanged = plan.Unchanged,
            Tables = plan.Tables, Duration = stopwatch.Elapsed, RunId = runId, Warnings = plan.Warnings, FileAccounts = plan.FileAccounts,
        };
    }

    /// <summary>Who and when the import's attendance rows (daily, meeting, time) changed, for the write hooks.</summary>
    private static List<AttendanceTouch> AttendanceTouches(ImportPlan plan, DistrictRefs refs)
    {
        var touched = new HashSet<AttendanceTouch>();
        DistrictTable[] attendance = [DistrictTables.DailyAttendance, DistrictTables.MeetingAttendance, DistrictTables.AttendanceTime];
        foreach (var diff in plan.Diffs.Where(d => attendance.Contains(d.Table)))
            foreach (var row in diff.Inserts.Concat(diff.Updates).Concat(diff.Deletes))
            {
                var (school, student, date) = row switch
                {
                    Model.DailyAttendance d => (d.SchoolId, d.StudentUniqueId, d.Date),
                    Model.MeetingAttendance m => (m.SchoolId, m.StudentUniqueId, m.Date),
                    Model.AttendanceTime a => (a.SchoolId, a.StudentUniqueId, a.Date),
                    _ => (null!, null!, default(DateOnly)),
                };
                if (school is not null && refs.Schools.TryGet(school, out var s) && refs.Students.TryGet(student, out var st))
                    touched.Add(new AttendanceTouch(s, st, date));
            }
        return [.. touched];
    }

    /// <summary>The surrogates of every identity row (and the school years), read inside the write transaction.</summary>
    private static DistrictRefs LoadIdentities(AttendanceStore store, DbConnection c, DbTransaction t, CancellationToken ct)
    {
        var refs = new DistrictRefs(ThrowingReferenceSink.Instance);
        foreach (var table in IdentityAndYears)
        {
            DistrictStore.ReadTable(store, c, t, table, refs, new List<object>(), ct);
            if (!table.HasIdentity) continue;
            // SQLite AUTOINCREMENT never reuses the id of a deleted row; neither do we.
            var seq = c.ScalarLong(store.Dialect.IdentityHighWater(table.Def), t);
            refs.ReserveIds(table, (int)seq + 1);
        }
        return refs;
    }

    private static void Bind(DistrictTable table, object row, DistrictRefs refs, object?[] values, bool existing)
    {
        refs.Row = new DistrictRefs.RowContext(table, 0, row);
        table.Bind(row, refs, values);
        if (!table.HasIdentity) return;
        if (!existing) values[0] = refs.NextId(table);
        else if (refs.TryIdOf(table, table.KeyOf(row), out var id)) values[0] = id;
        else throw Changed(table, row, null);
    }

    /// <summary>A row (null: some row of a set-based batch) the plan expected is not where it was.</summary>
    private static void Expect(bool ok, DistrictTable table, object? row)
    {
        if (!ok) throw Changed(table, row, null);
    }

    /// <summary>The store moved under the plan: <paramref name="row"/> (null: a row of a bulk batch, which the server does not name) is not as planned.</summary>
    private static AttendanceException Changed(DistrictTable table, object? row, Exception? inner) => new("StoreChangedSincePlan", FailureKind.Busy,
        row is null
            ? $"The store changed while the import ran: a {table.Name} row the import inserts is already there. Nothing was written."
            : $"The store changed while the import ran: {table.Name} {table.Describe(row)} is not as the plan found it. Nothing was written.",
        (object?)row ?? table.Name, "Run the import again; it compares with the store afresh.", inner);
}
