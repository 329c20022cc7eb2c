using System.Data.Common;
using AttendanceTools.Engine.Storage;
using T = AttendanceTools.Engine.Storage.Schema.Tables;

namespace AttendanceTools.Engine.Backfill;

/// <summary>
/// Writes one student's planned moves and state inside the run's transaction, recording every row
/// in the run journal (so Undo-AttendanceRun can put it back). Prepared statements, reused.
/// </summary>
internal sealed class BackfillWriter : IDisposable
{
    private readonly RunJournal _journal;
    private readonly long _runId;
    private readonly DbCommand _insert, _update, _delete, _stateDelete, _stateInsert;

    public BackfillWriter(DbConnection c, DbTransaction tx, RunJournal journal, long runId)
    {
        _journal = journal;
        _runId = runId;
        _insert = Prepare(c, tx, "INSERT INTO BackfillMove (SchoolRef, StudentRef, DonorWeek, RecipientWeek, Category, Minutes, RunId) VALUES (@s, @st, @d, @r, @c, @m, @run)",
            "s", "st", "d", "r", "c", "m", "run");
        _update = Prepare(c, tx, "UPDATE BackfillMove SET Minutes = @m, RunId = @run WHERE SchoolRef = @s AND StudentRef = @st AND DonorWeek = @d AND RecipientWeek = @r AND Category = @c",
            "s", "st", "d", "r", "c", "m", "run");
        _delete = Prepare(c, tx, "DELETE FROM BackfillMove WHERE SchoolRef = @s AND StudentRef = @st AND DonorWeek = @d AND RecipientWeek = @r AND Category = @c",
            "s", "st", "d", "r", "c");
        _stateDelete = Prepare(c, tx, "DELETE FROM BackfillStudentState WHERE SchoolRef = @s AND StudentRef = @st", "s", "st");
        _stateInsert = Prepare(c, tx, "INSERT INTO BackfillStudentState (SchoolRef, StudentRef, BackfillStartDate, Fingerprint, ComputedAt) VALUES (@s, @st, @d, @f, @at)",
            "s", "st", "d", "f", "at");
    }

    public void Write(int schoolRef, BackfillStudentPlan p)
    {
        foreach (var m in p.Deletes)
        {
            Bind(_delete, schoolRef, p.StudentRef, m.Move);
            Expect(_delete.ExecuteNonQuery(), p, m.Move);
            _journal.Deleted(T.BackfillMove, MoveImage(schoolRef, p.StudentRef, m.Move, m.RunId));
        }
        foreach (var (before, after) in p.Updates)
        {
            Bind(_update, schoolRef, p.StudentRef, after);
            _update.Parameters[5].Value = after.Minutes;
            _update.Parameters[6].Value = _runId;
            Expect(_update.ExecuteNonQuery(), p, after);
            _journal.Updated(T.BackfillMove, MoveImage(schoolRef, p.StudentRef, before.Move, before.RunId), MoveImage(schoolRef, p.StudentRef, after, _runId));
        }
        foreach (var m in p.Inserts)
        {
            Bind(_insert, schoolRef, p.StudentRef, m);
            _insert.Parameters[5].Value = m.Minutes;
            _insert.Parameters[6].Value = _runId;
            _insert.ExecuteNonQuery();
            _journal.Inserted(T.BackfillMove, MoveImage(schoolRef, p.StudentRef, m, _runId));
        }
        if (!p.StateChanges) return;
        _stateDelete.Parameters[0].Value = schoolRef;
        _stateDelete.Parameters[1].Value = p.StudentRef;
        _stateDelete.ExecuteNonQuery();
        if (p.StateAfter is { } a)
        {
            _stateInsert.Parameters[0].Value = schoolRef;
            _stateInsert.Parameters[1].Value = p.StudentRef;
            _stateInsert.Parameters[2].Value = DbValue.Date(a.Start);
            _stateInsert.Parameters[3].Value = a.Fingerprint;
            _stateInsert.Parameters[4].Value = a.ComputedAt;
            _stateInsert.ExecuteNonQuery();
        }
        var before2 = p.StateBefore is { } b ? StateImage(schoolRef, p.StudentRef, b) : null;
        var after2 = p.StateAfter is { } a2 ? StateImage(schoolRef, p.StudentRef, a2) : null;
        if (before2 is null && after2 is not null) _journal.Inserted(T.BackfillStudentState, after2);
        else if (before2 is not null && after2 is null) _journal.Deleted(T.BackfillStudentState, before2);
        else if (before2 is not null && after2 is not null) _journal.Updated(T.BackfillStudentState, before2, after2);
    }

    public static RowImage MoveImage(int schoolRef, int studentRef, BackfillMoveRow m, long? runId) => new()
    {
        ["SchoolRef"] = (long)schoolRef, ["StudentRef"] = (long)studentRef, ["DonorWeek"] = (long)DbValue.Date(m.DonorWeek),
        ["RecipientWeek"] = (long)DbValue.Date(m.RecipientWeek), ["Category"] = m.Category.ToString(), ["Minutes"] = (long)m.Minutes, ["RunId"] = runId,
    };

    private static RowImage StateImage(int schoolRef, int studentRef, (DateOnly Start, string Fingerprint, string ComputedAt) s) => new()
    {
        ["SchoolRef"] = (long)schoolRef, ["StudentRef"] = (long)studentRef, ["BackfillStartDate"] = (long)DbValue.Date(s.Start),
        ["Fingerprint"] = s.Fingerprint, ["ComputedAt"] = s.ComputedAt,
    };

    private static void Bind(DbCommand cmd, int schoolRef, int studentRef, BackfillMoveRow m)
    {
        cmd.Parameters[0].Value = schoolRef;
        cmd.Parameters[1].Value = studentRef;
        cmd.Parameters[2].Value = DbValue.Date(m.DonorWeek);
        cmd.Parameters[3].Value = DbValue.Date(m.RecipientWeek);
        cmd.Parameters[4].Value = m.Category.ToString();
    }

    private static void Expect(int rows, BackfillStudentPlan p, BackfillMoveRow m)
    {
        if (rows != 1)
            throw new AttendanceException("StoreChangedSincePlan", FailureKind.Busy,
                $"The backfill move of student '{p.StudentId}' from the week of {m.DonorWeek:yyyy-MM-dd} to the week of {m.RecipientWeek:yyyy-MM-dd} ({m.Category}) changed while the run wrote. Nothing was written.",
                p.StudentId, "Run again; it compares with the store afresh.");
    }

    private static DbCommand Prepare(DbConnection c, DbTransaction tx, string sql, params string[] names)
    {
        var cmd = c.Command(sql, tx);
        foreach (var n in names) cmd.AddParameter(n, 0);
        cmd.PrepareForReuse();
        return cmd;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _delete.Dispose();
        _stateDelete.Dispose();
        _stateInsert.Dispose();
    }
}
