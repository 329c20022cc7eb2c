using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Writes a calendar's changes inside the caller's transaction: one prepared statement per kind,
/// reused for every row. On SQLite inserts (the bulk of a first refresh) go through
/// <see cref="SqliteAggregateInserter"/> (multi-row statements compiled once, bound by index) with the
/// connection's page cache raised for the bulk load (<see cref="SqliteBulkCache"/>); another dialect's
/// COPY path (<see cref="PostgreSqlAggregateInserter"/>) and SQL Server's bulk copy sit beside that branch. Callers write calendars in key order, so inserts append. Untouched rows keep LastModified.
/// </summary>
internal sealed class AggregateWriter : IDisposable
{
    private const string InsertSql =
        "INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) " +
        "VALUES (@c, @d, @s, @sch, @abs, @unx, @mce, @lm)";

    private readonly DbCommand _insert, _update, _delete;
    private readonly DbParameter[] _ins, _upd, _del;
    private readonly SqliteAggregateInserter? _fastInsert;
    private readonly PostgreSqlAggregateInserter? _pgInsert;
    // SQL Server: inserts stream through SqlBulkCopy (BulkInserter) instead of a statement per row; PostgreSQL through _pgInsert.
    private readonly (DbConnection Connection, DbTransaction Transaction)? _copyInto;
    private readonly SqliteBulkCache? _cache;

    public AggregateWriter(DbConnection c, DbTransaction tx)
    {
        if (BulkInserter.Streams(c)) _copyInto = (c, tx);
        _fastInsert = SqliteAggregateInserter.TryCreate(c);
        _pgInsert = PostgreSqlAggregateInserter.TryCreate(c);
        if (_fastInsert is not null) _cache = SqliteBulkCache.Raise(c, tx);
        (_insert, _ins) = Prepare(c, tx, InsertSql, "c", "d", "s", "sch", "abs", "unx", "mce", "lm");
        (_update, _upd) = Prepare(c, tx,
            "UPDATE DayAggregate SET ScheduledMinutes = @sch, AbsentMinutes = @abs, UnexcusedAbsentMinutes = @unx, MostCommonExcuseRef = @mce, LastModified = @lm " +
            "WHERE CalendarRef = @c AND Date = @d AND StudentRef = @s", "c", "d", "s", "sch", "abs", "unx", "mce", "lm");
        (_delete, _del) = Prepare(c, tx, "DELETE FROM DayAggregate WHERE CalendarRef = @c AND Date = @d AND StudentRef = @s", "c", "d", "s");
    }

    public void Write(int calendarRef, AggregateChanges changes, long lastModified, CancellationToken ct)
    {
        if (_fastInsert is not null) _fastInsert.Insert(calendarRef, changes.Inserts, lastModified, ct);
        else if (_pgInsert is not null) _pgInsert.Insert(calendarRef, changes.Inserts, lastModified, ct);
        else if (_copyInto is { } into && changes.Inserts.Count > 0) CopyInserts(into.Connection, into.Transaction, calendarRef, changes.Inserts, lastModified, ct);
        else Rows(_insert, _ins, calendarRef, changes.Inserts, lastModified, ct);
        Rows(_update, _upd, calendarRef, changes.Updates, lastModified, ct);
        foreach (var row in changes.Deletes)
        {
            _del[0].Value = calendarRef;
            _del[1].Value = row.Date;
            _del[2].Value = row.StudentRef;
            _delete.ExecuteNonQuery();
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

    private static void CopyInserts(DbConnection c, DbTransaction tx, int calendarRef, List<DayAggregateRow> rows, long lastModified, CancellationToken ct)
    {
        using var copy = new BulkInserter(c, tx, PostgreSqlDialect.Instance, Storage.Schema.Tables.DayAggregate);
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
        _insert.Dispose();
        _update.Dispose();
        _delete.Dispose();
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
