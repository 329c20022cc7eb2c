using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;
using AttendanceTools.Engine.Undo;

namespace AttendanceTools.Engine.Tests.Undo;

/// <summary>The shared undo mechanism: a journaled run is put back row for row; later changes are conflicts.</summary>
public sealed class UndoOperationTests : IDisposable
{
    private readonly TempStore _t = new();

    public UndoOperationTests() => DistrictStore.BulkLoad(_t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None);

    public void Dispose() => _t.Dispose();

    private static readonly TableDef Daily = Tables.DailyAttendance;

    private RowImage FirstDaily()
    {
        using var c = _t.Store.OpenConnection();
        var any = c.Query("SELECT SchoolRef, Date, StudentRef FROM DailyAttendance ORDER BY SchoolRef, Date, StudentRef LIMIT 1",
            r => new RowImage { ["SchoolRef"] = r.GetInt64(0), ["Date"] = r.GetInt64(1), ["StudentRef"] = r.GetInt64(2) })[0];
        return RunJournal.ReadRow(c, null, Daily, any)!;
    }

    private long OtherCode(long codeRef)
    {
        using var c = _t.Store.OpenConnection();
        return c.ScalarLong("SELECT MIN(CodeRef) FROM AttendanceCode WHERE CodeRef <> @c", null, ("c", codeRef));
    }

    private string Dump()
    {
        using var c = _t.Store.OpenConnection();
        return string.Join("\n", c.Query("SELECT SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId FROM DailyAttendance ORDER BY 1, 2, 3",
            r => string.Join("|", Enumerable.Range(0, 8).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString()))));
    }

    /// <summary>A reversible run as an operation writes one: rows changed, each journaled, one run-log row.</summary>
    private long JournaledRun(Action<WriteTransaction, RunJournal> write, string undoRef = UndoOperation.JournalRef)
    {
        using var tx = WriteTransaction.Begin(_t.Store);
        var started = _t.Clock.GetUtcNow();
        var runId = RunLog.Start(tx.Connection, tx.Transaction, "TestOperation", "test", started);
        write(tx, new RunJournal(tx.Connection, tx.Transaction, runId));
        RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
        {
            Operation = "TestOperation", Scope = "test", StartedBy = "t", Host = "h", StartedAt = started, FinishedAt = started, UndoRef = undoRef,
        });
        tx.Commit();
        return runId;
    }

    private static void Put(WriteTransaction tx, RunJournal journal, RowImage? before, RowImage? after)
    {
        var key = (after ?? before)!;
        var where = "SchoolRef = @s AND Date = @d AND StudentRef = @st";
        var k = new (string, object?)[] { ("s", key["SchoolRef"]), ("d", key["Date"]), ("st", key["StudentRef"]) };
        if (after is null)
        {
            tx.Connection.Execute($"DELETE FROM DailyAttendance WHERE {where}", tx.Transaction, k);
            journal.Deleted(Daily, before!);
            return;
        }
        var v = new (string, object?)[] { ("c", after["CodeRef"]), ("i", after["TimeIn"]), ("o", after["TimeOut"]), ("g", after["Origin"]), ("r", after["RunId"]) };
        if (before is null)
        {
            tx.Connection.Execute("INSERT INTO DailyAttendance (SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId) VALUES (@s, @d, @st, @c, @i, @o, @g, @r)",
                tx.Transaction, [.. k, .. v]);
            journal.Inserted(Daily, after);
        }
        else
        {
            tx.Connection.Execute($"UPDATE DailyAttendance SET CodeRef = @c, TimeIn = @i, TimeOut = @o, Origin = @g, RunId = @r WHERE {where}",
                tx.Transaction, [.. k, .. v]);
            journal.Updated(Daily, before, after);
        }
    }

    private static RowImage With(RowImage row, params (string Column, object? Value)[] changes)
    {
        var copy = new RowImage(row);
        foreach (var (column, value) in changes) copy[column] = value;
        return copy;
    }

    [Fact]
    public void Undo_puts_every_inserted_updated_and_deleted_row_back_and_marks_the_run_undone()
    {
        var original = FirstDaily();
        var before = Dump();
        var inserted = With(original, ("Date", 20250910L), ("Origin", "Sync"), ("RunId", 99L));
        var runId = JournaledRun((tx, j) =>
        {
            Put(tx, j, original, With(original, ("CodeRef", OtherCode((long)original["CodeRef"]!)), ("TimeIn", 480L)));
            Put(tx, j, null, inserted);
        });
        Assert.NotEqual(before, Dump());

        var result = UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(before, Dump());
        Assert.Equal(2, result.Restored);
        Assert.Equal(0, result.Kept);
        Assert.Empty(result.Conflicts);
        Assert.Equal(2, result.Tables["DailyAttendance"]);
        using var c = _t.Store.OpenConnection();
        Assert.Equal("Undone", c.ScalarString("SELECT Status FROM RunLog WHERE RunId = @r", null, ("r", runId)));
        Assert.Equal("Undo", c.ScalarString("SELECT Operation FROM RunLog WHERE RunId = @r", null, ("r", result.UndoRunId)));
    }

    [Fact]
    public void A_deleted_row_comes_back_with_every_column()
    {
        var original = FirstDaily();
        var before = Dump();
        var runId = JournaledRun((tx, j) => Put(tx, j, original, null));

        UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(before, Dump());
    }

    [Fact]
    public void A_row_changed_since_the_run_refuses_the_undo_naming_the_row_and_writes_nothing()
    {
        var original = FirstDaily();
        var changed = With(original, ("TimeIn", 500L));
        var runId = JournaledRun((tx, j) => Put(tx, j, original, changed));
        JournaledRun((tx, j) => Put(tx, j, changed, With(changed, ("TimeOut", 900L))));
        var afterLater = Dump();

        var ex = Assert.Throws<AttendanceException>(() => UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("UndoConflicts", ex.ErrorId);
        Assert.Contains("DailyAttendance School=", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TimeOut=900", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(afterLater, Dump());
        using var c = _t.Store.OpenConnection();
        Assert.Equal("Succeeded", c.ScalarString("SELECT Status FROM RunLog WHERE RunId = @r", null, ("r", runId)));
    }

    [Fact]
    public void Force_overwrites_the_later_change_and_says_so()
    {
        var original = FirstDaily();
        var before = Dump();
        var changed = With(original, ("TimeIn", 500L));
        var runId = JournaledRun((tx, j) => Put(tx, j, original, changed));
        JournaledRun((tx, j) => Put(tx, j, changed, With(changed, ("TimeOut", 900L))));

        var result = UndoOperation.Run(_t.Store, runId, UndoConflictPolicy.Overwrite, null, null, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(before, Dump());
        Assert.Equal(0, result.Restored);
        Assert.Equal(1, result.Overwritten);
        Assert.Single(result.Conflicts);
    }

    [Fact]
    public void A_keep_conflicts_run_restores_the_rest_and_keeps_the_changed_row()
    {
        var original = FirstDaily();
        var first = With(original, ("Date", 20250910L), ("RunId", 7L));
        var second = With(original, ("Date", 20250911L), ("RunId", 7L));
        var runId = JournaledRun((tx, j) =>
        {
            Put(tx, j, null, first);
            Put(tx, j, null, second);
        }, UndoOperation.JournalKeepConflictsRef);
        var edited = With(second, ("CodeRef", OtherCode((long)second["CodeRef"]!)), ("Origin", "Entered"));
        JournaledRun((tx, j) => Put(tx, j, second, edited));

        var result = UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(1, result.Restored);
        Assert.Equal(1, result.Kept);
        using var c = _t.Store.OpenConnection();
        Assert.Null(RunJournal.ReadRow(c, null, Daily, first));
        Assert.True(RunJournal.ReadRow(c, null, Daily, second)!.SameAs(edited));
    }

    [Fact]
    public void Several_runs_undo_newest_first_without_seeing_their_own_changes_as_conflicts()
    {
        var original = FirstDaily();
        var before = Dump();
        var inserted = With(original, ("Date", 20250910L), ("RunId", 1L));
        var updated = With(inserted, ("TimeIn", 470L));
        var run1 = JournaledRun((tx, j) => Put(tx, j, null, inserted));
        var run2 = JournaledRun((tx, j) => Put(tx, j, inserted, updated));

        using (var c = _t.Store.OpenConnection())
        {
            var alone = UndoOperation.Plan(c, null, [run1]);
            Assert.Single(alone.Conflicts); // run 2 changed run 1's row since
            var both = UndoOperation.Plan(c, null, [run2, run1]);
            Assert.Empty(both.Conflicts);
            Assert.Equal(2, both.Steps.Count);
        }
        using (var tx = WriteTransaction.Begin(_t.Store))
        {
            var plan = UndoOperation.Plan(tx.Connection, tx.Transaction, [run2, run1]);
            UndoOperation.Reverse(tx.Connection, tx.Transaction, plan, UndoConflictPolicy.Refuse);
            tx.Commit();
        }
        Assert.Equal(before, Dump());
    }

    [Fact]
    public void An_undo_is_itself_undoable()
    {
        var original = FirstDaily();
        var changed = With(original, ("TimeIn", 505L));
        var runId = JournaledRun((tx, j) => Put(tx, j, original, changed));
        var afterRun = Dump();
        var undo = UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None);

        UndoOperation.Run(_t.Store, undo.UndoRunId!.Value, null, null, null, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(afterRun, Dump());
    }

    [Fact]
    public void Runs_without_a_journal_missing_runs_and_undone_runs_are_refused()
    {
        var original = FirstDaily();
        var runId = JournaledRun((tx, j) => Put(tx, j, original, With(original, ("TimeIn", 1L))));
        UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None);
        long bulkLoad;
        using (var c = _t.Store.OpenConnection()) bulkLoad = c.ScalarLong("SELECT MIN(RunId) FROM RunLog");

        Assert.Equal("RunAlreadyUndone", Assert.Throws<AttendanceException>(() => UndoOperation.Run(_t.Store, runId, null, null, null, NullObserver.Instance, CancellationToken.None)).ErrorId);
        Assert.Equal("RunNotReversible", Assert.Throws<AttendanceException>(() => UndoOperation.Run(_t.Store, bulkLoad, null, null, null, NullObserver.Instance, CancellationToken.None)).ErrorId);
        Assert.Equal("RunNotFound", Assert.Throws<AttendanceException>(() => UndoOperation.Run(_t.Store, 4242, null, null, null, NullObserver.Instance, CancellationToken.None)).ErrorId);
    }

    [Fact]
    public void A_confirmed_plan_that_no_longer_matches_is_refused_and_nothing_is_written()
    {
        var original = FirstDaily();
        var changed = With(original, ("TimeIn", 500L));
        var runId = JournaledRun((tx, j) => Put(tx, j, original, changed));
        UndoOperation.Preview(_t.Store, runId, null, out var confirmed);
        var later = JournaledRun((tx, j) => Put(tx, j, changed, With(changed, ("TimeOut", 901L))));
        var now = Dump();

        var ex = Assert.Throws<AttendanceException>(() => UndoOperation.Run(_t.Store, runId, null, confirmed, null, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreChangedSincePlan", ex.ErrorId);
        Assert.Equal($"The store '{_t.Store.Location}' changed after this Undo run was planned (TestOperation run {later} by {Environment.UserName} on {RunLog.CurrentHost}). Planned again, it would now write " +
                     "1 row put back, 1 changed since the run instead of the 1 row put back, 0 changed since the run confirmed. Nothing was written.", ex.Message);
        Assert.Equal(now, Dump());
    }

    [Fact]
    public void The_journal_refuses_a_partial_row_image()
    {
        using var tx = WriteTransaction.Begin(_t.Store);
        var journal = new RunJournal(tx.Connection, tx.Transaction, 1);
        Assert.Throws<ArgumentException>(() => journal.Inserted(Daily, new RowImage { ["SchoolRef"] = 1L }));
        Assert.Throws<InvalidOperationException>(() => journal.Inserted(Tables.School, new RowImage()));
    }

    [Fact]
    public void A_journal_image_is_the_json_the_serializer_writes_and_reads_back_as_stored_values()
    {
        var image = new RowImage
        {
            ["SchoolRef"] = 7, ["Date"] = 20251006L, ["Note"] = "Café \"Lunch\" <b> & 'x' → +1", ["Empty"] = null, ["Flag"] = true, ["Amount"] = 12.5m,
        };
        var normalized = image.ToDictionary(kv => kv.Key, kv => RowImage.Normalize(kv.Value));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(normalized), RunJournal.Serialize(image));
        var back = RunJournal.Deserialize((string)RunJournal.Serialize(image))!;
        Assert.Equal(7L, back["SchoolRef"]);
        Assert.Equal(20251006L, back["Date"]);
        Assert.Equal("Café \"Lunch\" <b> & 'x' → +1", back["Note"]);
        Assert.Null(back["Empty"]);
        Assert.Equal(1L, back["Flag"]);
        Assert.Equal("12.5", back["Amount"]);
        Assert.True(back.SameAs(image));
    }

    [Fact]
    public void Current_rows_read_in_key_ranges_and_by_point_find_exactly_the_stored_rows()
    {
        using var demo = new TempStore();
        DistrictStore.BulkLoad(demo.Store, AttendanceTools.Engine.Demo.DemoDistrictGenerator.Generate(new AttendanceTools.Engine.Demo.DemoOptions { Students = 100, Seed = 1 }),
            NullObserver.Instance, CancellationToken.None);
        using var c = demo.Store.OpenConnection();
        var table = Tables.CalendarDate;
        var keys = c.Query("SELECT CalendarRef, Date FROM CalendarDate ORDER BY Date, CalendarRef",
            r => new RowImage { ["CalendarRef"] = r.GetInt64(0), ["Date"] = r.GetInt64(1) });
        Assert.True(keys.Count >= 128, $"the sample has {keys.Count} calendar days; the range path needs at least 64 keys");
        var absent = new RowImage { ["CalendarRef"] = keys[0]["CalendarRef"], ["Date"] = 19000101L };
        foreach (var wanted in new[] { keys, keys.Take(5).ToList() }) // ranges, then point reads
        {
            var found = CurrentRows.Read(c, null, table, wanted.Append(absent));
            Assert.Equal(wanted.Count, found.Count);
            foreach (var key in wanted)
                Assert.True(found[CurrentRows.KeyText(table, key)].SameAs(RunJournal.ReadRow(c, null, table, key)!));
            Assert.False(found.ContainsKey(CurrentRows.KeyText(table, absent)));
        }
    }
}
