using System.Buffers.Binary;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Aggregation;
using AttendanceTools.Engine.Tests.Support;
using Npgsql;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// PostgreSQL's DayAggregate insert path (<see cref="PostgreSqlAggregateInserter"/>: binary COPY bytes laid out by
/// the engine): every value stored exactly, the overlapped full refresh equal to SQLite's field by field, and a
/// COPY that fails part way (cancelled mid-stream, or refused by the server at its end) writes nothing, leaves the
/// old rows and leaves the connection usable.
/// </summary>
public sealed class AggregateCopyConformanceTests
{
    private const long Stamp = 1_700_000_000_123;

    [Fact]
    public void A_row_is_encoded_as_eight_bigint_fields_with_a_null_for_no_excuse()
    {
        var buffer = new byte[PostgreSqlAggregateInserter.RowBytes];

        var withExcuse = PostgreSqlAggregateInserter.Encode(buffer, 12, new DayAggregateRow(20260115, 345, 360, 120, 60, 9), Stamp);

        Assert.Equal(PostgreSqlAggregateInserter.RowBytes, withExcuse);
        Assert.Equal(8, BinaryPrimitives.ReadInt16BigEndian(buffer));
        Assert.Equal([12L, 20260115, 345, 360, 120, 60, 9, Stamp], Fields(buffer, 8));

        var noExcuse = PostgreSqlAggregateInserter.Encode(buffer, 12, new DayAggregateRow(20260115, 345, 360, 0, 0, 0), Stamp);

        Assert.Equal(PostgreSqlAggregateInserter.RowBytes - 8, noExcuse);
        Assert.Equal([12L, 20260115, 345, 360, 0, 0, null, Stamp], Fields(buffer, 8));
    }

    [Fact]
    public void The_header_is_the_binary_COPY_signature_with_no_flags_and_no_extension()
    {
        byte[] expected = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(expected, PostgreSqlAggregateInserter.Header.ToArray());
    }

    [Theory, Sqlite, PostgreSql]
    public void Inserted_rows_are_stored_exactly_across_buffer_boundaries(string provider)
    {
        // 5,000 rows of about 94 bytes fill several 64 KiB COPY buffers; the second calendar's count differs.
        const int count = 5_000;
        using var t = new TempStore(provider: provider);
        var first = Rows(count, seed: 1);
        var second = Rows(count + 3, seed: 2);
        using (var c = t.Store.OpenConnection())
        using (var tx = c.BeginTransaction())
        {
            using (var writer = new AggregateWriter(c, tx))
            {
                writer.Write(7, AggregateWriterTests.Inserts(first), Stamp, default);
                writer.Write(9, AggregateWriterTests.Inserts(second), Stamp + 333, default);
                writer.Write(11, new AggregateChanges(), Stamp + 666, default);
            }
            tx.Commit();
        }

        var expected = first.Select(r => (7, r, r.MostCommonCodeRef == 0, Stamp)).Concat(second.Select(r => (9, r, r.MostCommonCodeRef == 0, Stamp + 333)));
        Assert.Equal(expected, Stored(t.Store));
    }

    [Theory, PostgreSql]
    public void The_overlapped_full_refresh_stores_SQLites_rows_field_by_field(string provider)
    {
        var district = DemoDistrictGenerator.Generate(new DemoOptions { Students = 200, Seed = 11 });
        var at = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        using var sqlite = new TempStore(at);
        using var server = new TempStore(at, provider: provider);
        DistrictStore.BulkLoad(sqlite.Store, district, NullObserver.Instance, default);
        DistrictStore.BulkLoad(server.Store, district, NullObserver.Instance, default);

        var expected = AggregationOperation.Run(sqlite.Store, DistrictConformanceTests.EveryCalendar, NullObserver.Instance, default);
        var actual = AggregationOperation.Run(server.Store, DistrictConformanceTests.EveryCalendar, NullObserver.Instance, default);

        Assert.True(expected.Results.Sum(r => r.Inserted) > 5_000);
        Assert.Equal(expected.Results.Select(r => (r.SchoolId, r.Calendar, r.StudentDays, r.Inserted, r.Updated, r.Deleted)),
            actual.Results.Select(r => (r.SchoolId, r.Calendar, r.StudentDays, r.Inserted, r.Updated, r.Deleted)));
        Assert.Equal(DistrictConformanceTests.Aggregates(sqlite.Store), DistrictConformanceTests.Aggregates(server.Store));
    }

    [Theory, PostgreSql]
    public void A_COPY_cancelled_mid_stream_writes_nothing_and_leaves_the_old_rows(string provider)
    {
        using var t = new TempStore(provider: provider);
        var old = Rows(50, seed: 1);
        Write(t.Store, 7, old, Stamp);
        // 300,000 rows (about 29 MB of COPY data) are more than the socket buffers hold, so the writer is still
        // sending when the server stops on the blocked key; it checks for cancellation at its next buffer.
        var rows = Rows(300_000, seed: 3);
        using var blocker = new NpgsqlConnection(t.ConnectionString + ";Pooling=false");
        blocker.Open();
        using var hold = blocker.BeginTransaction();
        // An uncommitted row with the key of the 1,000th row: the COPY waits there for this transaction.
        blocker.Execute("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, LastModified) " +
                        "VALUES (9, @d, @s, 1, 0, 0, 0)", hold, ("d", rows[999].Date), ("s", rows[999].StudentRef));
        using var cancel = new CancellationTokenSource();

        var writing = Task.Run(() => Write(t.Store, 9, rows, Stamp + 1, cancel.Token));
        WaitUntilBlocked(t.ConnectionString!, writing);
        cancel.Cancel();
        hold.Rollback();

        Assert.ThrowsAny<OperationCanceledException>(() => writing.GetAwaiter().GetResult());
        Assert.Equal(old.Select(r => (7, r, r.MostCommonCodeRef == 0, Stamp)), Stored(t.Store));
        // The pooled connection came back usable: the next write on it succeeds.
        Write(t.Store, 9, rows[..10], Stamp + 2);
        Assert.Equal(60, Stored(t.Store).Count);
    }

    [Theory, PostgreSql]
    public void A_COPY_the_server_refuses_at_its_end_writes_nothing_and_leaves_the_old_rows(string provider)
    {
        using var t = new TempStore(provider: provider);
        var old = Rows(50, seed: 1);
        Write(t.Store, 7, old, Stamp);
        // New rows whose last one repeats a stored key: the primary key refuses the COPY when that row arrives.
        var again = Rows(2_000, seed: 4).Where(r => r.Date > old[^1].Date).Append(old[^1] with { Absent = 1 }).ToList();

        var ex = Assert.ThrowsAny<PostgresException>(() => Write(t.Store, 7, again, Stamp + 1));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
        Assert.Equal(old.Select(r => (7, r, r.MostCommonCodeRef == 0, Stamp)), Stored(t.Store));
    }

    private static void WaitUntilBlocked(string connectionString, Task writing)
    {
        // Polls until the writer's COPY waits on the held key; a writer that ended first fails the test with its own error.
        // Each poll is its own transaction: within one, PostgreSQL shows the same snapshot of pg_stat_activity.
        using var observer = new NpgsqlConnection(connectionString + ";Pooling=false");
        observer.Open();
        while (observer.ScalarLong("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY%'") == 0)
        {
            if (writing.IsCompleted) writing.GetAwaiter().GetResult();
            Assert.False(writing.IsCompleted, "The COPY ended before it reached the held key.");
            Thread.Sleep(20);
        }
    }

    private static void Write(AttendanceStore store, int calendar, List<DayAggregateRow> rows, long stamp, CancellationToken ct = default)
    {
        using var c = store.OpenConnection();
        using var tx = c.BeginTransaction();
        using (var writer = new AggregateWriter(c, tx)) writer.Write(calendar, AggregateWriterTests.Inserts(rows), stamp, ct);
        tx.Commit();
    }

    private static List<(int Calendar, DayAggregateRow Row, bool Null, long LastModified)> Stored(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified " +
                       "FROM DayAggregate ORDER BY CalendarRef, Date, StudentRef",
            r => (r.GetInt32(0), new DayAggregateRow(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? 0 : r.GetInt32(6)),
                r.IsDBNull(6), r.GetInt64(7)));
    }

    private static long?[] Fields(byte[] row, int count)
    {
        var values = new long?[count];
        var at = 2;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(row.AsSpan(at));
            at += 4;
            if (length < 0) continue;
            Assert.Equal(8, length);
            values[i] = BinaryPrimitives.ReadInt64BigEndian(row.AsSpan(at));
            at += 8;
        }
        return values;
    }

    // Key order (date, then student); every third row has no excuse (NULL); minutes vary per row; student refs
    // and minutes beyond 16 bits so no value fits a narrower field by accident.
    private static List<DayAggregateRow> Rows(int count, int seed) =>
        Enumerable.Range(0, count)
            .Select(i => new DayAggregateRow(20250901 + (i / 100), 70_000 + (i % 100), 360 + seed, (i * 7) % 360, (i * 3) % 120, i % 3 == 0 ? 0 : 40_000 + (i % 5)))
            .ToList();
}
