using AttendanceTools.Bench;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Issue 16: the benchmark's fair SQL baseline and the module's refresh paths give the same rows, every column
/// compared (LastModified aside where two runs wrote at different times). On a small demo district, whole 2025-26.
/// </summary>
public sealed class RefreshEquivalenceTests : IDisposable
{
    private const int Year = 2026, LastDay = 20260630;
    private static readonly AggregationRequest WholeYear = new() { Selectors = [new CalendarSelector([], [], [Year])] };
    private readonly TempStore _t = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public RefreshEquivalenceTests()
    {
        DistrictStore.BulkLoad(_t.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 400, Seed = 3 }), NullObserver.Instance, default);
        using var c = _t.Store.OpenConnection();
        StoreSettings.Set(c, null, StoreSettings.TimeZone, "UTC");
    }

    public void Dispose() => _t.Dispose();

    private IReadOnlyList<AggregationRefreshResult> Refresh(AggregationRequest request)
        => AggregationOperation.Apply(_t.Store, AggregationOperation.Plan(_t.Store, request, NullObserver.Instance, default), null, NullObserver.Instance, default);

    private long Sql(string sql) { using var c = _t.Store.OpenConnection(); return c.ScalarLong(sql); }

    [Fact]
    public void The_fair_sql_baseline_gives_exactly_the_modules_rows()
    {
        var results = Refresh(WholeYear);
        using var c = _t.Store.OpenConnection();
        FairRefresh.CreateTable(c);

        var written = FairRefresh.Run(c, Year, LastDay);

        Assert.Equal(results.Sum(r => (long)r.Inserted), written);
        Assert.True(written > 10_000, $"the demo district should give a real workload, got {written} rows");
        // Not a trivial district: absences, unexcused minutes and excuses all occur.
        Assert.True(Sql("SELECT COUNT(*) FROM DayAggregate WHERE UnexcusedAbsentMinutes > 0 AND UnexcusedAbsentMinutes < AbsentMinutes") > 0);
        Assert.True(Sql("SELECT COUNT(DISTINCT MostCommonExcuseRef) FROM DayAggregate") > 2);
        Assert.Equal(0, FairRefresh.Mismatches(c));
        Assert.Equal(written, Sql($"SELECT COUNT(*) FROM {FairRefresh.Table}"));
    }

    private AggregationRun RunOverlapped(AggregationRequest request) => AggregationOperation.Run(_t.Store, request, NullObserver.Instance, default);

    private (string Rows, string State) Snapshot() => AggregateSnapshot.Of(_t.Store);

    private void Empty()
    {
        using var c = _t.Store.OpenConnection();
        c.Execute("DELETE FROM DayAggregate; DELETE FROM AggregationState;");
    }

    private static string Counts(IEnumerable<AggregationRefreshResult> results)
        => string.Join(";", results.Select(r => $"{r.School}/{r.Calendar}:{r.Inserted}/{r.Updated}/{r.Deleted}/{r.Unchanged}/{r.StudentDays}"));

    [Fact]
    public void The_overlapped_run_writes_exactly_what_plan_then_apply_writes()
    {
        var planned = Refresh(WholeYear);
        var expected = Snapshot();
        Empty();

        var run = RunOverlapped(WholeYear);

        Assert.Empty(run.Failures);
        Assert.Equal(expected, Snapshot());
        Assert.Equal(Counts(planned), Counts(run.Results));
        Assert.True(run.Results.Sum(r => r.Inserted) > 10_000);
    }

    [Fact]
    public void The_overlapped_run_updates_and_deletes_exactly_as_plan_then_apply()
    {
        // Two identical stores get the same edits; one refreshes by plan + apply, the other by the overlapped run.
        using var twin = new TempStore(_t.Clock.GetUtcNow());
        DistrictStore.BulkLoad(twin.Store, DemoDistrictGenerator.Generate(new DemoOptions { Students = 400, Seed = 3 }), NullObserver.Instance, default);
        foreach (var store in new[] { _t.Store, twin.Store })
        {
            using var c = store.OpenConnection();
            StoreSettings.Set(c, null, StoreSettings.TimeZone, "UTC");
            AggregationOperation.Run(store, WholeYear, NullObserver.Instance, default);
            // Updates (marks dropped), deletes (a day no longer takes attendance, a roster ended) and inserts (an added mark keeps rows).
            c.Execute("DELETE FROM MeetingAttendance WHERE (StudentRef + Date) % 7 = 0");
            c.Execute("UPDATE CalendarDate SET TakesAttendance = 0 WHERE Date = 20260210");
            c.Execute("UPDATE StudentSectionAssociation SET EndDate = 20260301 WHERE StudentRef % 11 = 0 AND (EndDate IS NULL OR EndDate > 20260301)");
            c.Execute("DELETE FROM DayAggregate WHERE Date = 20251015");
        }
        var (planned, run) = (Refresh(WholeYear), AggregationOperation.Run(twin.Store, WholeYear, NullObserver.Instance, default));
        var twinRows = AggregateSnapshot.Of(twin.Store);

        Assert.Equal(Snapshot(), twinRows);
        Assert.Equal(Counts(planned), Counts(run.Results));
        Assert.True(planned.Sum(r => r.Updated) > 0 && planned.Sum(r => r.Deleted) > 0 && planned.Sum(r => r.Inserted) > 0, Counts(planned));
    }

    [Fact]
    public void A_second_run_skips_every_calendar_and_leaves_every_row_as_it_was()
    {
        RunOverlapped(WholeYear);
        var before = Snapshot();

        var plan = AggregationOperation.Plan(_t.Store, WholeYear, NullObserver.Instance, default);
        var results = AggregationOperation.Apply(_t.Store, plan, null, NullObserver.Instance, default);

        Assert.NotEmpty(plan.Calendars);
        Assert.All(plan.Calendars, p => Assert.True(p.SkippedUnchanged, p.Calendar.ToString()));
        Assert.Equal(before.Rows, Snapshot().Rows);
        Assert.Equal(before.Rows.Split('\n').Length, results.Sum(r => r.Unchanged));
        Assert.All(results, r => Assert.Equal((0, 0, 0), (r.Inserted, r.Updated, r.Deleted)));
    }

    public static TheoryData<string, string> InputChanges => new()
    {
        // An ETL job's edit of each kind of input, by plain SQL (the change-tracking triggers see it).
        { "an absence mark deleted", "DELETE FROM MeetingAttendance WHERE (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef) = (SELECT m.SchoolRef, m.Date, m.StudentRef, m.SectionRef, m.ClassPeriodRef FROM MeetingAttendance m JOIN AttendanceCode k ON k.CodeRef = m.CodeRef " +
            "WHERE k.PresenceStatus = 'Absent' AND k.Excuse <> 'Exempt' AND m.PresentMinutes IS NULL AND m.Date BETWEEN 20251001 AND 20260630 " +
            "AND NOT EXISTS (SELECT 1 FROM DailyAttendance d WHERE d.SchoolRef = m.SchoolRef AND d.Date = m.Date AND d.StudentRef = m.StudentRef) ORDER BY m.Date LIMIT 1)" },
        { "a day that no longer takes attendance", "UPDATE CalendarDate SET TakesAttendance = 0 WHERE CalendarRef = (SELECT MIN(CalendarRef) FROM DayAggregate) AND Date = 20260115" },
        { "a student marked deleted (not change-tracked)", "UPDATE Student SET IsDeleted = 1 WHERE StudentRef = (SELECT MIN(StudentRef) FROM DayAggregate)" },
        { "a period's lunch minutes", "UPDATE BellSchedulePeriod SET LunchMinutes = LunchMinutes + 5 WHERE (BellScheduleRef, ClassPeriodRef) = (SELECT p.BellScheduleRef, p.ClassPeriodRef " +
            "FROM BellSchedulePeriod p JOIN CalendarDate d ON d.BellScheduleRef = p.BellScheduleRef WHERE p.IsInstructional = 1 AND p.EndTime - p.StartTime - p.LunchMinutes > 10 " +
            "GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1)" },
    };

    [Theory]
    [MemberData(nameof(InputChanges))]
    public void The_skip_never_hides_a_change(string change, string sql)
    {
        RunOverlapped(WholeYear);
        var before = Snapshot();
        using (var c = _t.Store.OpenConnection()) Assert.True(c.Execute(sql) > 0, change);

        var plan = AggregationOperation.Plan(_t.Store, WholeYear, NullObserver.Instance, default);
        var results = AggregationOperation.Apply(_t.Store, plan, null, NullObserver.Instance, default);
        var after = Snapshot();
        // The same rows as recomputing everything from scratch, every column compared.
        Empty();
        RunOverlapped(WholeYear);
        var fresh = Snapshot();

        Assert.Contains(plan.Calendars, p => !p.SkippedUnchanged);
        Assert.NotEqual(before.Rows, after.Rows);
        Assert.True(results.Sum(r => r.Updated + r.Deleted) > 0, change);
        Assert.Equal(fresh.Rows, after.Rows);
    }
}

/// <summary>Every column of every DayAggregate row (LastModified included: the test clock does not move), and how far each calendar was computed.</summary>
internal static class AggregateSnapshot
{
    public static (string Rows, string State) Of(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var rows = string.Join("\n", c.Query("SELECT CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified " +
            "FROM DayAggregate ORDER BY CalendarRef, Date, StudentRef", r => string.Join(",", Enumerable.Range(0, 8).Select(i => r.IsDBNull(i) ? "-" : r.GetInt64(i).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        // Not the watermark: the change log's newest entry, which a previous run's pruning may have removed.
        var state = string.Join(";", c.Query("SELECT CalendarRef, ComputedThrough FROM AggregationState ORDER BY CalendarRef", r => $"{r.GetInt32(0)}:{r.GetInt32(1)}"));
        return (rows, state);
    }
}
