using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// A refresh that updates and deletes day aggregates on a server store, where those writes are set-based (a
/// temporary table and one UPDATE and one DELETE joined to it per calendar), gives exactly SQLite's rows, values
/// and stamps; a write that fails halfway through leaves every row as it was, and running it again succeeds.
/// </summary>
public sealed class AggregationWriteConformanceTests
{
    private static readonly DateTimeOffset AfterYear = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Edits that make the next refresh update and delete: one mark in 30 of the year, daily and per meeting, becomes an
    /// absence (other minutes, other excuses), and every tenth student leaves school on 2026-03-01 (the days after it are
    /// no longer theirs).
    /// </summary>
    private static void Edit(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        foreach (var table in new[] { "DailyAttendance", "MeetingAttendance" })
            c.Execute($"UPDATE {table} SET CodeRef = (SELECT MIN(CodeRef) FROM AttendanceCode x WHERE x.SchoolRef = {table}.SchoolRef AND x.SchoolYear = 2026 AND x.PresenceStatus = 'Absent') " +
                      "WHERE (StudentRef * 31 + Date) % 30 = 0");
        c.Execute("UPDATE StudentSchoolAssociation SET ExitWithdrawDate = 20260301 " +
                  "WHERE StudentRef % 10 = 3 AND EntryDate < 20260301 AND (ExitWithdrawDate IS NULL OR ExitWithdrawDate > 20260301)");
    }

    private static (TempStore Sqlite, TempStore Server) Loaded(string provider)
    {
        var sqlite = new TempStore(AfterYear);
        var server = new TempStore(AfterYear, provider: provider);
        foreach (var t in new[] { sqlite, server })
        {
            DistrictStore.BulkLoad(t.Store, DistrictConformanceTests.District.Value, NullObserver.Instance, default);
            DistrictConformanceTests.Refresh(t.Store, DistrictConformanceTests.EveryCalendar);
            // The refresh after the edits stamps its rows a day later than the first.
            t.Clock.Advance(TimeSpan.FromDays(1));
            Edit(t.Store);
        }
        return (sqlite, server);
    }

    private static string Counts(IReadOnlyList<AggregationRefreshResult> results)
        => string.Join(";", results.Select(r => $"{r.SchoolId} {r.Calendar} {r.Inserted} {r.Updated} {r.Deleted} {r.Unchanged}"));

    [Theory, PostgreSql, SqlServer]
    public void A_refresh_with_updates_and_deletes_gives_exactly_SQLites_rows(string provider)
    {
        var (sqlite, server) = Loaded(provider);
        using (sqlite)
        using (server)
        {
            var expected = DistrictConformanceTests.Refresh(sqlite.Store, DistrictConformanceTests.EveryCalendar);
            var actual = DistrictConformanceTests.Refresh(server.Store, DistrictConformanceTests.EveryCalendar);

            Assert.Equal(Counts(expected), Counts(actual));
            Assert.True(expected.Sum(r => r.Updated) > 100, Counts(expected));
            Assert.True(expected.Sum(r => r.Deleted) > 1000, Counts(expected));
            Assert.True(expected.Count(r => r.Updated > 0 && r.Deleted > 0) > 1, Counts(expected));
            // Every value of every row, LastModified included: only the updated rows carry the second refresh's stamp.
            var rows = DistrictConformanceTests.Aggregates(sqlite.Store);
            Assert.Equal(rows, DistrictConformanceTests.Aggregates(server.Store));
            var stamp = "," + server.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected.Sum(r => r.Inserted + r.Updated), rows.Count(r => r.EndsWith(stamp, StringComparison.Ordinal)));
            Assert.True(rows.Count(r => !r.EndsWith(stamp, StringComparison.Ordinal)) > 10_000);
            // Nothing is left to write on either.
            Assert.Equal(0, DistrictConformanceTests.Refresh(server.Store, DistrictConformanceTests.EveryCalendar).Sum(r => r.Inserted + r.Updated + r.Deleted));
        }
    }

    [Theory, PostgreSql]
    public void A_write_that_fails_halfway_leaves_every_row_as_it_was_and_a_retry_writes_SQLites_rows(string provider)
    {
        var (sqlite, server) = Loaded(provider);
        using (sqlite)
        using (server)
        {
            var store = server.Store;
            var plan = AggregationOperation.Plan(store, DistrictConformanceTests.EveryCalendar, NullObserver.Instance, default);
            // The last calendar with deletes refuses them, so its update and every earlier calendar's writes have run when the write fails.
            var last = plan.Calendars.Where(p => p.Changes.Deletes.Count > 0).Max(p => p.Calendar.CalendarRef);
            Assert.Contains(plan.Calendars, p => p.Calendar.CalendarRef < last && p.Changes.Updates.Count > 0 && p.Changes.Deletes.Count > 0);
            Assert.Contains(plan.Calendars, p => p.Calendar.CalendarRef == last && p.Changes.Updates.Count > 0);
            using (var c = store.OpenConnection())
            {
                c.Execute("CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The test refuses this delete.'; END $$");
                c.Execute($"CREATE TRIGGER refuse_delete BEFORE DELETE ON DayAggregate FOR EACH ROW WHEN (OLD.CalendarRef = {last}) EXECUTE FUNCTION refuse_delete()");
            }
            var before = Snapshot(store);

            var ex = Record.Exception(() => AggregationOperation.Apply(store, plan, null, NullObserver.Instance, default));

            Assert.Contains("The test refuses this delete.", ex?.Message, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(store));

            using (var c = store.OpenConnection()) c.Execute("DROP TRIGGER refuse_delete ON DayAggregate");
            var retry = AggregationOperation.Apply(store, plan, null, NullObserver.Instance, default);
            var expected = DistrictConformanceTests.Refresh(sqlite.Store, DistrictConformanceTests.EveryCalendar);

            Assert.Equal(Counts(expected), Counts(retry));
            Assert.Equal(DistrictConformanceTests.Aggregates(sqlite.Store), DistrictConformanceTests.Aggregates(store));
        }
    }

    /// <summary>Every day aggregate, the refresh bookkeeping and the run log, as text.</summary>
    private static List<string> Snapshot(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        static string Row(System.Data.Common.DbDataReader r)
            => string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
        return [.. DistrictConformanceTests.Aggregates(store),
            .. c.Query("SELECT CalendarRef, Watermark, ComputedThrough, LastRunId FROM AggregationState ORDER BY CalendarRef", Row),
            .. c.Query("SELECT RunId, Operation, Inserted, Updated, Deleted FROM RunLog ORDER BY RunId", Row)];
    }
}
