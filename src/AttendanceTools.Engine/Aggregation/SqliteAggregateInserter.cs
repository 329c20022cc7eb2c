using System.Data.Common;
using System.Globalization;
using System.Text;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// SQLite's cheapest insert path for DayAggregate (issue 16): one compiled multi-row
/// <c>INSERT … VALUES (…), (…), …</c> of <see cref="BatchRows"/> rows per step, the remainder through the
/// single-row form of the same statement. A step, a reset and the statement's per-execution work are paid
/// once per batch instead of once per row (measured: about a third less CPU per inserted row than one row per
/// step). The calendar and the LastModified stamp are the same for every row of a calendar, so each is one
/// parameter (?1, ?2) shared by all rows of the batch and bound once per calendar: SQLite keeps bindings
/// across resets. Rows stay in the order given (key order), so the clustered table still appends.
/// </summary>
internal sealed class SqliteAggregateInserter : IDisposable
{
    /// <summary>Rows per multi-row statement: 2 + 6 × 64 = 386 parameters, far below SQLite's limit (32,766).</summary>
    internal const int BatchRows = 64;

    private const int ValuesPerRow = 6;
    private readonly SqliteStatement _batch, _single;

    private SqliteAggregateInserter(SqliteStatement batch, SqliteStatement single) => (_batch, _single) = (batch, single);

    /// <summary>The inserter when <paramref name="c"/> is SQLite; otherwise null (the caller's ADO.NET or COPY path).</summary>
    public static SqliteAggregateInserter? TryCreate(DbConnection c)
    {
        var batch = SqliteStatement.TryPrepare(c, Sql(BatchRows));
        if (batch is null) return null;
        try
        {
            return new SqliteAggregateInserter(batch, SqliteStatement.TryPrepare(c, Sql(1))!);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>The INSERT of <paramref name="rows"/> rows: ?1 the calendar, ?2 LastModified, then six values per row.</summary>
    internal static string Sql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            var p = 3 + (r * ValuesPerRow);
            sql.Append(r == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(?1, ?{p}, ?{p + 1}, ?{p + 2}, ?{p + 3}, ?{p + 4}, ?{p + 5}, ?2)");
        }
        return sql.ToString();
    }

    public void Insert(int calendarRef, List<DayAggregateRow> rows, long lastModified, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        ct.ThrowIfCancellationRequested();
        _batch.Bind(1, calendarRef);
        _batch.Bind(2, lastModified);
        _single.Bind(1, calendarRef);
        _single.Bind(2, lastModified);
        var i = 0;
        for (; i + BatchRows <= rows.Count; i += BatchRows)
        {
            // i steps by 64, so it meets every multiple of 65,536: a check per 64 Ki rows.
            if (i > 0 && (i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            for (var r = 0; r < BatchRows; r++) BindRow(_batch, 3 + (r * ValuesPerRow), rows[i + r]);
            _batch.Execute();
        }
        for (; i < rows.Count; i++)
        {
            BindRow(_single, 3, rows[i]);
            _single.Execute();
        }
    }

    private static void BindRow(SqliteStatement s, int p, DayAggregateRow row)
    {
        s.Bind(p, row.Date);
        s.Bind(p + 1, row.StudentRef);
        s.Bind(p + 2, row.Scheduled);
        s.Bind(p + 3, row.Absent);
        s.Bind(p + 4, row.Unexcused);
        if (row.MostCommonCodeRef == 0) s.BindNull(p + 5);
        else s.Bind(p + 5, row.MostCommonCodeRef);
    }

    public void Dispose()
    {
        _batch.Dispose();
        _single.Dispose();
    }
}
