using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>What Copy-AttendanceStore copied.</summary>
public sealed record StoreCopyResult
{
    public required string Source { get; init; }
    public required string SourceProvider { get; init; }
    public required string Destination { get; init; }
    public required string DestinationProvider { get; init; }
    /// <summary>Rows copied per table, each checked against the source's count before the copy committed.</summary>
    public required IReadOnlyDictionary<string, long> Rows { get; init; }
    public long TotalRows => Rows.Values.Sum();
    public int Tables => Rows.Count;
    public required TimeSpan Duration { get; init; }
    public long RunId { get; init; }
    public bool WhatIf { get; init; }
}

/// <summary>
/// Moves a whole district between stores (SQLite to a server and back): every table of the schema row
/// for row, surrogate keys kept, so day aggregates, run log, undo journal and nightly bookkeeping carry
/// over as they are. The destination must hold no data; it is written in one transaction, and each
/// table's count is checked against the source's before that transaction commits.
/// </summary>
public static class StoreCopy
{
    private const int CancelCheckEvery = 4_096;

    /// <summary>
    /// Every table of the store's schema except the destination's own bookkeeping (schema version, leases)
    /// and file backups, which stay with the SQLite file they sit beside. The test
    /// "Copy_covers_every_table_of_the_schema" fails when a migration adds a table this list lacks.
    /// </summary>
    public static IReadOnlyList<TableDef> Tables { get; } =
    [
        .. Schema.Tables.Version1.Where(t => t.Name is not ("SchemaVersion" or "Lease")),
        ChangeTracking.ChangeLog, ChangeTracking.AggregationState, RunJournalMigration.RunChange,
        RecordingMethodChangeMigration.RecordingMethodChange, OneRosterInterchangeMigration.AcademicSession,
    ];

    /// <summary>Tables a copy leaves out, and why (shown in verbose output).</summary>
    public static IReadOnlyDictionary<string, string> LeftOut { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SchemaVersion"] = "the destination keeps its own schema history",
        ["Lease"] = "leases belong to runs on the source",
        ["StoreBackup"] = "backup files stay beside the SQLite store that made them",
    };

    /// <summary>Row counts of the source per table (what a copy would write): -WhatIf's answer.</summary>
    public static IReadOnlyDictionary<string, long> Count(AttendanceStore source)
    {
        using var c = source.OpenConnection();
        return Counts(c, null, source.Dialect);
    }

    public static StoreCopyResult Copy(AttendanceStore source, AttendanceStore destination, string? lockToken, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(observer);
        if (source.SchemaVersion != destination.SchemaVersion)
            throw new AttendanceException("StoreSchemaMismatch", FailureKind.InvalidOperation,
                $"The source store '{source.Location}' has schema version {source.SchemaVersion} and the destination '{destination.Location}' {destination.SchemaVersion}; a copy needs both at {SchemaMigrator.LatestVersion}.",
                destination.Location, "Upgrade both stores first (Update-AttendanceStoreSchema, or connect once to a SQLite store).");
        var stopwatch = Stopwatch.StartNew();
        var startedAt = destination.Clock.GetUtcNow();
        using var read = source.OpenConnection();
        using var snapshot = DistrictStore.BeginSnapshot(read);
        var expected = Counts(read, snapshot, source.Dialect);
        var total = Math.Max(1, expected.Values.Sum());
        var progress = new ProgressInfo { Id = 1, Activity = "Copying the store", Status = "", PercentComplete = 0 };

        using var tx = WriteTransaction.Begin(destination, lockToken);
        var (c, t) = (tx.Connection, tx.Transaction);
        EnsureEmpty(destination, c, t);
        ChangeTracking.Suspend(c, t, destination.Dialect);
        long done = 0;
        foreach (var table in Tables)
        {
            ct.ThrowIfCancellationRequested();
            var columns = string.Join(", ", table.Columns.Select(x => source.Dialect.Quote(x.Name)));
            var where = table.Name == "Setting" ? $" WHERE Name <> '{StoreSettings.StoreId}'" : "";
            using var cmd = read.Command($"SELECT {columns} FROM {source.Dialect.Quote(table.Name)}{where}", snapshot);
            using var reader = cmd.OpenReader();
            if (table.Name == "Setting") c.Execute($"DELETE FROM Setting WHERE Name <> '{StoreSettings.StoreId}'", t);
            using var insert = new BulkInserter(c, t, destination.Dialect, table);
            var values = new object?[table.Columns.Count];
            var n = 0L;
            while (reader.Read())
            {
                if (++n % CancelCheckEvery == 0) ct.ThrowIfCancellationRequested();
                for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                insert.Add(values);
            }
            insert.Complete();
            done += n;
            if (n > 0) observer.Verbose($"Copied {Text.Count(n, "row")} of {table.Name}.");
            observer.Progress(progress with { Status = $"{table.Name}: {Text.Count(n, "row")}", PercentComplete = (int)Math.Min(99, 100 * done / total) });
        }
        foreach (var (table, why) in LeftOut) observer.Verbose($"Not copied: {table} ({why}).");
        foreach (var table in Tables.Where(x => x.HasIdentity))
            foreach (var sql in destination.Dialect.AfterExplicitIdentities(table)) c.Execute(sql, t);
        foreach (var sql in destination.Dialect.ChangeTrackingTriggers()) c.Execute(sql, t);

        // The check: what the destination now holds, table by table, against what the source held.
        var copied = Counts(c, t, destination.Dialect);
        var wrong = Tables.Where(x => copied[x.Name] != expected[x.Name]).Select(x => $"{x.Name} ({copied[x.Name]} of {expected[x.Name]})").ToList();
        if (wrong.Count > 0)
            throw new AttendanceException("StoreCopyCountMismatch", FailureKind.InvalidData,
                $"The copy of '{source.Location}' to '{destination.Location}' does not hold the source's rows: {string.Join(", ", wrong)}. Nothing was written.",
                destination.Location, "Make sure nothing else writes the destination during the copy, then run it again.");

        var scope = $"copy of {source.Provider} store '{source.Location}'";
        var runId = RunLog.Write(c, t, new RunInfo
        {
            Operation = "CopyStore", Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = startedAt,
            FinishedAt = destination.Clock.GetUtcNow(), Inserted = done, Details = JsonSerializer.Serialize(copied),
        });
        tx.Commit();
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        observer.Verbose($"Copied {Text.Count(done, "row")} in {Text.Count(Tables.Count, "table")} from '{source.Location}' to '{destination.Location}' in {Text.Duration(stopwatch.Elapsed)}; every table's count matches the source's.");
        return new StoreCopyResult
        {
            Source = source.Location, SourceProvider = source.Provider, Destination = destination.Location, DestinationProvider = destination.Provider,
            Rows = copied, Duration = stopwatch.Elapsed, RunId = runId,
        };
    }

    private static SortedDictionary<string, long> Counts(DbConnection c, DbTransaction? t, ISqlDialect dialect)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
            counts[table.Name] = c.ScalarLong($"SELECT COUNT(*) FROM {dialect.Quote(table.Name)}" + (table.Name == "Setting" ? $" WHERE Name <> '{StoreSettings.StoreId}'" : ""), t);
        return counts;
    }

    private static void EnsureEmpty(AttendanceStore store, DbConnection c, DbTransaction t)
    {
        foreach (var table in Tables.Where(x => x.Name != "Setting"))
        {
            if (c.ScalarLong(Db.Exists($"SELECT 1 FROM {store.Dialect.Quote(table.Name)}"), t) == 0) continue;
            throw new AttendanceException("StoreNotEmpty", FailureKind.InvalidOperation,
                $"The destination store '{store.Location}' already holds data (table {table.Name} has rows); a copy needs an empty store.",
                store.Location, "Copy into a new store: New-AttendanceStore -Path for SQLite, or an empty database connected with -Initialize.");
        }
    }
}

/// <summary>What Update-AttendanceStoreSchema did.</summary>
public sealed record SchemaUpdateResult
{
    public required string Provider { get; init; }
    public required string Location { get; init; }
    public required int PreviousVersion { get; init; }
    public required int SchemaVersion { get; init; }
    /// <summary>False when the store already had this module's schema (nothing was changed).</summary>
    public bool Upgraded => SchemaVersion > PreviousVersion;
    public bool WhatIf { get; init; }
}
