using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Storage;
using static AttendanceTools.Engine.Tests.Backfill.BackfillStoreFixture;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>Realtime backfill through the attendance write hook (domain §5.5), in the writer's transaction.</summary>
public sealed class BackfillRealtimeTests : IDisposable
{
    private readonly BackfillStoreFixture _f = new(RedwoodDistrict.B4());

    public void Dispose() => _f.Dispose();

    /// <summary>What an attendance writer does: write, call the hook, commit (here: Ben absent P3 and P4 on Tuesday 01-13).</summary>
    private void WriteAbsence(string date, bool commit = true)
    {
        using var tx = WriteTransaction.Begin(_f.Store);
        tx.Connection.Execute($"INSERT INTO MeetingAttendance (StudentRef, SchoolRef, SectionRef, ClassPeriodRef, Date, CodeRef, Origin) " +
                              $"SELECT {StudentRef("BEN")}, s.SchoolRef, s.SectionRef, p.ClassPeriodRef, {date}, (SELECT CodeRef FROM AttendanceCode WHERE Code = 'A'), 'Entered' " +
                              "FROM Section s JOIN ClassPeriod p ON p.SchoolRef = s.SchoolRef AND s.ClassPeriodNames = p.ClassPeriodName WHERE s.SectionIdentifier IN ('S-P3', 'S-P4')", tx.Transaction);
        var touch = new AttendanceTouch((int)tx.Connection.ScalarLong("SELECT SchoolRef FROM School WHERE SchoolId = 'RCH'", tx.Transaction),
            (int)tx.Connection.ScalarLong($"SELECT {StudentRef("BEN")}", tx.Transaction), DateOnly.ParseExact(date, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        AttendanceWriteHooks.AfterAttendanceWrite(tx.Connection, tx.Transaction, [touch], _f.Clock, NullObserver.Instance);
        if (commit) tx.Commit();
    }

    [Fact]
    public void With_realtime_on_an_attendance_write_recomputes_the_students_backfill_in_the_same_transaction()
    {
        _f.Exec("UPDATE BackfillPreference SET RealtimeEnabled = 1");
        _f.Run();
        WriteAbsence("20260113");
        Assert.Contains("BEN 20260112→20260105 Class 180", _f.Moves());
        Assert.Equal(1, _f.Sql("SELECT COUNT(*) FROM RunLog WHERE Operation = 'Backfill' AND Scope LIKE 'Realtime:%' AND UndoRef = 'journal'"));
        // The day aggregate was refreshed too (step 2): Tuesday is 120 minutes now.
        Assert.Equal(120, _f.Sql($"SELECT ScheduledMinutes - AbsentMinutes FROM DayAggregate WHERE StudentRef = {StudentRef("BEN")} AND Date = 20260113"));
        // Validate then has nothing to correct, and equals a full recomputation.
        var validate = _f.Run();
        Assert.All(validate.Students, s => Assert.Equal("Unchanged", s.Reason));
    }

    [Fact]
    public void A_rolled_back_write_leaves_no_backfill_behind()
    {
        _f.Exec("UPDATE BackfillPreference SET RealtimeEnabled = 1");
        _f.Run();
        var before = _f.Checksum();
        WriteAbsence("20260113", commit: false);
        Assert.Equal(before, _f.Checksum());
    }

    [Fact]
    public void With_realtime_off_or_outside_the_window_the_hook_writes_nothing()
    {
        _f.Run();
        var moves = _f.Moves();
        WriteAbsence("20260113");
        Assert.Equal(moves, _f.Moves());
        _f.Exec("UPDATE BackfillPreference SET RealtimeEnabled = 1");
        WriteAbsence("20251215"); // before the start date
        Assert.Equal(moves, _f.Moves());
        Assert.Equal(0, _f.Sql("SELECT COUNT(*) FROM RunLog WHERE Scope LIKE 'Realtime:%'"));
    }
}
