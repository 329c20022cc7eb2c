using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Engine.Storage;

/// <summary>What a bulk load wrote.</summary>
public sealed record DistrictLoadResult
{
    /// <summary>Rows written per store table (every district table, zeros included).</summary>
    public required IReadOnlyDictionary<string, long> Rows { get; init; }
    public long TotalRows => Rows.Values.Sum();
    public required TimeSpan Duration { get; init; }
    public required long RunId { get; init; }
}

/// <summary>
/// A whole district in and out of the store, by natural keys: <see cref="BulkLoad"/> fills an empty
/// store fast (the demo generator, a first import), <see cref="Read(AttendanceStore, CancellationToken)"/> returns everything as
/// <see cref="DistrictData"/> (exports, import diffs, tests).
/// </summary>
public static class DistrictStore
{
    private const int ProgressEvery = 50_000, CancelCheckEvery = 4_096;

    /// <summary>
    /// Loads <paramref name="data"/> into an empty store in one transaction. Surrogates are assigned
    /// 1..n in list order; every reference must resolve (<c>ImportBrokenReference</c>) and every key be
    /// unique (<c>ImportDuplicateKey</c>), else nothing is written. The change-tracking triggers are
    /// dropped for the load and one coarse <c>ChangeLog</c> row ("everything may have changed") is written instead.
    /// </summary>
    public static DistrictLoadResult BulkLoad(AttendanceStore store, DistrictData data, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(observer);
        var stopwatch = Stopwatch.StartNew();
        var startedAt = store.Clock.GetUtcNow();
        var total = DistrictTables.All.Sum(t => (long)t.Rows(data).Count);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);

        using var tx = WriteTransaction.Begin(store);
        var (c, t) = (tx.Connection, tx.Transaction);
        EnsureEmpty(store, c, t);
        ChangeTracking.Suspend(c, t, store.Dialect);
        var runId = RunLog.Start(c, t, "BulkLoad", Scope(data), startedAt);

        var refs = new DistrictRefs(ThrowingReferenceSink.Instance) { RunId = runId };
        var progress = new ProgressInfo { Id = 1, Activity = "Loading district", Status = "", PercentComplete = 0 };
        long done = 0;
        foreach (var table in DistrictTables.All)
        {
            var rows = table.Rows(data);
            counts[table.Name] = rows.Count;
            if (rows.Count == 0) continue;
            observer.Verbose($"Loading {Text.Count(rows.Count, "row")} into {table.Name}.");
            // SQLite: a prepared statement per row; a server: one COPY or SqlBulkCopy stream per table.
            using var insert = new BulkInserter(c, t, store.Dialect, table.Def);
            var values = new object?[table.Def.Columns.Count];
            var i = 0;
            try
            {
                for (; i < rows.Count; i++)
                {
                    if (i % CancelCheckEvery == 0) ct.ThrowIfCancellationRequested();
                    var row = rows[i] ?? throw new AttendanceException("ImportBadValue", FailureKind.InvalidData,
                        $"{table.Name} row {i + 1} is empty. Nothing was written.", table.Name);
                    refs.Row = new DistrictRefs.RowContext(table, i, row);
                    table.Bind(row, refs, values);
                    if (table.HasIdentity) values[0] = refs.NextId(table);
                    insert.Add(values);
                    table.Register(row, refs, table.HasIdentity ? (int)values[0]! : 0);
                    if (++done % ProgressEvery == 0)
                        observer.Progress(progress with { Status = Text.Progress((int)done, (int)total, "row", stopwatch.Elapsed), PercentComplete = (int)(100 * done / total) });
                }
                insert.Complete();
            }
            catch (DbException ex) when (PreparedRowCommand.IsDuplicateKey(ex))
            {
                // A stream reports the duplicate when a batch reaches the server, not at the row: the repeated row is looked up here.
                var row = FirstRepeated(table, rows) ?? rows[Math.Min(i, rows.Count - 1)]!;
                throw new AttendanceException("ImportDuplicateKey", FailureKind.InvalidData,
                    $"{table.Name} {table.Describe(row)} appears more than once. Nothing was written.", row, null, ex);
            }
        }

        AfterExplicitIdentities(store, c, t);
        ChangeTracking.ResumeWithCoarseChange(c, t, store.Dialect, "BulkLoad");
        if (data.DistrictName is not null) StoreSettings.Set(c, t, StoreSettings.DistrictName, data.DistrictName);
        if (data.TimeZone is not null) StoreSettings.Set(c, t, StoreSettings.TimeZone, data.TimeZone);
        var finishedAt = store.Clock.GetUtcNow();
        RunLog.Complete(c, t, runId, new RunInfo
        {
            Operation = "BulkLoad", Scope = Scope(data), StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
            StartedAt = startedAt, FinishedAt = finishedAt, Inserted = done, Details = JsonSerializer.Serialize(counts),
        });
        tx.Commit();
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        observer.Verbose($"Loaded {Text.Count(done, "row")} in {Text.Duration(stopwatch.Elapsed)}.");
        return new DistrictLoadResult { Rows = counts, Duration = stopwatch.Elapsed, RunId = runId };
    }

    /// <summary>The first row of <paramref name="rows"/> whose natural key an earlier row has; null when every key is unique.</summary>
    private static object? FirstRepeated(DistrictTable table, System.Collections.IList rows)
    {
        var seen = new HashSet<object>();
        foreach (var row in rows)
            if (row is not null && !seen.Add(table.KeyOf(row))) return row;
        return null;
    }

    /// <summary>Reads every district table back as natural-key records (rows in store order; settings included).</summary>
    public static DistrictData Read(AttendanceStore store, CancellationToken ct) => Read(store, ct, out _);

    /// <summary>Reads the district and hands back the surrogate maps the read built (for diffs that need ids).</summary>
    internal static DistrictData Read(AttendanceStore store, CancellationToken ct, out DistrictRefs refs)
    {
        using var snapshot = DistrictSnapshot.Open(store);
        var data = snapshot.Read([], ct);
        refs = snapshot.Refs;
        return data;
    }

    /// <summary>
    /// Reads one table into <paramref name="into"/>; the tables it refers to must have been read into <paramref name="refs"/> first.
    /// <paramref name="where"/> (a condition with named parameters) reads only some rows; the rows it keeps must not refer to rows left unread.
    /// </summary>
    internal static void ReadTable(AttendanceStore store, DbConnection c, DbTransaction? tx, DistrictTable table, DistrictRefs refs,
        System.Collections.IList into, CancellationToken ct, string? where = null, params (string Name, object? Value)[] parameters)
    {
        foreach (var row in ReadRows(store, c, tx, table, refs, ct, where, parameters)) into.Add(row);
    }

    /// <summary>One table's rows as they are read, none kept: for callers that look at each row once (the import's streamed diff).</summary>
    internal static IEnumerable<object> ReadRows(AttendanceStore store, DbConnection c, DbTransaction? tx, DistrictTable table, DistrictRefs refs,
        CancellationToken ct, string? where = null, params (string Name, object? Value)[] parameters)
    {
        var sql = $"SELECT {string.Join(", ", table.Def.Columns.Select(x => store.Dialect.Quote(x.Name)))} FROM {store.Dialect.Quote(table.Name)}"
                  + (where is null ? "" : " WHERE " + where);
        using var cmd = c.Command(sql, tx, parameters);
        using var reader = cmd.OpenReader();
        var n = 0;
        while (reader.Read())
        {
            if (++n % CancelCheckEvery == 0) ct.ThrowIfCancellationRequested();
            yield return table.Read(reader, refs);
        }
    }

    /// <summary>Moves each identity table's generator past the surrogates the engine assigned itself (a no-op on SQLite).</summary>
    internal static void AfterExplicitIdentities(AttendanceStore store, DbConnection c, DbTransaction t)
    {
        foreach (var table in DistrictTables.All.Where(x => x.HasIdentity))
            foreach (var sql in store.Dialect.AfterExplicitIdentities(table.Def)) c.Execute(sql, t);
    }

    /// <summary>A read transaction so every table comes from the same moment (WAL readers see one snapshot).</summary>
    internal static DbTransaction BeginSnapshot(DbConnection c)
        // Microsoft.Data.Sqlite's default BeginTransaction is IMMEDIATE (it would take the write lock); a reader wants DEFERRED.
        => c is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : c.BeginTransaction(IsolationLevel.Snapshot);

    private static void EnsureEmpty(AttendanceStore store, DbConnection c, DbTransaction t)
    {
        foreach (var table in Tables.DistrictData)
        {
            if (c.ScalarLong(Db.Exists($"SELECT 1 FROM {store.Dialect.Quote(table.Name)}"), t) == 0) continue;
            throw new AttendanceException("StoreNotEmpty", FailureKind.InvalidOperation,
                $"The store '{store.Location}' already holds data (table {table.Name} has rows); a bulk load needs an empty store.",
                store.Location, "Use a new store file, or Import-AttendanceData, which writes only the difference.");
        }
    }

    private static string Scope(DistrictData data)
        => string.Create(CultureInfo.InvariantCulture,
            $"district '{data.DistrictName ?? "(unnamed)"}': {data.Schools.Count} schools, {data.Students.Count} students");
}
