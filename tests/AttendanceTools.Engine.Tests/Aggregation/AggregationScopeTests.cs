using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Which rows a refresh owns (domain §7.3) at the edges: deleted calendar days, students who left the
/// calendar or were deleted, the nightly's previous-day pass after a manual run, and coarse changes.
/// Every test runs through the store with -AsOf instead of moving a clock.
/// </summary>
public sealed class AggregationScopeTests : IDisposable
{
    private readonly JeffersonStore _j = new();

    public void Dispose() => _j.Dispose();

    private static AggregationRequest ManualAsOf(string local) => JeffersonStore.Manual with { AsOf = JeffersonStore.At(local) };

    /// <summary>What a bulk import does: per-row triggers off, the write, one change covering everything.</summary>
    private void AsABulkWrite(string sql)
    {
        using var c = _j.Store.OpenConnection();
        using var tx = c.BeginTransaction();
        ChangeTracking.Suspend(c, tx, _j.Store.Dialect);
        c.Execute(sql, tx);
        ChangeTracking.ResumeWithCoarseChange(c, tx, _j.Store.Dialect, "Import");
        tx.Commit();
    }

    private static (int, int, int) Counts(AggregationRefreshResult r) => (r.Inserted, r.Updated, r.Deleted);

    [Fact]
    public void A_deleted_calendar_day_loses_its_rows_in_a_manual_run()
    {
        _j.RunOne(ManualAsOf("2025-10-15T10:00")); // 10-06..10-10 and 10-14: 18 rows
        _j.Exec("DELETE FROM CalendarDate WHERE Date = 20251008"); // a re-import or an ETL job removed the day

        var r = _j.RunOne(ManualAsOf("2025-10-15T10:00"));

        Assert.Equal((0, 0, 3, 15, 15), (r.Inserted, r.Updated, r.Deleted, r.Unchanged, r.StudentDays));
        Assert.Equal(0, _j.Sql("SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251008"));
        Assert.Equal(15, _j.Sql("SELECT COUNT(*) FROM DayAggregate"));
    }

    [Fact]
    public void A_deleted_calendar_day_loses_its_rows_in_the_nightly_run()
    {
        _j.RunOne(JeffersonStore.Nightly("2025-10-15T03:45")); // first night: everything through 10-14
        _j.Exec("DELETE FROM CalendarDate WHERE Date = 20251009");

        var r = _j.RunOne(JeffersonStore.Nightly("2025-10-16T03:45"));

        Assert.Equal((3, 0, 3), Counts(r)); // 10-15 added, 10-09 removed
        Assert.Equal(0, _j.Sql("SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251009"));
        Assert.Equal(18, _j.Sql("SELECT COUNT(*) FROM DayAggregate"));
    }

    [Fact]
    public void A_day_deleted_with_the_change_log_suspended_is_still_removed_by_the_next_manual_run()
    {
        _j.RunOne(ManualAsOf("2025-10-15T10:00"));
        AsABulkWrite("DELETE FROM CalendarDate WHERE Date = 20251006");
        var r = _j.RunOne(ManualAsOf("2025-10-15T10:00"));
        Assert.Equal((0, 0, 3), Counts(r));
        Assert.Null(_j.Row("YURI", 20251006)); // Yuri's ill day went with the calendar day
    }

    [Fact]
    public void A_student_run_removes_the_rows_of_a_student_no_longer_enrolled_in_the_calendar()
    {
        _j.RunOne(ManualAsOf("2025-10-15T10:00"));
        _j.Exec($"DELETE FROM StudentSchoolAssociation WHERE StudentRef = {_j.StudentRef("YURI")}");

        var r = _j.RunOne(ManualAsOf("2025-10-15T10:00") with { Students = ["YURI"] });

        Assert.Equal((0, 0, 6, 0, 0), (r.Inserted, r.Updated, r.Deleted, r.Unchanged, r.StudentDays));
        Assert.Equal(0, _j.Sql($"SELECT COUNT(*) FROM DayAggregate WHERE StudentRef = {_j.StudentRef("YURI")}"));
        Assert.Equal(12, _j.Sql("SELECT COUNT(*) FROM DayAggregate")); // Zoe's and Xavi's rows are outside the run
    }

    [Fact]
    public void A_student_run_for_a_student_with_neither_enrolment_nor_rows_selects_no_calendar()
    {
        _j.Exec("INSERT INTO Student (StudentUniqueId, FirstName, LastSurname, IsDeleted) VALUES ('WREN', 'Wren', 'Test', 0)");
        var plan = AggregationOperation.Plan(_j.Store, ManualAsOf("2025-10-15T10:00") with { Students = ["WREN"] }, NullObserver.Instance, default);
        Assert.Empty(plan.Calendars);
        Assert.Empty(plan.Failures);
    }

    [Fact]
    public void A_deleted_student_is_not_aggregated_and_a_manual_run_removes_the_rows()
    {
        _j.RunOne(ManualAsOf("2025-10-15T10:00"));
        _j.Exec("UPDATE Student SET IsDeleted = 1 WHERE StudentUniqueId = 'XAVI'");

        var r = _j.RunOne(ManualAsOf("2025-10-15T10:00"));

        Assert.Equal((0, 0, 6, 12, 2), (r.Inserted, r.Updated, r.Deleted, r.StudentDays, r.Students));
        Assert.Equal(0, _j.Sql($"SELECT COUNT(*) FROM DayAggregate WHERE StudentRef = {_j.StudentRef("XAVI")}"));
    }

    [Fact]
    public void The_previous_day_pass_runs_after_a_manual_run_at_11_30()
    {
        // Wednesday 11:30: the manual run computes Wednesday early (cut-off today, C11).
        var manual = _j.RunOne(ManualAsOf("2025-10-15T11:30"));
        Assert.Equal((21, new DateTime(2025, 10, 15)), (manual.Inserted, manual.CutoffDate!.Value));
        // A Wednesday row lost out of band (a DBA's cleanup): nothing in the change log says so.
        _j.Exec($"DELETE FROM DayAggregate WHERE Date = 20251015 AND StudentRef = {_j.StudentRef("ZOE")}");

        var thursday = _j.RunOne(JeffersonStore.Nightly("2025-10-16T03:45"));

        // The previous-day pass still covers Wednesday for every student.
        Assert.Equal((new DateTime(2025, 10, 15), 1, 3, 1, 0, 0, 2), (thursday.CutoffDate!.Value, thursday.DaysProcessed, thursday.StudentDays,
            thursday.Inserted, thursday.Updated, thursday.Deleted, thursday.Unchanged));
        Assert.Equal((330L, 0L, 0L, (string?)null), _j.Row("ZOE", 20251015));
    }

    [Fact]
    public void The_nightly_consumes_a_coarse_change_and_recomputes_every_day_of_the_year()
    {
        _j.RunOne(JeffersonStore.Nightly("2025-10-15T03:45"));
        AsABulkWrite("UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'");
        Assert.Equal(1, _j.Sql("SELECT COUNT(*) FROM ChangeLog WHERE SchoolRef IS NULL AND CalendarRef IS NULL AND StudentRef IS NULL"));

        var r = _j.RunOne(JeffersonStore.Nightly("2025-10-16T03:45"));

        // Every attendance day through 10-15 (the holiday excluded) for every student: Zoe's 10-07 loses its unexcused minutes.
        Assert.Equal((7, 21, 3, 1, 0, 17), (r.DaysProcessed, r.StudentDays, r.Inserted, r.Updated, r.Deleted, r.Unchanged));
        Assert.Equal((330L, 55L, 0L, "U"), _j.Row("ZOE", 20251007));
        Assert.Equal(0, _j.Sql("SELECT COUNT(*) FROM ChangeLog")); // consumed and pruned

        var next = _j.RunOne(JeffersonStore.Nightly("2025-10-17T03:45"));
        Assert.Equal((1, 3, 0, 0), (next.DaysProcessed, next.Inserted, next.Updated, next.Deleted)); // only Thursday
    }
}
