using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Writes a calendar's changes inside the caller's transaction: one prepared statement per kind,
/// reused for every row. On SQLite inserts (the bulk of a first refresh) go through
/// <see cref="SqliteAggregateInserter"/> (multi-row statements compiled once, bound by index) with the
/// connection's page cache raised for the bulk load (<see cref="SqliteBulkCache"/>); another dialect's
/// COPY path (<see cref="PostgreSqlAggregateInserter"/>) and SQL Server's bulk copy sit beside that branch. On a server
/// store updates and deletes are set-based (<see cref="StagedChanges"/>: a calendar's changed rows stream into a temporary
/// table, then one UPDATE and one DELETE joined to it), where a statement per row would cost a round trip per row.
/// Callers write calendars in key order, so inserts append. Untouched rows keep LastModified: only the rows of the plan's
/// updates get the new stamp.
/// </summary>
internal sealed class AggregateWriter : IDisposable
{
    private const string InsertSql =
        "INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) " +
        "VALUES (@c, @d, @s, @sch, @abs, @unx, @mce, @lm)";

    /// <summary>The columns a set-based write gives once per calendar rather than per row.</summary>
    private static readonly string[] PerCalendar = ["CalendarRef", "LastModified"];

    // SQLite: multi-row inserts (_fastInsert), else one prepared statement per row (_insert); one statement per row for
    // updates and deletes. A server store: its bulk path for inserts (_pgInsert, else SqlBulkCopy through _bulkInto) and
    // the set-based writer (_staged) for updates and deletes. Only the chosen path is prepared.
    private readonly SqliteAggregateInserter? _fastInsert;
    private readonly (DbCommand Command, DbParameter[] Parameters)? _insert, _update, _delete;
    private readonly SqliteBulkCache? _cache;
    private readonly PostgreSqlAggregateInserter? _pgInsert;
    private readonly (DbConnection Connection, DbTransaction Transaction)? _bulkInto;
    private readonly StagedChanges? _staged;

    public AggregateWriter(DbConnection c, DbTransaction tx)
    {
        if (BulkInserter.Streams(c))
        {
            _pgInsert = PostgreSqlAggregateInserter.TryCreate(c);
            if (_pgInsert is null) _bulkInto = (c, tx);
            _staged = new StagedChanges(c, tx, Dialects.Of(c), Storage.Schema.Tables.DayAggregate, PerCalendar);
            return;
        }
        _fastInsert = SqliteAggregateInserter.TryCreate(c);
        if (_fastInsert is not null) _cache = SqliteBulkCache.Raise(c, tx);
        else _insert = Prepare(c, tx, InsertSql, "c", "d", "s", "sch", "abs", "unx", "mce", "lm");
        _update = Prepare(c, tx,
            "UPDATE DayAggregate SET ScheduledMinutes = @sch, AbsentMinutes = @abs, UnexcusedAbsentMinutes = @unx, MostCommonExcuseRef = @mce, LastModified = @lm " +
            "WHERE CalendarRef = @c AND Date = @d AND StudentRef = @s", "c", "d", "s", "sch", "abs", "unx", "mce", "lm");
        _delete = Prepare(c, tx, "DELETE FROM DayAggregate WHERE CalendarRef = @c AND Date = @d AND StudentRef = @s", "c", "d", "s");
    }

    /// <summary>The set-based statements of a server store's updates and deletes; null on SQLite (a statement per row).</summary>
    internal StagedSql? SetBasedSql => _staged?.Sql;

    public void Write(int calendarRef, AggregateChanges changes, long lastModified, CancellationToken ct)
    {
        if (_fastInsert is not null) _fastInsert.Insert(calendarRef, changes.Inserts, lastModified, ct);
        else if (_pgInsert is not null) _pgInsert.Insert(calendarRef, changes.Inserts, lastModified, ct);
        else if (_bulkInto is { } into) BulkInserts(into.Connection, into.Transaction, calendarRef, changes.Inserts, lastModified, ct);
        else Rows(_insert!.Value.Command, _insert.Value.Parameters, calendarRef, changes.Inserts, lastModified, ct);
        if (_staged is not null)
        {
            Stage(_staged, changes, ct);
            _staged.Apply(calendarRef, lastModified);
            return;
        }
        var (update, upd) = _update!.Value;
        Rows(update, upd, calendarRef, changes.Updates, lastModified, ct);
        var (delete, del) = _delete!.Value;
        foreach (var row in changes.Deletes)
        {
            del[0].Value = calendarRef;
            del[1].Value = row.Date;
            del[2].Value = row.StudentRef;
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>A calendar's updates and deletes into the staging table (its columns: Date, StudentRef, the four values, the kind).</summary>
    private static void Stage(StagedChanges staged, AggregateChanges changes, CancellationToken ct)
    {
        var values = staged.Row;
        var n = 0;
        foreach (var (rows, update) in new[] { (changes.Updates, true), (changes.Deletes, false) })
            foreach (var row in rows)
            {
                if ((n++ & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                (values[0], values[1], values[2], values[3], values[4]) = (row.Date, row.StudentRef, row.Scheduled, row.Absent, row.Unexcused);
                values[5] = row.MostCommonCodeRef == 0 ? null : row.MostCommonCodeRef;
                if (update) staged.AddUpdate();
                else staged.AddDelete();
            }
    }

    private static void Rows(DbCommand cmd, DbParameter[] p, int calendarRef, List<DayAggregateRow> rows, long lastModified, CancellationToken ct)
    {
        p[0].Value = calendarRef;
        p[7].Value = lastModified;
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var row = rows[i];
            p[1].Value = row.Date;
            p[2].Value = row.StudentRef;
            p[3].Value = row.Scheduled;
            p[4].Value = row.Absent;
            p[5].Value = row.Unexcused;
            p[6].Value = row.MostCommonCodeRef == 0 ? DBNull.Value : row.MostCommonCodeRef;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>SQL Server's inserts: SqlBulkCopy through <see cref="BulkInserter"/>.</summary>
    private static void BulkInserts(DbConnection c, DbTransaction tx, int calendarRef, List<DayAggregateRow> rows, long lastModified, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        using var copy = new BulkInserter(c, tx, Dialects.Of(c), Storage.Schema.Tables.DayAggregate);
        var values = new object?[8];
        values[0] = calendarRef;
        values[7] = lastModified;
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var row = rows[i];
            (values[1], values[2], values[3], values[4], values[5]) = (row.Date, row.StudentRef, row.Scheduled, row.Absent, row.Unexcused);
            values[6] = row.MostCommonCodeRef == 0 ? null : row.MostCommonCodeRef;
            copy.Add(values);
        }
        copy.Complete();
    }

    private static (DbCommand, DbParameter[]) Prepare(DbConnection c, DbTransaction tx, string sql, params string[] names)
    {
        var cmd = c.Command(sql, tx);
        // Typed once: a server prepares the statement with these types, whatever CLR integer a value is later.
        var parameters = names.Select(n => { var p = cmd.AddParameter(n, 0L); p.DbType = System.Data.DbType.Int64; return p; }).ToArray();
        cmd.PrepareForReuse();
        return (cmd, parameters);
    }

    public void Dispose()
    {
        _cache?.Dispose();
        _fastInsert?.Dispose();
        _insert?.Command.Dispose();
        _update?.Command.Dispose();
        _delete?.Command.Dispose();
        _staged?.Dispose();
    }
}

/// <summary>
/// SQLite only: a bigger page cache while one transaction writes millions of rows, so its dirty pages stay in
/// memory until the commit instead of spilling to the WAL mid-transaction; the connection's setting comes back
/// afterwards (connections are pooled). The page size itself is fixed when a store is created.
/// </summary>
internal sealed class SqliteBulkCache : IDisposable
{
    /// <summary>256 MiB (negative: KiB): a whole-district refresh's dirty pages, at 50,000 students about 200 MB.</summary>
    private const long BulkKiB = 262_144;
    private readonly DbConnection _c;
    private readonly DbTransaction _tx;
    private long? _restore;

    private SqliteBulkCache(DbConnection c, DbTransaction tx, long restore) => (_c, _tx, _restore) = (c, tx, restore);

    public static SqliteBulkCache Raise(DbConnection c, DbTransaction tx)
    {
        var current = c.ScalarLong("PRAGMA cache_size", tx);
        c.Execute($"PRAGMA cache_size = -{BulkKiB}", tx);
        return new SqliteBulkCache(c, tx, current);
    }

    public void Dispose()
    {
        if (_restore is not { } restore) return;
        _restore = null;
        _c.Execute(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA cache_size = {restore}"), _tx);
    }
}
