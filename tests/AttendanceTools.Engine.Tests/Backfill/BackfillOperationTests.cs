using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Storage;
using static AttendanceTools.Engine.Tests.Backfill.BackfillStoreFixture;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>Plan/preview/apply of backfill against a real store (domain §5.5–§5.7) with examples B4 and B5.</summary>
public sealed class BackfillOperationTests : IDisposable
{
    private readonly BackfillStoreFixture _f = new(RedwoodDistrict.B4());

    public void Dispose() => _f.Dispose();

    private static BackfillStudentResult Of(BackfillRunResult r, string student) => Assert.Single(r.Students, s => s.Student == student);

    private static (string, int, int, int, int, int, int, int) Counts(BackfillStudentResult r)
        => (r.Reason, r.MovesInserted, r.MovesUpdated, r.MovesDeleted, r.OrphanMovesDeleted, r.MovedMinutes, r.ClaimableMinutesBefore, r.ClaimableMinutes);

    /// <summary>B4's starting point: realtime stored these moves on 2026-01-16.</summary>
    private void B4Start()
    {
        var first = _f.Run();
        Assert.Equal(["BEN 20260112→20260105 Class 300", "CLEO 20260112→20260105 IndependentStudy 60"], _f.Moves());
        Assert.Equal(("NeverApplied", 1, 0, 0, 0, 300, 1500, 1800), Counts(Of(first, "BEN")));
    }

    /// <summary>B4's changes: Ben drops the 60-minute P4 class after Wednesday 01-14; Cleo's program association is deleted.</summary>
    private void B4Changes()
    {
        _f.Exec($"UPDATE StudentSectionAssociation SET EndDate = 20260114 WHERE StudentRef = {StudentRef("BEN")} AND SectionRef = (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P4')");
        _f.Exec($"DELETE FROM StudentProgramAssociation WHERE StudentRef = {StudentRef("CLEO")}");
    }

    [Fact]
    public void B4_validate_corrects_a_mid_week_class_withdrawal_and_removes_an_orphan()
    {
        B4Start();
        B4Changes();
        var result = _f.Run();

        var ben = Of(result, "BEN");
        Assert.Equal(("AttendanceChanged", 0, 1, 0, 0, 180, 1680, 1680), Counts(ben));
        Assert.Equal((2, "Redwood Continuation", "RCH"), (ben.Weeks, ben.School, ben.SchoolId));
        var cleo = Of(result, "CLEO");
        Assert.Equal(("MembershipChanged", 0, 0, 1, 1, 0), (cleo.Reason, cleo.MovesInserted, cleo.MovesUpdated, cleo.MovesDeleted, cleo.OrphanMovesDeleted, cleo.MovedMinutes));
        Assert.Equal(["BEN 20260112→20260105 Class 180"], _f.Moves());

        var weeks = BackfillReport.Weeks(_f.Store, new BackfillReportRequest { Schools = ["RCH"], Students = ["BEN"], AsOf = Friday }, _ => { });
        Assert.Equal([(new DateTime(2026, 1, 5), 780, 780, 120, 180, 0), (new DateTime(2026, 1, 12), 900, 900, 0, 0, 180)],
            weeks.Select(w => (w.Week, w.PostTotalMinutes, w.ClaimableMinutes, w.ShortMinutes, w.MovedInMinutes, w.MovedOutMinutes)));
        Assert.Equal(1080, weeks[1].CountableMinutes);

        // A second Validate: both Unchanged, nothing written.
        var before = _f.Checksum();
        var again = _f.Run();
        Assert.Equal(["Unchanged", "Unchanged"], again.Students.OrderBy(s => s.Student).Select(s => s.Reason));
        Assert.All(again.Students, s => Assert.Equal(0, s.MovesInserted + s.MovesUpdated + s.MovesDeleted));
        Assert.Equal(before, _f.Checksum());
        Assert.Equal(0, _f.Sql($"SELECT Inserted + Updated + Deleted FROM RunLog WHERE RunId = {again.RunId}"));
    }

    [Fact]
    public void B5_the_three_steps_for_one_student()
    {
        B4Start();
        B4Changes();
        _f.Run();
        var (startMoves, startStates) = (_f.Moves(), States());

        var cleared = _f.Run(BackfillStep.Clear, null, "BEN");
        var ben = Assert.Single(cleared.Students);
        Assert.Equal(("BEN", "Cleared", 1, 0), (ben.Student, ben.Reason, ben.MovesDeleted, ben.MovesInserted));
        Assert.Empty(_f.Moves());

        var aggregated = _f.Run(BackfillStep.Aggregate, null, "BEN");
        Assert.Empty(aggregated.Students);
        var cal = Assert.Single(aggregated.Aggregation);
        Assert.Equal((0, 0, 0, 10, 10), (cal.Inserted, cal.Updated, cal.Deleted, cal.Unchanged, cal.StudentDays));

        var applied = _f.Run(BackfillStep.Backfill, null, "BEN");
        // Before the step the cleared store held no move: 600 + 900.
        Assert.Equal(("NeverApplied", 1, 0, 0, 0, 180, 1500, 1680), Counts(Assert.Single(applied.Students)));
        Assert.Equal(["BEN 20260112→20260105 Class 180"], _f.Moves());

        // The store ends where it began (the run ids and the state's ComputedAt aside); Validate at this point writes nothing.
        Assert.Equal(startMoves, _f.Moves());
        Assert.Equal(startStates, States());
        var validate = _f.Run();
        Assert.All(validate.Students, s => Assert.Equal("Unchanged", s.Reason));
        Assert.Equal(0, _f.Sql($"SELECT Inserted + Updated + Deleted FROM RunLog WHERE RunId = {validate.RunId}"));
    }

    private string States()
    {
        using var c = _f.Store.OpenConnection();
        return string.Join(";", c.Query("SELECT StudentRef, BackfillStartDate, Fingerprint FROM BackfillStudentState ORDER BY StudentRef", r => $"{r.GetInt32(0)} {r.GetInt32(1)} {r.GetString(2)}"));
    }

    [Fact]
    public void A_preview_writes_nothing_and_reports_what_the_run_writes()
    {
        B4Start();
        B4Changes();
        var before = _f.Checksum();
        var runs = _f.Sql("SELECT COUNT(*) FROM RunLog");
        var plan = _f.Plan();
        Assert.Equal(before, _f.Checksum());
        Assert.Equal(runs, _f.Sql("SELECT COUNT(*) FROM RunLog"));
        var school = Assert.Single(plan.Schools);
        Assert.Equal((1, 1, 2), (school.Students.Sum(s => s.Updates.Count), school.Students.Sum(s => s.Deletes.Count), school.ExistingMoves));
        Assert.Equal(2, school.Aggregation.Sum(a => a.Changes.Updates.Count)); // Ben's Thursday and Friday

        var result = _f.Run();
        Assert.Equal((1, 1), (result.Students.Sum(s => s.MovesUpdated), result.Students.Sum(s => s.MovesDeleted)));
        Assert.Equal(2, result.Aggregation.Sum(a => a.Updated));
    }

    [Fact]
    public void A_mid_week_withdrawal_updates_the_move_and_a_later_exit_date_correction_deletes_it_as_an_orphan()
    {
        B4Start();
        // Ben withdraws on Wednesday 01-14: week 01-12 keeps three days (720 minutes, target 540): 180 over.
        _f.Exec($"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = 20260114 WHERE StudentRef = {StudentRef("BEN")}");
        var ben = Of(_f.Run(), "BEN");
        Assert.Equal(("MembershipChanged", 0, 1, 0, 0, 180, 1320, 1320), Counts(ben));
        Assert.Contains("BEN 20260112→20260105 Class 180", _f.Moves());

        // The exit date is corrected to Friday 01-09: week 01-12 has no membership day, the move is an orphan.
        _f.Exec($"UPDATE StudentSchoolAssociation SET ExitWithdrawDate = 20260109 WHERE StudentRef = {StudentRef("BEN")}");
        ben = Of(_f.Run(), "BEN");
        // Before: the stored move still lands 180 in week 01-05 (what the store would have reported).
        Assert.Equal(("MembershipChanged", 0, 0, 1, 1, 0, 780, 600), Counts(ben));
        Assert.Equal(1, ben.Weeks);
        Assert.DoesNotContain(_f.Moves(), m => m.StartsWith("BEN", StringComparison.Ordinal));
    }

    [Fact]
    public void Attendance_edited_in_an_already_backfilled_week_is_corrected()
    {
        B4Start();
        // Two absent periods on Tuesday 01-13 of the donor week: 1200 → 1080, 180 over.
        _f.Exec($"INSERT INTO MeetingAttendance (StudentRef, SchoolRef, SectionRef, ClassPeriodRef, Date, CodeRef, Origin) " +
                $"SELECT {StudentRef("BEN")}, s.SchoolRef, s.SectionRef, p.ClassPeriodRef, 20260113, (SELECT CodeRef FROM AttendanceCode WHERE Code = 'A'), 'Entered' " +
                "FROM Section s JOIN ClassPeriod p ON p.SchoolRef = s.SchoolRef AND s.ClassPeriodNames = p.ClassPeriodName WHERE s.SectionIdentifier IN ('S-P3', 'S-P4')");
        var ben = Of(_f.Run(), "BEN");
        Assert.Equal(("AttendanceChanged", 0, 1, 0, 0, 180, 1680, 1680), Counts(ben));
    }

    [Fact]
    public void Moving_the_start_date_forward_freezes_moves_into_reported_weeks()
    {
        B4Start();
        _f.Exec("UPDATE BackfillPreference SET BackfillStartDate = 20260112");
        var ben = Of(_f.Run(), "BEN");
        // Ben's only move goes into week 01-05, now before the start: frozen, kept, and spent in week 01-12.
        Assert.Equal(("Unchanged", 0, 0, 0, 0), (ben.Reason, ben.MovesInserted, ben.MovesUpdated, ben.MovesDeleted, ben.OrphanMovesDeleted));
        Assert.Equal((1, 900, 900), (ben.Weeks, ben.ClaimableMinutesBefore, ben.ClaimableMinutes));
        Assert.Contains("BEN 20260112→20260105 Class 300", _f.Moves());
        var week = Assert.Single(BackfillReport.Weeks(_f.Store, new BackfillReportRequest { Schools = ["RCH"], Students = ["BEN"], AsOf = Friday }, _ => { }));
        Assert.Equal((new DateTime(2026, 1, 12), 1200, 300, 0, 900), (week.Week, week.CountableMinutes, week.FrozenOutMinutes, week.MovedOutMinutes, week.PostTotalMinutes));
        Assert.Equal(20260112, _f.Sql($"SELECT BackfillStartDate FROM BackfillStudentState WHERE StudentRef = {StudentRef("BEN")}"));
    }

    [Fact]
    public void Moving_the_start_date_back_recomputes_with_reason_StartDateChanged()
    {
        _f.Exec("UPDATE BackfillPreference SET BackfillStartDate = 20260112");
        // Week 01-12 alone has nothing to move: no move written, the state records the computation.
        Assert.Equal("Unchanged", Of(_f.Run(), "BEN").Reason);
        Assert.Empty(_f.Moves());
        Assert.Equal(20260112, _f.Sql($"SELECT BackfillStartDate FROM BackfillStudentState WHERE StudentRef = {StudentRef("BEN")}"));
        _f.Exec("UPDATE BackfillPreference SET BackfillStartDate = 20260105");
        var ben = Of(_f.Run(), "BEN");
        Assert.Equal(("StartDateChanged", 1, 0, 0, 0, 300, 1500, 1800), Counts(ben));
    }

    [Fact]
    public void Moves_never_reach_before_the_start_date_or_outside_membership()
    {
        // Ben joins the program only on Wednesday 01-07; Cleo's exit is Tuesday 01-13.
        _f.Exec($"UPDATE StudentProgramAssociation SET BeginDate = 20260107 WHERE StudentRef = {StudentRef("BEN")}");
        _f.Exec("UPDATE BackfillPreference SET BackfillStartDate = 20260101");
        var result = _f.Run();
        var ben = Of(result, "BEN");
        // Week 01-05: three days of 120 = 360 of 540; week 01-12: 1200 of 900 → 180 moved, 120 unused.
        Assert.Equal(("NeverApplied", 1, 0, 0, 0, 180, 1260, 1440), Counts(ben));
        Assert.Contains("BEN 20260112→20260105 Class 180", _f.Moves());
        Assert.DoesNotContain(_f.Moves(), m => m.Contains("→2025", StringComparison.Ordinal));
    }

    [Fact]
    public void Second_run_writes_nothing_and_steps_one_to_three_end_where_validate_does()
    {
        B4Start();
        B4Changes();
        _f.Run(BackfillStep.Clear);
        _f.Run(BackfillStep.Aggregate);
        _f.Run(BackfillStep.Backfill);
        var steps = _f.Moves();
        var validate = _f.Run();
        Assert.All(validate.Students, s => Assert.Equal("Unchanged", s.Reason));
        Assert.Equal(steps, _f.Moves());
        Assert.Equal(["BEN 20260112→20260105 Class 180"], steps);
    }

    [Fact]
    public void The_run_log_row_and_journal_record_every_move_and_state_row()
    {
        var result = _f.Run();
        var run = Assert.Single(RunLogRead(result.RunId!.Value));
        Assert.Equal(("Backfill", "journal", "Succeeded"), (run.Operation, run.UndoRef, run.Status));
        Assert.StartsWith("Validate: Redwood Continuation (RCH) 2025-26", run.Scope, StringComparison.Ordinal);
        // 2 moves and 2 states inserted, journaled; 20 day aggregates inserted (not journaled: derived data).
        Assert.Equal(4, _f.Sql($"SELECT COUNT(*) FROM RunChange WHERE RunId = {result.RunId}"));
        Assert.Equal(2, _f.Sql($"SELECT COUNT(*) FROM RunChange WHERE RunId = {result.RunId} AND TableName = 'BackfillMove' AND Before IS NULL"));
        Assert.Equal(22, run.Inserted);
    }

    private List<RunInfo> RunLogRead(long id) { using var c = _f.Store.OpenConnection(); return RunLog.Read(c, runId: id); }

    [Fact]
    public void Realtime_validate_recalculates_only_exception_students_and_equals_a_full_recomputation()
    {
        _f.Exec("UPDATE BackfillPreference SET RealtimeEnabled = 1");
        B4Start();
        B4Changes();
        var plan = _f.Plan();
        var computed = plan.Schools[0].Students.Where(s => s.Reason != BackfillReason.Unchanged).Select(s => (s.StudentId, s.Reason)).ToList();
        Assert.Equal([("BEN", BackfillReason.AttendanceChanged), ("CLEO", BackfillReason.MembershipChanged)], computed);
        var full = BackfillOperation.Plan(_f.Store, Request(BackfillStep.Validate, null, []) with { RecalculateAll = true }, NullObserver.Instance, default);
        Assert.Equal(Describe(full), Describe(plan));
    }

    private static List<string> Describe(BackfillPlan p) => p.Schools[0].Students.Select(s =>
        $"{s.StudentId} {s.Reason} +{string.Join(",", s.Inserts)} ~{string.Join(",", s.Updates.Select(u => u.After))} -{s.Deletes.Count}").ToList();

    [Fact]
    public void A_run_as_of_a_date_before_the_start_date_is_refused_per_school()
    {
        var plan = _f.Plan(asOf: new DateTime(2026, 1, 2, 12, 0, 0));
        var failure = Assert.Single(plan.Failures);
        Assert.Equal("BackfillAsOfBeforeStart", failure.ErrorId);
        Assert.Contains("2026-01-02", failure.Message, StringComparison.Ordinal);
        Assert.Contains("2026-01-05", failure.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Schools);
    }

    [Fact]
    public void A_selected_student_outside_the_program_is_reported_and_the_others_are_processed()
    {
        _f.Exec($"DELETE FROM StudentProgramAssociation WHERE StudentRef = {StudentRef("CLEO")}");
        var plan = _f.Plan(BackfillStep.Validate, null, "BEN", "CLEO");
        var failure = Assert.Single(plan.Failures);
        Assert.Equal(("BackfillStudentNotInProgram", "CLEO"), (failure.ErrorId, failure.Target));
        Assert.Equal(["BEN"], plan.Schools[0].Students.Select(s => s.StudentId));
    }

    [Fact]
    public void A_school_without_backfill_enabled_is_refused()
    {
        _f.Exec("UPDATE BackfillPreference SET Enabled = 0");
        var failure = Assert.Single(_f.Plan().Failures);
        Assert.Equal("BackfillNotEnabled", failure.ErrorId);
        Assert.Contains("Redwood Continuation (RCH)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_change_guard_refuses_and_writes_nothing()
    {
        B4Start();
        B4Changes();
        var before = _f.Checksum();
        var ex = Assert.Throws<AttendanceException>(() => BackfillOperation.Apply(_f.Store,
            Request(BackfillStep.Validate, null, []) with { MaxChangePercent = 50 }, null, NullObserver.Instance, default));
        // 2 of the 2 stored moves change: 100 %.
        Assert.Equal("ChangeThresholdExceeded", ex.ErrorId);
        Assert.Contains("BackfillMove", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, _f.Checksum());
        BackfillOperation.Apply(_f.Store, Request(BackfillStep.Validate, null, []) with { MaxChangePercent = 100 }, null, NullObserver.Instance, default);
    }

    [Fact]
    public void Work_experience_without_a_cap_is_ignored_with_a_warning()
    {
        _f.Exec("UPDATE BackfillPreference SET MaxWorkExperienceHoursPerDay = '0'");
        _f.Exec($"INSERT INTO AttendanceTime (StudentRef, SchoolRef, Date, Kind, Sequence, Minutes) SELECT {StudentRef("BEN")}, SchoolRef, 20260106, 'WorkExperience', 1, 90 FROM School WHERE SchoolId = 'RCH'");
        var school = _f.Plan().Schools[0];
        Assert.Equal("WorkExperienceIgnored", Assert.Single(school.Warnings).Id);
        Assert.Equal(300, school.Students.Single(s => s.StudentId == "BEN").Inserts.Sum(m => m.Minutes));
    }
}
