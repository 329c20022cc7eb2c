using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// SQLite's multi-row insert path (issue 16): whole batches of <see cref="SqliteAggregateInserter.BatchRows"/> rows
/// and the single-row remainder store every value exactly, NULL excuses included, per calendar.
/// </summary>
public sealed class AggregateWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Inserted_rows_are_stored_exactly_whatever_the_batching(int count)
    {
        using var t = new TempStore();
        var first = Rows(count, seed: 1);
        var second = Rows(count + 3, seed: 2);
        using (var c = t.Store.OpenConnection())
        using (var tx = c.BeginTransaction())
        {
            using (var writer = new AggregateWriter(c, tx))
            {
                writer.Write(7, Inserts(first), 1_700_000_000_123, default);
                writer.Write(9, Inserts(second), 1_700_000_000_456, default);
                writer.Write(11, new AggregateChanges(), 1_700_000_000_789, default);
            }
            tx.Commit();
        }

        using var read = t.Store.OpenConnection();
        var stored = read.Query("SELECT CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified " +
                                "FROM DayAggregate ORDER BY CalendarRef, Date, StudentRef",
            r => (Calendar: r.GetInt32(0), Row: new DayAggregateRow(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? 0 : r.GetInt32(6)),
                Null: r.IsDBNull(6), LastModified: r.GetInt64(7)));
        var expected = first.Select(r => (Calendar: 7, Row: r, Null: r.MostCommonCodeRef == 0, LastModified: 1_700_000_000_123L))
            .Concat(second.Select(r => (Calendar: 9, Row: r, Null: r.MostCommonCodeRef == 0, LastModified: 1_700_000_000_456L)));
        Assert.Equal(expected, stored);
    }

    [Fact]
    public void The_multi_row_statement_shares_the_calendar_and_stamp_parameters()
    {
        Assert.Equal("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) " +
                     "VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?2), (?1, ?9, ?10, ?11, ?12, ?13, ?14, ?2)", SqliteAggregateInserter.Sql(2));
    }

    // Key order (date, then student); every third row has no excuse (NULL), minutes vary per row.
    private static List<DayAggregateRow> Rows(int count, int seed) =>
        Enumerable.Range(0, count)
            .Select(i => new DayAggregateRow(20250901 + (i / 10), 1000 + (i % 10), 360 + seed, (i * 7) % 360, (i * 3) % 120, i % 3 == 0 ? 0 : 40 + (i % 5)))
            .ToList();

    internal static AggregateChanges Inserts(List<DayAggregateRow> rows)
    {
        var changes = new AggregateChanges();
        changes.Inserts.AddRange(rows);
        return changes;
    }
}
