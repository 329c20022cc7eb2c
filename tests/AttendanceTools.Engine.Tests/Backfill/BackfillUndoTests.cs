using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Undo;
using static AttendanceTools.Engine.Tests.Backfill.BackfillStoreFixture;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>Undo-AttendanceRun over a backfill run's journal: exact restore, and conflicts refused unless forced.</summary>
public sealed class BackfillUndoTests : IDisposable
{
    private readonly BackfillStoreFixture _f = new(RedwoodDistrict.B4());

    public void Dispose() => _f.Dispose();

    private string States()
    {
        using var c = _f.Store.OpenConnection();
        return string.Join(";", c.Query("SELECT StudentRef, BackfillStartDate, Fingerprint, ComputedAt FROM BackfillStudentState ORDER BY StudentRef",
            r => $"{r.GetInt32(0)} {r.GetInt32(1)} {r.GetString(2)} {r.GetString(3)}"));
    }

    /// <summary>B4: run 1 stores the moves, the changes happen, run 2 (Validate) corrects them.</summary>
    private (long Run2, List<string> MovesBefore, string StatesBefore) B4()
    {
        _f.Run();
        _f.Exec($"UPDATE StudentSectionAssociation SET EndDate = 20260114 WHERE StudentRef = {StudentRef("BEN")} AND SectionRef = (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P4')");
        _f.Exec($"DELETE FROM StudentProgramAssociation WHERE StudentRef = {StudentRef("CLEO")}");
        var (moves, states) = (_f.Moves(), States());
        _f.Clock.Advance(TimeSpan.FromMinutes(5));
        var run2 = _f.Run().RunId!.Value;
        Assert.Equal(["BEN 20260112→20260105 Class 180"], _f.Moves());
        return (run2, moves, states);
    }

    [Fact]
    public void Undo_of_a_backfill_run_puts_back_exactly_the_moves_and_states_it_changed()
    {
        var (run2, moves, states) = B4();
        var result = UndoOperation.Run(_f.Store, run2, null, null, null, NullObserver.Instance, default);

        // Ben's move updated, Cleo's move deleted, both states updated: four rows.
        Assert.Equal((4, 0, 0), (result.Restored, result.Kept, result.Overwritten));
        Assert.Equal(new Dictionary<string, int> { ["BackfillMove"] = 2, ["BackfillStudentState"] = 2 }, result.Tables);
        Assert.Equal(["BEN 20260112→20260105 Class 300", "CLEO 20260112→20260105 IndependentStudy 60"], _f.Moves());
        Assert.Equal(moves, _f.Moves());
        Assert.Equal(states, States());
        Assert.Equal("Undone", StatusOf(run2));

        // The next Validate finds the same corrections again.
        var again = _f.Run();
        Assert.Equal(["AttendanceChanged", "MembershipChanged"], again.Students.OrderBy(s => s.Student).Select(s => s.Reason));
    }

    private string StatusOf(long runId)
    {
        using var c = _f.Store.OpenConnection();
        return c.ScalarString("SELECT Status FROM RunLog WHERE RunId = @id", null, ("id", runId))!;
    }

    [Fact]
    public void Undo_refuses_when_a_later_run_changed_the_same_moves_and_force_overwrites()
    {
        var (run2, _, _) = B4();
        // A later edit: Ben is absent all of Friday 01-16; run 3 changes Ben's move again (180 → 0: week 01-12 drops to 900 − 180).
        _f.Exec($"INSERT INTO MeetingAttendance (StudentRef, SchoolRef, SectionRef, ClassPeriodRef, Date, CodeRef, Origin) " +
                $"SELECT {StudentRef("BEN")}, s.SchoolRef, s.SectionRef, p.ClassPeriodRef, 20260116, (SELECT CodeRef FROM AttendanceCode WHERE Code = 'A'), 'Entered' " +
                "FROM Section s JOIN ClassPeriod p ON p.SchoolRef = s.SchoolRef AND s.ClassPeriodNames = p.ClassPeriodName WHERE s.SectionIdentifier IN ('S-P1', 'S-P2', 'S-P3')");
        var run3 = _f.Run();
        Assert.Equal(1, run3.Students.Single(s => s.Student == "BEN").MovesDeleted);
        var afterRun3 = (_f.Moves(), States());

        var ex = Assert.Throws<AttendanceException>(() => UndoOperation.Run(_f.Store, run2, null, null, null, NullObserver.Instance, default));
        Assert.Equal("UndoConflicts", ex.ErrorId);
        Assert.Contains("BackfillMove", ex.Message, StringComparison.Ordinal);
        Assert.Equal(afterRun3.Item1, _f.Moves());
        Assert.Equal(afterRun3.Item2, States());

        var forced = UndoOperation.Run(_f.Store, run2, UndoConflictPolicy.Overwrite, null, null, NullObserver.Instance, default);
        Assert.Equal(2, forced.Overwritten); // Ben's move and Ben's state
        Assert.Equal(["BEN 20260112→20260105 Class 300", "CLEO 20260112→20260105 IndependentStudy 60"], _f.Moves());
    }
}
