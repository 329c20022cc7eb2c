using System.Data.Common;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// The write ceiling (issue 16): the refresh's rows inserted with nothing else — no reading, computing, diffing,
/// lease or run log — through the refresh's own writer (one transaction, prepared statement bound by index, bulk
/// page cache), calendars in key order, into DayAggregate (emptied beforehand, not timed). A full refresh cannot beat this.
/// </summary>
internal static class WriteCeiling
{
    /// <summary>Every stored row of DayAggregate, per calendar in key order (read once, before timing).</summary>
    public static List<(int CalendarRef, List<DayAggregateRow> Rows)> Snapshot(DbConnection c)
    {
        var byCalendar = new List<(int, List<DayAggregateRow>)>();
        using var cmd = c.Command("SELECT CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef " +
                                  "FROM DayAggregate ORDER BY CalendarRef, Date, StudentRef");
        using var r = cmd.ExecuteReader();
        var current = -1;
        List<DayAggregateRow>? rows = null;
        while (r.Read())
        {
            var calendar = r.GetInt32(0);
            if (calendar != current || rows is null) byCalendar.Add((current = calendar, rows = []));
            rows.Add(new DayAggregateRow(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? 0 : r.GetInt32(6)));
        }
        return byCalendar;
    }

    public static long Insert(AttendanceStore store, List<(int CalendarRef, List<DayAggregateRow> Rows)> rows)
    {
        using var c = store.OpenConnection();
        var lastModified = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var tx = c.BeginTransaction();
        using (var writer = new AggregateWriter(c, tx))
            foreach (var (calendar, list) in rows)
            {
                var changes = new AggregateChanges();
                changes.Inserts.AddRange(list);
                writer.Write(calendar, changes, lastModified, default);
            }
        tx.Commit();
        return rows.Sum(r => (long)r.Rows.Count);
    }
}
