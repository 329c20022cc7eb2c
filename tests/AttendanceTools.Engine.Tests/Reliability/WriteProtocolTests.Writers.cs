using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Backfill;
using AttendanceTools.Engine.Tests.Bridge;
using AttendanceTools.Engine.Tests.Provisioning;
using AttendanceTools.Engine.Tests.Rollover;
using AttendanceTools.Engine.Tests.Support;
using AttendanceTools.Engine.Undo;

namespace AttendanceTools.Engine.Tests.Reliability;

/// <summary>
/// Every writer besides import and the refresh goes through the same protocol: a store changed between its plan
/// and its apply is planned again (backfill, bridge sync) or refused when the confirmed counts moved (rollover,
/// restores, provisioning), and two different writers at once never interleave: the second waits for the one
/// 'Store' lease, then finds the store changed.
/// </summary>
public sealed partial class WriteProtocolTests
{
    private static readonly string Me = $"{Environment.UserName} on {RunLog.CurrentHost}";

    /// <summary>Another run lands: its run-log row is all the stamp needs to move.</summary>
    private static void OtherRun(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var now = store.Clock.GetUtcNow();
        RunLog.Write(c, null!, new RunInfo { Operation = "Other", Scope = "test", StartedBy = "x", Host = "y", StartedAt = now, FinishedAt = now });
    }

    /// <summary>Runs <paramref name="first"/> until it holds the lease, starts <paramref name="second"/>, checks that it waits, then lets both finish.</summary>
    private static async Task<T> FirstThenWaiting<T>(Func<T> first, Action<IOperationObserver> second)
    {
        var pause = new Pause(WritePoints.LeaseTaken);
        var recorder = new Recorder();
        var run = pause.Start(first);
        pause.WaitUntilReached();
        var waiting = Task.Run(() => second(recorder));
        Assert.True(recorder.WaitingForLease.Wait(Guard), "The second writer never waited for the first one's lease.");
        pause.Resume();
        var result = await run;
        await waiting;
        return result;
    }

    private static void Exec(AttendanceStore store, string sql)
    {
        using var c = store.OpenConnection();
        c.Execute(sql);
    }

    private static long Scalar(AttendanceStore store, string sql)
    {
        using var c = store.OpenConnection();
        return c.ScalarLong(sql);
    }

    private static List<(long RunId, string Operation)> Runs(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT RunId, Operation FROM RunLog ORDER BY RunId", r => (r.GetInt64(0), r.GetString(1)));
    }

    // ---- Backfill ---------------------------------------------------------------------------------------------

    /// <summary>Example B4 (BackfillOperationTests): the moves of 2026-01-16, then Ben's P4 withdrawal and Cleo's lost program.</summary>
    private static BackfillStoreFixture B4Stored()
    {
        var f = new BackfillStoreFixture(RedwoodDistrict.B4());
        f.Run();
        Assert.Equal(["BEN 20260112→20260105 Class 300", "CLEO 20260112→20260105 IndependentStudy 60"], f.Moves());
        return f;
    }

    private static void B4Changes(BackfillStoreFixture f)
    {
        f.Exec($"UPDATE StudentSectionAssociation SET EndDate = 20260114 WHERE StudentRef = {BackfillStoreFixture.StudentRef("BEN")} AND SectionRef = (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P4')");
        f.Exec($"DELETE FROM StudentProgramAssociation WHERE StudentRef = {BackfillStoreFixture.StudentRef("CLEO")}");
    }

    private const string B4Before = "1 school: 0 move inserts, 0 move updates, 0 move deletes, 0 day aggregates, 0 student states";
    private const string B4After = "1 school: 0 move inserts, 1 move update, 1 move delete, 2 day aggregates, 2 student states";

    [Fact]
    public void A_backfill_planned_before_the_store_changed_is_planned_again_and_writes_example_B4_exactly()
    {
        using var f = B4Stored();
        var plan = f.Plan();
        B4Changes(f);
        var recorder = new Recorder();
        var asked = new List<int>();

        var result = BackfillOperation.Apply(f.Store, plan, null, recorder, CancellationToken.None, replanned => { asked.Add(replanned.Schools.Count); return true; });

        Assert.Equal([1], asked);
        Assert.Equal([$"StoreChangedSincePlan: The store changed after this Backfill run was planned; planned again, it writes {B4After} instead of {B4Before}."],
            recorder.Warnings);
        var ben = Assert.Single(result.Students, s => s.Student == "BEN");
        Assert.Equal(("AttendanceChanged", 0, 1, 0, 0, 180, 1680, 1680),
            (ben.Reason, ben.MovesInserted, ben.MovesUpdated, ben.MovesDeleted, ben.OrphanMovesDeleted, ben.MovedMinutes, ben.ClaimableMinutesBefore, ben.ClaimableMinutes));
        var cleo = Assert.Single(result.Students, s => s.Student == "CLEO");
        Assert.Equal(("MembershipChanged", 0, 0, 1, 1), (cleo.Reason, cleo.MovesInserted, cleo.MovesUpdated, cleo.MovesDeleted, cleo.OrphanMovesDeleted));
        Assert.Equal(["BEN 20260112→20260105 Class 180"], f.Moves());
        Assert.Equal(0L, f.Sql("SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void A_backfill_whose_re_plan_is_not_confirmed_is_refused_and_writes_nothing()
    {
        using var f = B4Stored();
        var plan = f.Plan();
        B4Changes(f);
        var before = f.Checksum();
        var runs = f.Sql("SELECT COUNT(*) FROM RunLog");

        var ex = Assert.Throws<AttendanceException>(() => BackfillOperation.Apply(f.Store, plan, null, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal($"The store '{f.Store.Location}' changed after this Backfill run was planned (attendance inputs were changed outside AttendanceTools). " +
                     $"Planned again, it would now write {B4After} instead of the {B4Before} confirmed. Nothing was written.", ex.Message);
        Assert.Equal(before, f.Checksum());
        Assert.Equal(runs, f.Sql("SELECT COUNT(*) FROM RunLog"));
        Assert.Equal(0L, f.Sql("SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public async Task A_refresh_started_while_a_backfill_writes_waits_for_it_and_then_refuses_its_stale_counts()
    {
        using var f = B4Stored();
        B4Changes(f);
        var backfillPlan = f.Plan();
        var refreshPlan = AggregationOperation.Plan(f.Store, new AggregationRequest
        {
            Selectors = [new CalendarSelector(["CE"], [RedwoodDistrict.School], [2026])], AsOf = BackfillStoreFixture.Friday,
        }, NullObserver.Instance, CancellationToken.None);
        // Ben's Thursday and Friday, which the backfill's own refresh writes too; the 50 days before its window only the refresh writes.
        Assert.Equal((50, 2), (refreshPlan.Calendars.Sum(c => c.Changes.Inserts.Count), refreshPlan.Calendars.Sum(c => c.Changes.Updates.Count)));
        var pause = new Pause(WritePoints.LeaseTaken);
        var recorder = new Recorder();

        var backfill = pause.Start(() => BackfillOperation.Apply(f.Store, backfillPlan, null, NullObserver.Instance, CancellationToken.None));
        pause.WaitUntilReached();
        var refresh = Task.Run(() => AggregationOperation.Apply(f.Store, refreshPlan, null, recorder, CancellationToken.None));
        Assert.True(recorder.WaitingForLease.Wait(Guard), "The refresh never waited for the backfill's lease.");
        pause.Resume();

        var written = await backfill;
        var ex = await Assert.ThrowsAsync<AttendanceException>(() => refresh);

        Assert.Equal(2L, written.Aggregation.Sum(a => a.Updated));
        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Contains($"(Backfill run {written.RunId} by {Me}). Planned again, it would now write 1 calendar: 50 inserts, 0 updates, 0 deletes " +
                        "instead of the 1 calendar: 50 inserts, 2 updates, 0 deletes confirmed. Nothing was written.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Backfill", Runs(f.Store)[^1].Operation);
    }

    // ---- Bridge sync and single marks ------------------------------------------------------------------------

    private static readonly BridgeSyncRequest Br1 = new()
    {
        School = "Jefferson High", Direction = BridgeDirection.MeetingToDaily, From = new(2025, 10, 6), To = new(2025, 10, 10),
    };

    private static TempStore BridgeStore()
    {
        var t = new TempStore(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero));
        DistrictStore.BulkLoad(t.Store, BridgeDistrict.Build(), NullObserver.Instance, default);
        return t;
    }

    private static readonly AttendanceMark ZoeMondayUnexcused = new() { Student = "ZOE", School = "Jefferson High", Date = new(2025, 10, 6), Kind = MarkKind.Daily, Code = "U" };

    private static List<string> JeffersonDaily(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT s.StudentUniqueId, d.Date, c.Code, d.Origin FROM DailyAttendance d JOIN Student s ON s.StudentRef = d.StudentRef " +
                       "JOIN AttendanceCode c ON c.CodeRef = d.CodeRef JOIN School k ON k.SchoolRef = d.SchoolRef WHERE k.SchoolId = 'JHS' ORDER BY s.StudentUniqueId, d.Date",
            r => $"{r.GetString(0)} {r.GetInt32(1)} {r.GetString(2)} {r.GetString(3)}");
    }

    [Fact]
    public void A_sync_planned_before_a_mark_was_entered_is_planned_again_and_keeps_the_mark()
    {
        using var t = BridgeStore();
        var plan = BridgeSyncOperation.Plan(t.Store, Br1, NullObserver.Instance, default);
        Assert.Equal("3 records to create in DailyAttendance, 1 already present, 1 conflict", plan.CountsText);
        AttendanceRecordWriter.Apply(t.Store, [ZoeMondayUnexcused], remove: false, null, NullObserver.Instance);
        var recorder = new Recorder();

        var applied = BridgeSyncOperation.Apply(t.Store, plan, recorder, default, out var runId, _ => true);

        var r = applied.ToResult(runId);
        Assert.Equal((4, 2, 1, 2), (r.DaysProcessed, r.Created, r.AlreadyPresent, r.Conflicts));
        Assert.Equal(["StoreChangedSincePlan: The store changed after this BridgeSync run was planned; planned again, it writes " +
                      "2 records to create in DailyAttendance, 1 already present, 2 conflicts instead of 3 records to create in DailyAttendance, 1 already present, 1 conflict."],
            recorder.Warnings);
        Assert.Equal(["YURI 20251006 ILL Sync", "YURI 20251009 U Entered", "ZOE 20251006 U Entered", "ZOE 20251007 U Entered", "ZOE 20251009 T Sync"],
            JeffersonDaily(t.Store));
    }

    [Fact]
    public async Task A_sync_started_while_a_mark_is_written_waits_for_it_and_then_refuses_its_stale_counts_writing_nothing()
    {
        using var t = BridgeStore();
        var plan = BridgeSyncOperation.Plan(t.Store, Br1, NullObserver.Instance, default);
        var pause = new Pause(WritePoints.LeaseTaken);
        var recorder = new Recorder();

        var mark = pause.Start(() => AttendanceRecordWriter.Apply(t.Store, [ZoeMondayUnexcused], remove: false, null, NullObserver.Instance));
        pause.WaitUntilReached();
        var sync = Task.Run(() => BridgeSyncOperation.Apply(t.Store, plan, recorder, default, out _));
        Assert.True(recorder.WaitingForLease.Wait(Guard), "The sync never waited for the mark's lease.");
        pause.Resume();

        var entered = Assert.Single(await mark);
        var ex = await Assert.ThrowsAsync<AttendanceException>(() => sync);

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal($"The store '{t.Store.Location}' changed after this BridgeSync run was planned (AttendanceRecord run {entered.RunId} by {Me}). " +
                     "Planned again, it would now write 2 records to create in DailyAttendance, 1 already present, 2 conflicts instead of the " +
                     "3 records to create in DailyAttendance, 1 already present, 1 conflict confirmed. Nothing was written.", ex.Message);
        Assert.Equal(["YURI 20251009 U Entered", "ZOE 20251006 U Entered", "ZOE 20251007 U Entered"], JeffersonDaily(t.Store));
        Assert.Equal("AttendanceRecord", Runs(t.Store)[^1].Operation);
        Assert.Equal(0L, Scalar(t.Store, "SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void A_mark_and_a_bell_schedule_change_wait_for_the_store_lease_and_name_its_holder()
    {
        using var t = BridgeStore();
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES ('Store', 'ann', 'SIS-APP02 (pid 7)', 7, @at, @exp, 'x')", null,
                ("at", DbValue.Timestamp(t.Clock.GetUtcNow())), ("exp", DbValue.Timestamp(t.Clock.GetUtcNow().AddMinutes(2))));
        var before = JeffersonDaily(t.Store);
        var recorder = new Recorder();
        using var cancel = new CancellationTokenSource();
        // The lease is another host's and live: the mark waits; it is cancelled once it is seen waiting.
        var waiting = Task.Run(() => WriteProtocol.Apply(t.Store, AttendanceRecordWriter.OperationName, null, _ => 0, recorder, cancel.Token));
        Assert.True(recorder.WaitingForLease.Wait(Guard));
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => waiting.GetAwaiter().GetResult());
        Assert.Equal(["Waiting for the 'Store' lease held by ann on SIS-APP02 (pid 7)."], recorder.Verbose);
        Assert.Equal(before, JeffersonDaily(t.Store));
    }

    // ---- Undo of a run ---------------------------------------------------------------------------------------

    /// <summary>The Jefferson High store after example Br1's sync, which created three daily marks, and the plan of that run's undo.</summary>
    private static (TempStore Store, UndoPlan Plan) UndoOfBr1()
    {
        var t = BridgeStore();
        BridgeSyncOperation.Apply(t.Store, BridgeSyncOperation.Plan(t.Store, Br1, NullObserver.Instance, default), NullObserver.Instance, default, out var runId);
        Assert.Equal(["YURI 20251006 ILL Sync", "YURI 20251009 U Entered", "ZOE 20251006 P Sync", "ZOE 20251007 U Entered", "ZOE 20251009 T Sync"], JeffersonDaily(t.Store));
        return (t, UndoOperation.Plan(t.Store, runId, null));
    }

    private const string UndoBr1 = "3 rows put back, 0 changed since the run";
    private static readonly string[] Br1MarkedAfterSync = ["YURI 20251006 ILL Sync", "YURI 20251009 U Entered", "ZOE 20251006 U Entered", "ZOE 20251007 U Entered", "ZOE 20251009 T Sync"];

    [Fact]
    public void An_undo_planned_before_a_mark_changed_a_row_of_the_run_is_refused_and_writes_nothing()
    {
        var (t, plan) = UndoOfBr1();
        using var _ = t;
        Assert.Equal(UndoBr1, plan.CountsText);
        var entered = Assert.Single(AttendanceRecordWriter.Apply(t.Store, [ZoeMondayUnexcused], remove: false, null, NullObserver.Instance));
        var runs = Runs(t.Store);

        var ex = Assert.Throws<AttendanceException>(() => UndoOperation.Apply(t.Store, plan, null, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal($"The store '{t.Store.Location}' changed after this Undo run was planned (AttendanceRecord run {entered.RunId} by {Me}). " +
                     $"Planned again, it would now write 3 rows put back, 1 changed since the run instead of the {UndoBr1} confirmed. Nothing was written.", ex.Message);
        Assert.Equal(Br1MarkedAfterSync, JeffersonDaily(t.Store));
        Assert.Equal(runs, Runs(t.Store));
        Assert.Equal(0L, Scalar(t.Store, $"SELECT COUNT(*) FROM RunLog WHERE Status = 'Undone' OR RunId = {plan.Runs[0].RunId} AND Status <> 'Succeeded'"));
        Assert.Equal(0L, Scalar(t.Store, "SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void An_undo_planned_again_with_the_same_counts_is_written_as_previewed()
    {
        var (t, plan) = UndoOfBr1();
        using var _ = t;
        OtherRun(t.Store);
        var recorder = new Recorder();

        var result = UndoOperation.Apply(t.Store, plan, null, recorder, CancellationToken.None);

        Assert.Equal((3, 0, 0), (result.Restored, result.Kept, result.Overwritten));
        Assert.Contains($"Planned again: the same counts ({UndoBr1}).", recorder.Verbose);
        Assert.Empty(recorder.Warnings);
        Assert.Equal(["YURI 20251009 U Entered", "ZOE 20251007 U Entered"], JeffersonDaily(t.Store));
        Assert.Equal([(result.UndoRunId!.Value, UndoOperation.OperationName)], Runs(t.Store)[^1..]);
        Assert.Equal(0L, Scalar(t.Store, "SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public async Task An_undo_started_while_a_mark_is_written_waits_for_it_and_then_refuses_its_stale_counts_writing_nothing()
    {
        var (t, plan) = UndoOfBr1();
        using var _ = t;
        var pause = new Pause(WritePoints.LeaseTaken);
        var recorder = new Recorder();

        var mark = pause.Start(() => AttendanceRecordWriter.Apply(t.Store, [ZoeMondayUnexcused], remove: false, null, NullObserver.Instance));
        pause.WaitUntilReached();
        var undo = Task.Run(() => UndoOperation.Apply(t.Store, plan, null, recorder, CancellationToken.None));
        Assert.True(recorder.WaitingForLease.Wait(Guard), "The undo never waited for the mark's lease.");
        pause.Resume();

        var entered = Assert.Single(await mark);
        var ex = await Assert.ThrowsAsync<AttendanceException>(() => undo);

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Contains($"(AttendanceRecord run {entered.RunId} by {Me}). Planned again, it would now write 3 rows put back, 1 changed since the run", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Br1MarkedAfterSync, JeffersonDaily(t.Store));
        Assert.Equal(AttendanceRecordWriter.OperationName, Runs(t.Store)[^1].Operation);
        Assert.Equal(0L, Scalar(t.Store, "SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public async Task A_mark_entered_during_an_undo_waits_for_it_and_lands_after_it()
    {
        var (t, plan) = UndoOfBr1();
        using var _ = t;

        var result = await FirstThenWaiting(() => UndoOperation.Apply(t.Store, plan, null, NullObserver.Instance, CancellationToken.None),
            recorder => AttendanceRecordWriter.Apply(t.Store, [ZoeMondayUnexcused], remove: false, null, recorder));

        Assert.Equal((3, 0), (result.Restored, result.Kept));
        Assert.Equal(["YURI 20251009 U Entered", "ZOE 20251006 U Entered", "ZOE 20251007 U Entered"], JeffersonDaily(t.Store));
        Assert.Equal([(result.UndoRunId!.Value, UndoOperation.OperationName), (result.UndoRunId.Value + 1, AttendanceRecordWriter.OperationName)], Runs(t.Store)[^2..]);
    }

    // ---- Rollover and its restore ------------------------------------------------------------------------------

    private const string R1Registration = "Registration rollover of 2025-26: process 6 students (promote 2, retain 2, graduate 1, activate 1 pre-registered, " +
                                          "inactivate 0, delete 0; 0 unmatched), close 5 and open 5 enrolments.";

    [Fact]
    public void A_rollover_whose_counts_changed_since_the_preview_is_refused_and_writes_nothing()
    {
        using var d = new R1District();
        var token = d.Lock();
        var plan = d.Preview(RolloverType.Registration, token);
        Assert.Equal(R1Registration, plan.WhatIfText());
        // Avery is held back after the preview, and another run lands.
        Exec(d.Store, "UPDATE StudentYearRecord SET Promote = 0 WHERE StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = 'Avery')");
        OtherRun(d.Store);
        var runs = Runs(d.Store);

        var ex = Assert.Throws<AttendanceException>(() => RolloverOperation.Apply(d.Store, plan, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal($"The store '{d.Store.Location}' changed after this Rollover run was planned (Other run {runs[^1].RunId} by {Me}). Planned again, it would now write " +
                     R1Registration.Replace("promote 2, retain 2", "promote 1, retain 3", StringComparison.Ordinal) + $" instead of the {R1Registration} confirmed. Nothing was written.",
            ex.Message);
        Assert.Equal(runs, Runs(d.Store));
        Assert.Equal(0L, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
        Assert.Equal(0L, d.Scalar("SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void A_rollover_planned_again_with_the_same_counts_is_written_as_previewed()
    {
        using var d = new R1District();
        var token = d.Lock();
        var plan = d.Preview(RolloverType.Registration, token);
        OtherRun(d.Store);
        var recorder = new Recorder();

        var result = RolloverOperation.Apply(d.Store, plan, recorder, CancellationToken.None);

        Assert.Equal(("Applied", 6, 2, 2, 1, 1), (result.Mode, result.Processed, result.Promoted, result.Retained, result.Graduated, result.PreRegisteredActivated));
        Assert.Contains("Planned again: the same counts (" + R1Registration + ").", recorder.Verbose);
        Assert.Empty(recorder.Warnings);
    }

    [Fact]
    public async Task A_settings_change_made_during_a_rollover_waits_for_it()
    {
        using var d = new R1District();
        var token = d.Lock();
        var plan = d.Preview(RolloverType.Registration, token);
        var result = await FirstThenWaiting(() => RolloverOperation.Apply(d.Store, plan, NullObserver.Instance, CancellationToken.None),
            recorder => StoreSettings.SetTimeZone(d.Store, "America/Chicago", token, recorder));

        var runs = Runs(d.Store);
        Assert.Equal([(result.RunId!.Value, "Rollover"), (result.RunId.Value + 1, StoreSettings.SettingsOperation)], runs[^2..]);
    }

    [Fact]
    public void A_rollover_restore_that_would_now_overwrite_a_changed_row_is_refused_and_writes_nothing()
    {
        using var d = new R1District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var plan = RolloverRestore.Plan(d.Store, RolloverType.Registration, null, null, force: true, token);
        Assert.Empty(plan.Result.Overwritten);
        Exec(d.Store, "UPDATE StudentYearRecord SET Homeroom = 'HR-X' WHERE SchoolYear = 2027 AND StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = 'Avery')");
        OtherRun(d.Store);
        var runs = Runs(d.Store);

        var ex = Assert.Throws<AttendanceException>(() => RolloverRestore.Apply(d.Store, plan, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.EndsWith($"instead of the runs 1: {plan.Result.Restored} rows put back, 0 overwritten confirmed. Nothing was written.", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"Planned again, it would now write runs 1: {plan.Result.Restored} rows put back, 1 overwritten", ex.Message, StringComparison.Ordinal);
        Assert.Equal(runs, Runs(d.Store));
        Assert.Equal(["Registration|1|Applied"], d.Strings("SELECT RunType, RunNumber, State FROM RolloverRun"));
    }

    [Fact]
    public async Task A_settings_change_made_during_a_rollover_restore_waits_for_it()
    {
        using var d = new R1District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var plan = RolloverRestore.Plan(d.Store, RolloverType.Registration, null, null, force: false, token);

        var result = await FirstThenWaiting(() => RolloverRestore.Apply(d.Store, plan, NullObserver.Instance, CancellationToken.None),
            recorder => StoreSettings.SetTimeZone(d.Store, "America/Chicago", token, recorder));

        Assert.Equal([1], result.RunNumbers);
        Assert.False(result.IsPreview);
        Assert.Equal([(result.RunId!.Value, RolloverRestore.OperationName), (result.RunId.Value + 1, StoreSettings.SettingsOperation)], Runs(d.Store)[^2..]);
        Assert.Equal(["Registration|1|Restored"], d.Strings("SELECT RunType, RunNumber, State FROM RolloverRun"));
    }

    // ---- Provisioning ----------------------------------------------------------------------------------------

    private static FeedStore P2Students()
    {
        var f = new FeedStore();
        f.Student("Avery", 2026, "101", "03");
        f.Student("Blake", 2026, "101", "05");
        f.Student("Casey", 2026, "201", "08", promote: false);
        return f;
    }

    [Fact]
    public void An_export_whose_counts_changed_since_the_preview_is_refused_and_leaves_no_feed_and_no_snapshot()
    {
        using var f = P2Students();
        var plan = f.Plan(2026);
        f.Student("Dana", 2026, "201", "07");
        OtherRun(f.Store);

        var ex = Assert.Throws<AttendanceException>(() => ProvisioningOperation.Apply(f.Store, plan, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Contains("Planned again, it would now write Export the 2025-26 provisioning feed of 4 students", ex.Message, StringComparison.Ordinal);
        Assert.Contains("instead of the Export the 2025-26 provisioning feed of 3 students", ex.Message, StringComparison.Ordinal);
        Assert.Empty(f.Snapshot());
        Assert.False(Directory.Exists(f.FeedPath));
        Assert.Empty(f.Leftovers());
        Assert.Equal(0L, f.Scalar("SELECT COUNT(*) FROM RunLog WHERE Operation = 'ProvisioningExport'"));
    }

    [Fact]
    public async Task A_settings_change_made_during_an_export_waits_for_it_and_the_export_is_as_previewed()
    {
        using var f = P2Students();
        var plan = f.Plan(2026);
        var result = await FirstThenWaiting(() => ProvisioningOperation.Apply(f.Store, plan, NullObserver.Instance, CancellationToken.None),
            recorder => StoreSettings.SetTimeZone(f.Store, "America/Chicago", null, recorder));

        Assert.Equal(("Exported", 3, 3, 0, 0), (result.Status, result.Total, result.New, result.Updated, result.Removed));
        Assert.Equal([new FeedStudent("Avery", "101", "03", 2035), new FeedStudent("Blake", "101", "05", 2033), new FeedStudent("Casey", "201", "08", 2030)], f.Snapshot());
        var runs = Runs(f.Store);
        Assert.Equal([(result.RunId!.Value, ProvisioningOperation.OperationName), (result.RunId.Value + 1, StoreSettings.SettingsOperation)], runs[^2..]);
    }

    // ---- Whole-store restore ---------------------------------------------------------------------------------

    [Fact]
    public void A_store_restore_confirmed_before_another_run_landed_is_refused_and_writes_nothing()
    {
        using var d = new R1District();
        var backup = StoreBackupOperation.Backup(d.Store, "before", null, NullObserver.Instance);
        var planned = StoreStamp.Read(d.Store);
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var runs = Runs(d.Store);

        var ex = Assert.Throws<AttendanceException>(() => StoreBackupOperation.Restore(d.Store, backup, token, NullObserver.Instance, planned));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Contains($"changed after this StoreRestore run was planned (Rollover run {runs[^1].RunId} by {Me}). Nothing was written.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(runs, Runs(d.Store));
        Assert.Equal(1L, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
        Assert.Empty(Directory.EnumerateFiles(StoreBackupOperation.BackupFolder(d.Store), ".restore-*"));
    }

    [Fact]
    public async Task A_settings_change_made_during_a_store_restore_waits_and_lands_on_the_restored_store()
    {
        using var d = new R1District();
        var backup = StoreBackupOperation.Backup(d.Store, "before", null, NullObserver.Instance);
        var before = Runs(d.Store);

        await FirstThenWaiting(() => { StoreBackupOperation.Restore(d.Store, backup, null, NullObserver.Instance); return 0; },
            recorder => StoreSettings.SetTimeZone(d.Store, "America/Chicago", null, recorder));

        Assert.Equal([.. before, (before[^1].RunId + 1, StoreBackupOperation.RestoreOperationName), (before[^1].RunId + 2, StoreSettings.SettingsOperation)],
            Runs(d.Store));
        using var c = d.Store.OpenConnection();
        Assert.Equal("America/Chicago", StoreSettings.GetTimeZone(c).Id);
        Assert.Equal(0L, d.Scalar("SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void A_store_restore_puts_the_copy_back_with_its_own_run_log_row_and_no_lease()
    {
        using var d = new R1District();
        var backup = StoreBackupOperation.Backup(d.Store, "before", null, NullObserver.Instance);
        var before = Runs(d.Store);
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);

        StoreBackupOperation.Restore(d.Store, backup, token, NullObserver.Instance);

        var runs = Runs(d.Store);
        Assert.Equal([.. before, (before[^1].RunId + 1, StoreBackupOperation.RestoreOperationName)], runs);
        Assert.Equal(0L, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
        Assert.Equal(0L, d.Scalar("SELECT COUNT(*) FROM Lease"));
        Assert.Equal(1L, d.Scalar("SELECT COUNT(*) FROM MaintenanceLock"));
        Assert.Equal(1L, d.Scalar("SELECT COUNT(*) FROM StoreBackup"));
    }
}
