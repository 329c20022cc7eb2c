using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;
using AttendanceTools.Engine.Undo;

namespace AttendanceTools.Engine.Tests.Bridge;

/// <summary>Sync-AttendanceBridge's engine against a real store: domain §6.4, §6.6 and the worked examples BR1–BR3.</summary>
public sealed class BridgeSyncTests : IDisposable
{
    private readonly TempStore _t = new(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero));

    public BridgeSyncTests() => DistrictStore.BulkLoad(_t.Store, BridgeDistrict.Build(), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    private static readonly DateOnly Mon = new(2025, 10, 6), Tue = new(2025, 10, 7), Fri = new(2025, 10, 10);

    private static BridgeSyncRequest Br1 => new() { School = "Jefferson High", Direction = BridgeDirection.MeetingToDaily, From = Mon, To = Fri };

    private static BridgeSyncRequest Br2(AbsentDailyMarks marks) => new()
    {
        School = "Adams Middle", Direction = BridgeDirection.DailyToMeeting, AbsentDailyMarks = marks, From = Mon, To = Tue,
    };

    private BridgeSyncResult Run(BridgeSyncRequest request)
    {
        var plan = BridgeSyncOperation.Plan(_t.Store, request, NullObserver.Instance, default);
        var applied = BridgeSyncOperation.Apply(_t.Store, plan, NullObserver.Instance, default, out var runId);
        return applied.ToResult(runId);
    }

    private List<string> Rows(string sql)
    {
        using var c = _t.Store.OpenConnection();
        return c.Query(sql, r => string.Join(" ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
    }

    private const string DailyOf = "SELECT s.StudentUniqueId, d.Date, c.Code, d.TimeIn, d.TimeOut, d.Origin FROM DailyAttendance d JOIN Student s ON s.StudentRef = d.StudentRef " +
                                   "JOIN AttendanceCode c ON c.CodeRef = d.CodeRef JOIN School k ON k.SchoolRef = d.SchoolRef WHERE k.SchoolId = 'JHS' ORDER BY s.StudentUniqueId, d.Date";

    private const string MeetingOf = "SELECT s.StudentUniqueId, m.Date, x.SectionIdentifier, p.ClassPeriodName, c.Code, m.Origin FROM MeetingAttendance m " +
                                     "JOIN Student s ON s.StudentRef = m.StudentRef JOIN AttendanceCode c ON c.CodeRef = m.CodeRef JOIN Section x ON x.SectionRef = m.SectionRef " +
                                     "JOIN ClassPeriod p ON p.ClassPeriodRef = m.ClassPeriodRef JOIN School k ON k.SchoolRef = m.SchoolRef WHERE k.SchoolId = 'AMS' " +
                                     "ORDER BY s.StudentUniqueId, m.Date, p.ClassPeriodRef";

    [Fact]
    public void BR1_from_meeting_build_daily_over_a_week()
    {
        var r = Run(Br1);

        Assert.Equal((4, 3, 1, 1), (r.DaysProcessed, r.Created, r.AlreadyPresent, r.Conflicts));
        Assert.Equal(("Jefferson High", "JHS", "2025-26", "MeetingToDaily"), (r.School, r.SchoolId, r.SchoolYear, r.Direction));
        Assert.Equal((new DateTime(2025, 10, 6), new DateTime(2025, 10, 10)), (r.From, r.To));
        var conflict = Assert.Single(r.ConflictList);
        Assert.Equal(("YURI", new DateTime(2025, 10, 9), "Daily", "P", "U"), (conflict.StudentId, conflict.Date, conflict.Kind, conflict.SyncCode, conflict.ExistingCode));
        Assert.Equal(
        [
            "YURI 20251006 ILL 480 890 Sync", "YURI 20251009 U null null Entered",
            "ZOE 20251006 P 480 890 Sync", "ZOE 20251007 U null null Entered", "ZOE 20251009 T 480 890 Sync",
        ], Rows(DailyOf));
        Assert.Equal([$"{r.RunId}", $"{r.RunId}", $"{r.RunId}"], Rows("SELECT RunId FROM DailyAttendance WHERE Origin = 'Sync'"));
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void BR1_run_again_creates_nothing_and_counts_the_first_runs_records_as_already_present()
    {
        var first = Run(Br1);
        var again = Run(Br1);
        Assert.Equal((0, 4, 1), (again.Created, again.AlreadyPresent, again.Conflicts));
        Assert.Equal(first.Created + first.AlreadyPresent, again.AlreadyPresent);
        Assert.Equal(5, Rows(DailyOf).Count);
    }

    [Fact]
    public void Detailed_days_carry_the_same_counts_one_row_per_in_session_day()
    {
        var plan = BridgeSyncOperation.Plan(_t.Store, Br1, NullObserver.Instance, default);
        var days = plan.ToDays(null).Select(d => (d.Date.Day, d.Created, d.AlreadyPresent, d.Conflicts)).ToList();
        Assert.Equal([(6, 2, 0, 0), (7, 0, 1, 0), (8, 0, 0, 0), (9, 1, 0, 1)], days);
    }

    [Theory]
    [InlineData(AbsentDailyMarks.AllPeriods, 7)]
    [InlineData(AbsentDailyMarks.BridgePeriodOnly, 2)]
    public void BR2_from_daily_build_meeting_with_both_options(AbsentDailyMarks marks, int created)
    {
        var r = Run(Br2(marks));

        Assert.Equal((2, created, 0, 0), (r.DaysProcessed, r.Created, r.AlreadyPresent, r.Conflicts));
        Assert.Equal(marks.ToString(), r.AbsentDailyMarks);
        var monday = marks == AbsentDailyMarks.AllPeriods
            ? new[] { "P1", "P2", "P3", "P4", "P5", "P6" }.Select(p => $"WES 20251006 S-{p} {p} U Sync")
            : ["WES 20251006 S-P1 P1 U Sync"];
        Assert.Equal([.. monday, "WES 20251007 S-P1 P1 T Sync"], Rows(MeetingOf));
    }

    [Fact]
    public void The_default_absent_option_is_bridge_period_only()
        => Assert.Equal(AbsentDailyMarks.BridgePeriodOnly, new BridgeSyncRequest { School = "x", Direction = BridgeDirection.DailyToMeeting }.AbsentDailyMarks);

    [Fact]
    public void A_student_not_scheduled_in_the_bridge_period_gets_no_record_and_a_warning()
    {
        var r = Run(Br2(AbsentDailyMarks.BridgePeriodOnly) with { From = new(2025, 10, 8), To = new(2025, 10, 8) });
        Assert.Equal(0, r.Created);
        Assert.Equal("NotScheduledInBridgePeriod: Student VIC is not scheduled in the bridge period at Adams Middle on 2025-10-08; no meeting record was created.",
            Assert.Single(r.Warnings));

        // With AllPeriods the absent code marks the periods Vic is scheduled in (P2–P6), and there is nothing to warn about.
        var all = Run(Br2(AbsentDailyMarks.AllPeriods) with { From = new(2025, 10, 8), To = new(2025, 10, 8) });
        Assert.Equal(5, all.Created);
        Assert.Empty(all.Warnings);
    }

    [Fact]
    public void Two_bridge_period_marks_use_the_lowest_section_identifier_and_warn()
    {
        var r = Run(Br1 with { From = new(2025, 10, 16), To = new(2025, 10, 16) });
        Assert.Equal(1, r.Created);
        Assert.Equal(["XAVI 20251016 T 480 890 Sync"], Rows(DailyOf).Where(x => x.StartsWith("XAVI", StringComparison.Ordinal)));
        Assert.StartsWith("BridgeDuplicateMark: Student XAVI has two or more bridge-period meeting marks at Jefferson High on 2025-10-16",
            Assert.Single(r.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflict_in_daily_to_meeting_keeps_the_existing_mark()
    {
        using (var c = _t.Store.OpenConnection())
            c.Execute("INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin, RunId) " +
                      "SELECT d.SchoolRef, 20251006, d.StudentRef, x.SectionRef, p.ClassPeriodRef, c.CodeRef, NULL, 'Entered', NULL FROM DailyAttendance d " +
                      "JOIN Section x ON x.SchoolRef = d.SchoolRef AND x.SectionIdentifier = 'S-P1' JOIN ClassPeriod p ON p.SchoolRef = d.SchoolRef AND p.ClassPeriodName = 'P1' " +
                      "JOIN AttendanceCode c ON c.SchoolRef = d.SchoolRef AND c.Code = 'ILL' JOIN Student s ON s.StudentRef = d.StudentRef WHERE s.StudentUniqueId = 'WES' AND d.Date = 20251006");
        var r = Run(Br2(AbsentDailyMarks.AllPeriods));
        Assert.Equal((6, 0, 1), (r.Created, r.AlreadyPresent, r.Conflicts));
        var conflict = Assert.Single(r.ConflictList);
        Assert.Equal(("WES", "Meeting", "S-P1", "P1", "U", "ILL"), (conflict.StudentId, conflict.Kind, conflict.Section, conflict.Period, conflict.SyncCode, conflict.ExistingCode));
        Assert.Contains("WES 20251006 S-P1 P1 ILL Entered", Rows(MeetingOf));
    }

    [Fact]
    public void The_default_range_is_the_years_first_day_through_today_or_the_recorded_switch_date()
    {
        var plan = BridgeSyncOperation.Plan(_t.Store, Br1 with { From = null, To = null }, NullObserver.Instance, default);
        Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2025, 10, 20)), (plan.From, plan.To));

        BridgeSettings.Apply(_t.Store, new BridgeSettingsRequest { School = "JHS", RecordingMethod = "Meeting", EffectiveDate = new(2025, 10, 13) });
        var gap = BridgeSyncOperation.Plan(_t.Store, Br1 with { From = null, To = null, AsOf = new(2025, 10, 17) }, NullObserver.Instance, default);
        Assert.Equal((new DateOnly(2025, 10, 13), new DateOnly(2025, 10, 17)), (gap.From, gap.To));
    }

    [Fact]
    public void A_preview_writes_nothing_and_its_counts_are_the_real_runs()
    {
        var preview = BridgeSyncOperation.Plan(_t.Store, Br1, NullObserver.Instance, default).ToResult(null);
        Assert.Equal(2, Rows(DailyOf).Count);
        Assert.Empty(Rows("SELECT RunId FROM RunLog WHERE Operation = 'BridgeSync'"));
        var real = Run(Br1);
        Assert.Equal((preview.Created, preview.AlreadyPresent, preview.Conflicts, preview.DaysProcessed), (real.Created, real.AlreadyPresent, real.Conflicts, real.DaysProcessed));
        Assert.True(preview.IsPreview);
        Assert.Null(preview.RunId);
    }

    [Fact]
    public void The_run_journal_holds_every_inserted_row_and_the_run_log_points_at_it()
    {
        var r = Run(Br1);
        Assert.Equal(3, Rows($"SELECT Seq FROM RunChange WHERE RunId = {r.RunId} AND Before IS NULL AND TableName = 'DailyAttendance'").Count);
        Assert.Equal(["BridgeSync journal:keep-conflicts 3 1"], Rows($"SELECT Operation, UndoRef, Inserted, Unchanged FROM RunLog WHERE RunId = {r.RunId}"));
        var second = Run(Br1);
        Assert.Equal(["null"], Rows($"SELECT UndoRef FROM RunLog WHERE RunId = {second.RunId}"));
    }

    [Fact]
    public void The_change_guard_refuses_too_many_inserts_and_writes_nothing()
    {
        var ex = Assert.Throws<AttendanceException>(() => Run(Br1 with { MaxChangePercent = 100 }));
        Assert.Equal("ChangeThresholdExceeded", ex.ErrorId);
        Assert.Contains("DailyAttendance: this run would change 150.0%", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, Rows(DailyOf).Count);
        Assert.Equal(3, Run(Br1 with { MaxChangePercent = 150 }).Created); // exactly the limit passes
    }

    [Fact]
    public void Sync_writes_feed_change_detection()
    {
        var before = Rows("SELECT Seq FROM ChangeLog").Count;
        Run(Br1);
        Assert.True(Rows("SELECT Seq FROM ChangeLog").Count > before);
    }
    [Fact]
    public void Undo_deletes_exactly_the_rows_the_sync_created()
    {
        var r = Run(Br1);
        var undo = UndoOperation.Run(_t.Store, r.RunId!.Value, null, null, null, NullObserver.Instance, default);
        Assert.Equal((3, 0), (undo.Restored, undo.Kept));
        Assert.Equal(["YURI 20251009 U null null Entered", "ZOE 20251007 U null null Entered"], Rows(DailyOf));
        Assert.Equal(["Undone"], Rows($"SELECT Status FROM RunLog WHERE RunId = {r.RunId}"));
        // The gap is open again: the next sync fills it the same way.
        Assert.Equal(3, Run(Br1).Created);
    }

    [Fact]
    public void Undo_keeps_a_row_changed_since_and_reports_it_as_a_conflict()
    {
        var r = Run(Br2(AbsentDailyMarks.AllPeriods));
        using (var c = _t.Store.OpenConnection())
            c.Execute("UPDATE MeetingAttendance SET CodeRef = (SELECT CodeRef FROM AttendanceCode WHERE Code = 'ILL' AND SchoolRef = MeetingAttendance.SchoolRef), Origin = 'Entered' " +
                      "WHERE Date = 20251006 AND ClassPeriodRef = (SELECT ClassPeriodRef FROM ClassPeriod WHERE ClassPeriodName = 'P3' AND SchoolRef = MeetingAttendance.SchoolRef)");
        var preview = UndoOperation.Preview(_t.Store, r.RunId!.Value, null, out _);
        Assert.Equal((6, 1), (preview.Restored, preview.Kept));
        var undo = UndoOperation.Run(_t.Store, r.RunId!.Value, null, null, null, NullObserver.Instance, default);
        Assert.Equal((6, 1), (undo.Restored, undo.Kept));
        Assert.Single(undo.Conflicts);
        Assert.Equal(["WES 20251006 S-P3 P3 ILL Entered"], Rows(MeetingOf));
    }
}
