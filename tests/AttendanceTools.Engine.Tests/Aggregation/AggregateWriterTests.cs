using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// SQLite's multi-row insert path (issue 16): whole batches of <see cref="SqliteAggregateInserter.BatchRows"/> rows
/// and the single-row remainder store every value exactly, NULL excuses included, per calendar. Updates and deletes
/// on each store (issue 15: set-based through a temporary table on a server, a statement per row on SQLite) write
/// exactly the planned rows and leave every other row, and its LastModified, as it was.
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

        var expected = first.Select(r => (Calendar: 7, Row: r, Null: r.MostCommonCodeRef == 0, LastModified: 1_700_000_000_123L))
            .Concat(second.Select(r => (Calendar: 9, Row: r, Null: r.MostCommonCodeRef == 0, LastModified: 1_700_000_000_456L)));
        Assert.Equal(expected, Stored(t.Store));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void Updates_and_deletes_write_exactly_the_planned_rows_and_leave_the_others_alone(string provider)
    {
        const long Loaded = 1_700_000_000_000, First = 1_700_000_100_000, Second = 1_700_000_200_000, Third = 1_700_000_300_000;
        using var t = new TempStore(provider: provider);
        var rows = new Dictionary<int, List<DayAggregateRow>> { [7] = Rows(40, seed: 1), [9] = Rows(30, seed: 2), [11] = Rows(20, seed: 3) };
        var expected = rows.SelectMany(kv => kv.Value.Select(r => (Calendar: kv.Key, Row: r, Null: r.MostCommonCodeRef == 0, LastModified: Loaded))).ToList();
        // A changed row: other minutes, and an excuse where there was none (and none where there was one).
        static DayAggregateRow Changed(DayAggregateRow r) => r with { Absent = r.Absent + 5, Unexcused = r.Unexcused + 1, MostCommonCodeRef = r.MostCommonCodeRef == 0 ? 77 : 0 };
        AggregateChanges Plan(int calendar, int[] updated, int[] deleted)
        {
            var changes = new AggregateChanges();
            foreach (var i in updated)
            {
                var row = Changed(rows[calendar][i]);
                changes.Updates.Add(row);
                var at = expected.FindIndex(x => x.Calendar == calendar && x.Row.Date == row.Date && x.Row.StudentRef == row.StudentRef);
                expected[at] = (calendar, row, row.MostCommonCodeRef == 0, calendar == 11 ? Second : calendar == 7 && i == 5 ? Third : First);
            }
            foreach (var i in deleted)
            {
                changes.Deletes.Add(rows[calendar][i]);
                expected.RemoveAll(x => x.Calendar == calendar && x.Row.Date == rows[calendar][i].Date && x.Row.StudentRef == rows[calendar][i].StudentRef);
            }
            return changes;
        }

        using var c = t.Store.OpenConnection();
        InOneTransaction(c, w => { foreach (var (calendar, list) in rows) w.Write(calendar, Inserts(list), Loaded, default); });
        // Two writers in one transaction (the second finds the staging table the first made); calendar 7 both kinds,
        // 9 only deletes, 11 only updates; then a later transaction on the same connection (the commit dropped the table).
        InOneTransaction(c,
            w => { w.Write(7, Plan(7, [0, 3, 9, 39], [1, 2, 38]), First, default); w.Write(9, Plan(9, [], [0, 15, 29]), First, default); },
            w => w.Write(11, Plan(11, [4, 5, 6, 19], []), Second, default));
        InOneTransaction(c, w => w.Write(7, Plan(7, [5], [10]), Third, default));
        // More transactions than a driver's automatic preparation waits for (Npgsql: 5 uses): a statement prepared
        // against one transaction's temporary table still runs against the next one's.
        for (var n = 0; n < 6; n++) InOneTransaction(c, w => w.Write(7, Plan(7, [5], []), Third, default));

        Assert.Equal(expected.OrderBy(x => x.Calendar).ThenBy(x => x.Row.Date).ThenBy(x => x.Row.StudentRef), Stored(t.Store));
        Assert.Equal(90 - 7, expected.Count);
        Assert.Equal(90 - 7 - 9, expected.Count(x => x.LastModified == Loaded));
    }

    [Fact]
    public void Server_connections_write_updates_and_deletes_set_based_and_SQLite_a_statement_per_row()
    {
        string[] perCalendar = ["CalendarRef", "LastModified"];
        using (var sql = new Microsoft.Data.SqlClient.SqlConnection("Server=nowhere.invalid;Database=attendance"))
        using (var writer = new AggregateWriter(sql, null!))
        {
            var expected = StagedSql.For(SqlServerDialect.Instance, Tables.DayAggregate, perCalendar);
            Assert.Equal((expected.Create, expected.Update, expected.Delete), (writer.SetBasedSql!.Create, writer.SetBasedSql.Update, writer.SetBasedSql.Delete));
            Assert.StartsWith("UPDATE t SET [ScheduledMinutes] = s.[ScheduledMinutes]", writer.SetBasedSql.Update, StringComparison.Ordinal);
        }
        using (var pg = new Npgsql.NpgsqlConnection("Host=nowhere.invalid"))
        using (var writer = new AggregateWriter(pg, null!))
            Assert.Equal(StagedSql.For(PostgreSqlDialect.Instance, Tables.DayAggregate, perCalendar).Update, writer.SetBasedSql!.Update);
        using var t = new TempStore();
        using var c = t.Store.OpenConnection();
        using var tx = c.BeginTransaction();
        using var sqlite = new AggregateWriter(c, tx);
        Assert.Null(sqlite.SetBasedSql);
    }

    private static void InOneTransaction(System.Data.Common.DbConnection c, params Action<AggregateWriter>[] writers)
    {
        using var tx = c.BeginTransaction();
        foreach (var write in writers)
        {
            using var writer = new AggregateWriter(c, tx);
            write(writer);
        }
        tx.Commit();
    }

    private static List<(int Calendar, DayAggregateRow Row, bool Null, long LastModified)> Stored(AttendanceStore store)
    {
        using var read = store.OpenConnection();
        return read.Query("SELECT CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified " +
                          "FROM DayAggregate ORDER BY CalendarRef, Date, StudentRef",
            r => (Calendar: r.GetInt32(0), Row: new DayAggregateRow(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? 0 : r.GetInt32(6)),
                Null: r.IsDBNull(6), LastModified: r.GetInt64(7)));
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
