using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>Plan/preview/apply of the refresh against a real store (domain §4.4, §7.3, §7.4).</summary>
public sealed class AggregationOperationTests : IDisposable
{
    // The district runs on UTC; each test moves the clock forward from Tuesday 2025-10-14, 00:00 (example A5's week).
    private readonly TempStore _t = new(new DateTimeOffset(2025, 10, 14, 0, 0, 0, TimeSpan.Zero));

    public AggregationOperationTests() => DistrictStore.BulkLoad(_t.Store, JeffersonDistrict.Build(), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    private AttendanceStore Store => _t.Store;

    private static readonly AggregationRequest Manual = new() { Selectors = [new CalendarSelector(["REG"], [], [])] };

    private IReadOnlyList<AggregationRefreshResult> Run(AggregationRequest request)
        => AggregationOperation.Apply(Store, AggregationOperation.Plan(Store, request, NullObserver.Instance, default), null, NullObserver.Instance, default);

    private void At(string localTime) => _t.Clock.SetUtcNow(DateTimeOffset.Parse(localTime + "Z", System.Globalization.CultureInfo.InvariantCulture));

    private long Sql(string sql) { using var c = Store.OpenConnection(); return c.ScalarLong(sql); }

    private void Exec(string sql) { using var c = Store.OpenConnection(); c.Execute(sql); }

    private string Checksum()
    {
        using var c = Store.OpenConnection();
        return string.Join("|", new[] { "DayAggregate", "AggregationState", "RunLog", "ChangeLog", "Lease" }.Select(t =>
            string.Join(";", c.Query($"SELECT * FROM {t}", r => string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i)))))));
    }

    [Fact]
    public void A_manual_run_creates_one_row_per_scheduled_student_day_through_the_cut_off()
    {
        At("2025-10-15T10:59:00"); // before 11:00: through Tuesday 10-14
        var result = Assert.Single(Run(Manual));

        // 10-06..10-10 (5 days) + 10-14 (the 13th is a holiday) = 6 days × 3 students.
        Assert.Equal((6, 3, 18, 18, 0, 0, 0), (result.DaysProcessed, result.Students, result.StudentDays, result.Inserted, result.Updated, result.Deleted, result.Unchanged));
        Assert.Equal(new DateTime(2025, 10, 14), result.CutoffDate);
        Assert.Equal(("Jefferson High", "REG", "2025-26", "Manual"), (result.School, result.Calendar, result.SchoolYear, result.Mode));
        Assert.Equal((330, 55, 55, "U"), Row("ZOE", 20251007));   // P1 unexcused
        Assert.Equal((330, 330, 0, "ILL"), Row("YURI", 20251006)); // ill all day: absent, excused
        Assert.Equal((330, 0, 0, null), Row("XAVI", 20251006));
    }

    [Fact]
    public void A5_at_11_00_today_is_included()
    {
        At("2025-10-15T11:00:00");
        var result = Assert.Single(Run(Manual));
        Assert.Equal((7, 21), (result.DaysProcessed, result.Inserted));
        Assert.Equal(3, Sql("SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251015"));
    }

    [Fact]
    public void A_second_identical_run_writes_nothing_and_keeps_last_modified()
    {
        At("2025-10-15T12:00:00");
        Run(Manual);
        var stamps = Sql("SELECT SUM(LastModified) FROM DayAggregate");
        _t.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = Assert.Single(Run(Manual));

        Assert.Equal((0, 0, 0, 21), (second.Inserted, second.Updated, second.Deleted, second.Unchanged));
        Assert.Equal(stamps, Sql("SELECT SUM(LastModified) FROM DayAggregate"));
    }

    [Fact]
    public void Plan_never_writes_and_its_counts_equal_the_applied_run()
    {
        At("2025-10-15T12:00:00");
        var before = Checksum();
        var plan = AggregationOperation.Plan(Store, Manual, NullObserver.Instance, default);
        Assert.Equal(before, Checksum());

        var preview = plan.Calendars.Single().ToResult(TimeSpan.Zero, null);
        var applied = Assert.Single(AggregationOperation.Apply(Store, plan, null, NullObserver.Instance, default));

        Assert.Equal((preview.Inserted, preview.Updated, preview.Deleted, preview.Unchanged), (applied.Inserted, applied.Updated, applied.Deleted, applied.Unchanged));
        Assert.True(preview.IsPreview);
        Assert.False(applied.IsPreview);
        Assert.Equal(1, Sql("SELECT COUNT(*) FROM RunLog WHERE Operation = 'Aggregation' AND Inserted = 21"));
    }

    [Fact]
    public void A5_nightly_after_a_holiday_has_no_day_pass_and_the_next_night_adds_the_previous_day()
    {
        Run(JeffersonStore.Nightly("2025-10-11T03:45")); // Saturday night: the week through Friday 10-10 is passed
        Assert.Equal(15, Sql("SELECT COUNT(*) FROM DayAggregate"));
        Exec($"UPDATE DailyAttendance SET CodeRef = (SELECT CodeRef FROM AttendanceCode WHERE Code = 'U') WHERE StudentRef = {StudentRef("YURI")}");

        var tuesday = Assert.Single(Run(JeffersonStore.Nightly("2025-10-14T03:45")));
        // Monday 10-13 takes no attendance: no day pass; only the changed earlier student-day (Yuri on 10-06).
        Assert.Equal(("Nightly", new DateTime(2025, 10, 13), 1, 1, 0, 1, 0, 0), (tuesday.Mode, tuesday.CutoffDate!.Value, tuesday.DaysProcessed, tuesday.StudentDays,
            tuesday.Inserted, tuesday.Updated, tuesday.Deleted, tuesday.Unchanged));
        Assert.Equal((330, 330, 330, "U"), Row("YURI", 20251006));

        var wednesday = Assert.Single(Run(new AggregationRequest { AsOf = JeffersonStore.At("2025-10-15T03:45") })); // no scope: the nightly run

        // 2025-10-14 for all scheduled students.
        Assert.Equal(("Nightly", new DateTime(2025, 10, 14), 1, 3, 3, 0, 0), (wednesday.Mode, wednesday.CutoffDate!.Value, wednesday.DaysProcessed, wednesday.StudentDays,
            wednesday.Inserted, wednesday.Updated, wednesday.Deleted));
        Assert.Equal(3, Sql("SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251014"));
    }

    private void Baseline()
    {
        At("2025-10-15T03:45:00");
        Run(new AggregationRequest { Nightly = true }); // first nightly: everything through 10-14
        Assert.Equal(18, Sql("SELECT COUNT(*) FROM DayAggregate"));
        At("2025-10-16T03:45:00");
    }

    private AggregationRefreshResult Nightly() => Assert.Single(Run(new AggregationRequest { Nightly = true }));

    private int StudentRef(string id) => (int)Sql($"SELECT StudentRef FROM Student WHERE StudentUniqueId = '{id}'");

    [Fact]
    public void Nightly_picks_up_an_attendance_edit_on_an_earlier_day()
    {
        Baseline();
        Exec($"INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin) " +
             $"SELECT (SELECT SchoolRef FROM School WHERE SchoolId = 'JHS'), 20251008, {StudentRef("XAVI")}, (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P3'), (SELECT ClassPeriodRef FROM ClassPeriod WHERE ClassPeriodName = 'P3'), (SELECT CodeRef FROM AttendanceCode WHERE Code = 'U'), NULL, 'Entered'");

        var r = Nightly();

        Assert.Equal((3, 1, 0), (r.Inserted, r.Updated, r.Deleted)); // 10-15's three rows + the edit
        Assert.Equal(55, Sql($"SELECT AbsentMinutes FROM DayAggregate WHERE StudentRef = {StudentRef("XAVI")} AND Date = 20251008"));
    }

    [Fact]
    public void Nightly_picks_up_a_deleted_daily_mark()
    {
        Baseline();
        Exec("DELETE FROM DailyAttendance");
        Assert.Equal((3, 1, 0), Counts(Nightly()));
        Assert.Equal((330, 0, 0, null), Row("YURI", 20251006)); // the row stays, back at 0 absent minutes
    }

    [Fact]
    public void Nightly_picks_up_a_roster_ended_retroactively()
    {
        Baseline();
        // Zoe dropped P2 with last day 10-08: her 10-09, 10-10, 10-14 rows lose 55 scheduled minutes (10-15 is new).
        Exec($"UPDATE StudentSectionAssociation SET EndDate = 20251008 WHERE StudentRef = {StudentRef("ZOE")} AND SectionRef = (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P2')");
        Assert.Equal((3, 3, 0), Counts(Nightly()));
        Assert.Equal(275, Sql($"SELECT ScheduledMinutes FROM DayAggregate WHERE StudentRef = {StudentRef("ZOE")} AND Date = 20251010"));
    }

    [Fact]
    public void Nightly_picks_up_a_day_that_no_longer_takes_attendance()
    {
        Baseline();
        Exec("UPDATE CalendarDate SET InSession = 0, TakesAttendance = 0 WHERE Date = 20251009");
        Assert.Equal((3, 0, 3), Counts(Nightly()));
    }

    [Fact]
    public void Nightly_picks_up_period_times_lunch_and_instructional_flags()
    {
        Baseline();
        Exec("UPDATE BellSchedulePeriod SET LunchMinutes = 35 WHERE ClassPeriodRef = (SELECT ClassPeriodRef FROM ClassPeriod WHERE ClassPeriodName = 'P4')");
        Assert.Equal((3, 18, 0), Counts(Nightly()));
        Assert.Equal((325, 325), (Sql("SELECT MIN(ScheduledMinutes) FROM DayAggregate"), Sql("SELECT MAX(ScheduledMinutes) FROM DayAggregate"))); // P4: 85 − 35
        Assert.Equal((325, 325, 0, "ILL"), Row("YURI", 20251006));
        At("2025-10-17T03:45:00");
        Exec("UPDATE BellSchedulePeriod SET EndTime = EndTime - 5 WHERE ClassPeriodRef = (SELECT ClassPeriodRef FROM ClassPeriod WHERE ClassPeriodName = 'P1')");
        Assert.Equal((3, 21, 0), Counts(Nightly()));
        Assert.Equal((320, 320), (Sql("SELECT MIN(ScheduledMinutes) FROM DayAggregate"), Sql("SELECT MAX(ScheduledMinutes) FROM DayAggregate"))); // P1: 50
        Assert.Equal((320, 50, 50, "U"), Row("ZOE", 20251007)); // the shortened P1 is all she missed
        At("2025-10-18T03:45:00");
        Exec("UPDATE BellSchedulePeriod SET IsInstructional = 1 WHERE ClassPeriodRef = (SELECT ClassPeriodRef FROM ClassPeriod WHERE ClassPeriodName = 'ADV')");
        Assert.Equal((3, 0, 0), Counts(Nightly())); // ADV's section takes no attendance: only Friday's new rows
    }

    [Fact]
    public void Nightly_picks_up_a_section_attendance_flag_and_an_enrolment_date()
    {
        Baseline();
        Exec("UPDATE Section SET AttendanceTracked = 0 WHERE SectionIdentifier = 'S-P6'");
        Assert.Equal((3, 18, 0), Counts(Nightly()));
        Assert.Equal(275, Sql("SELECT MAX(ScheduledMinutes) FROM DayAggregate"));
        At("2025-10-17T03:45:00");
        Exec($"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = 20251009 WHERE StudentRef = {StudentRef("YURI")}");
        Assert.Equal((2, 0, 3), Counts(Nightly())); // Yuri loses 10-10, 10-14, 10-15; 10-16 added for the other two
    }

    [Fact]
    public void Nightly_picks_up_a_changed_excuse_of_a_code()
    {
        Baseline();
        Exec("UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'");
        var r = Nightly();
        Assert.Equal((3, 1, 0), Counts(r)); // Zoe's 10-07 loses its unexcused minutes
        Assert.Equal(0, Sql($"SELECT UnexcusedAbsentMinutes FROM DayAggregate WHERE StudentRef = {StudentRef("ZOE")} AND Date = 20251007"));
    }

    [Fact]
    public void Nightly_with_nothing_changed_only_adds_the_previous_day()
    {
        Baseline();
        var r = Nightly();
        Assert.Equal((1, 3, 0, 0), (r.DaysProcessed, r.Inserted, r.Updated, r.Deleted));
        At("2025-10-16T03:45:00");
        Assert.Equal((0, 0, 0), Counts(Nightly()));
        Assert.Equal(0, Sql("SELECT COUNT(*) FROM ChangeLog")); // consumed and pruned
    }

    /// <summary>(Scheduled, Absent, Unexcused, most common code) of one stored row.</summary>
    private (long, long, long, string?) Row(string student, int yyyymmdd)
    {
        using var c = Store.OpenConnection();
        return Assert.Single(c.Query(
            "SELECT a.ScheduledMinutes, a.AbsentMinutes, a.UnexcusedAbsentMinutes, k.Code FROM DayAggregate a LEFT JOIN AttendanceCode k ON k.CodeRef = a.MostCommonExcuseRef " +
            $"WHERE a.StudentRef = {StudentRef(student)} AND a.Date = {yyyymmdd}",
            r => ((long)r.GetInt32(0), (long)r.GetInt32(1), (long)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3))));
    }

    private static (int, int, int) Counts(AggregationRefreshResult r) => (r.Inserted, r.Updated, r.Deleted);

    [Fact]
    public void The_change_guard_refuses_more_than_allowed_exactly_the_limit_passes_and_a_first_load_is_not_guarded()
    {
        At("2025-10-15T10:00:00");
        Run(Manual with { MaxChangePercent = 0 }); // first load: no existing rows, not guarded (C12)
        Exec("UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'"); // 1 of 18 rows changes = 5.56 %
        var before = Checksum();

        var ex = Assert.Throws<AttendanceException>(() => Run(Manual with { MaxChangePercent = 5 }));

        Assert.Equal("ChangeThresholdExceeded", ex.ErrorId);
        Assert.Contains("DayAggregate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5.6%", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Checksum());
        Assert.Equal(1, Assert.Single(Run(Manual with { MaxChangePercent = 100.0 / 18 })).Updated);
    }

    [Fact]
    public void A_student_run_touches_only_that_students_rows()
    {
        At("2025-10-15T10:00:00");
        Run(Manual);
        Exec("UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'");

        var r = Assert.Single(Run(Manual with { Students = ["YURI"] }));

        Assert.Equal((6, 0, 0, 6), (r.StudentDays, r.Updated, r.Deleted, r.Unchanged)); // Zoe's stale row is outside the scope
        Assert.Equal(55, Sql($"SELECT UnexcusedAbsentMinutes FROM DayAggregate WHERE StudentRef = {StudentRef("ZOE")} AND Date = 20251007"));
    }

    [Fact]
    public void From_and_to_bound_the_days_and_rows_outside_are_left_alone()
    {
        At("2025-10-15T10:00:00");
        var r = Assert.Single(Run(Manual with { From = new DateOnly(2025, 10, 8), To = new DateOnly(2025, 10, 9) }));
        Assert.Equal((2, 6), (r.DaysProcessed, r.Inserted));
        Assert.Equal(6, Sql("SELECT COUNT(*) FROM DayAggregate"));
    }

    [Fact]
    public void A_calendar_that_fails_validation_is_reported_and_the_others_proceed()
    {
        Exec("INSERT INTO Calendar (SchoolRef, SchoolYear, CalendarCode) SELECT SchoolRef, 2026, 'KG' FROM School WHERE SchoolId = 'JHS'");
        Exec("INSERT INTO CalendarDate (CalendarRef, Date, InSession, TakesAttendance, BellScheduleRef) SELECT CalendarRef, 20251006, 1, 1, NULL FROM Calendar WHERE CalendarCode = 'KG'");
        At("2025-10-15T10:00:00");

        var plan = AggregationOperation.Plan(Store, new AggregationRequest { Selectors = [new CalendarSelector([], ["Jefferson*"], [])] }, NullObserver.Instance, default);

        Assert.Equal("CalendarDateWithoutBellSchedule", Assert.Single(plan.Failures).ErrorId);
        Assert.Equal("REG", Assert.Single(plan.Calendars).Calendar.Name);
    }

    [Fact]
    public void Names_that_match_nothing_are_reported()
    {
        var plan = AggregationOperation.Plan(Store, new AggregationRequest { Selectors = [new CalendarSelector(["NOPE"], [], [])], Students = ["GHOST"] }, NullObserver.Instance, default);
        Assert.Equal(["StudentNotFound", "CalendarNotFound"], plan.Failures.Select(f => f.ErrorId));
        Assert.Equal("NOPE", plan.Failures[1].Target);
    }

    [Fact]
    public void Cancelling_the_apply_leaves_the_store_as_it_was()
    {
        At("2025-10-15T10:00:00");
        var plan = AggregationOperation.Plan(Store, Manual, NullObserver.Instance, default);
        var before = Checksum();
        using var cts = new CancellationTokenSource();
        var observer = new CancelOnWrite(cts);

        Assert.ThrowsAny<OperationCanceledException>(() => AggregationOperation.Apply(Store, plan, null, observer, cts.Token));

        Assert.Equal(before, Checksum());
    }

    private sealed class CancelOnWrite(CancellationTokenSource cts) : IOperationObserver
    {
        public void Progress(ProgressInfo progress) { if (progress.Status.StartsWith("Writing", StringComparison.Ordinal)) cts.Cancel(); }
        public void Verbose(string message) { }
        public void Warning(string id, string message) { }
    }

    [Fact]
    public void A_held_lease_makes_a_second_run_wait_and_then_fail_naming_the_holder()
    {
        using var held = Lease.Acquire(Store, WriteProtocol.StoreLease, NullObserver.Instance, default);
        var plan = AggregationOperation.Plan(Store, Manual with { LeaseWait = TimeSpan.Zero }, NullObserver.Instance, default);

        var ex = Assert.Throws<AttendanceException>(() => AggregationOperation.Apply(Store, plan, null, NullObserver.Instance, default));

        Assert.Equal("LeaseHeld", ex.ErrorId);
        Assert.Contains(Environment.UserName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_a_maintenance_lock_the_nightly_skips_quietly_and_a_manual_run_is_refused()
    {
        Exec("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'ops', '2025-10-14T20:00:00.000Z', 'year end', 1, 'tok')");
        Assert.True(AggregationOperation.Plan(Store, new AggregationRequest(), NullObserver.Instance, default).SkippedForMaintenance);
        Assert.Empty(Run(new AggregationRequest()));

        var ex = Assert.Throws<AttendanceException>(() => Run(Manual));
        Assert.Equal("MaintenanceLocked", ex.ErrorId);
        Assert.Equal(0, Sql("SELECT COUNT(*) FROM DayAggregate"));
        Assert.Single(Run(Manual with { LockToken = "tok" }));
    }
}
