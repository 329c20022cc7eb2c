using System.Management.Automation;
using System.Text.Json;
using AttendanceTools.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Commands;

/// <summary>Undo-AttendanceRun over a journaled run written the way a reversible operation writes one.</summary>
public sealed class UndoAttendanceRunTests : IDisposable
{
    private const string Id = "AttendanceTools.Commands.UndoAttendanceRunCommand";
    private readonly PsSession _s = new();
    private readonly string _db;

    public UndoAttendanceRunTests()
    {
        _db = StoreSeed.SmallDistrict(_s);
        _s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        // One run (id 100) that changed the first daily record's TimeIn to 481 and journaled it.
        using (var c = Open())
        {
            var row = ReadFirstDaily(c);
            var after = new Dictionary<string, object?>(row) { ["TimeIn"] = 481L, ["RunId"] = 100L };
            Exec(c, "UPDATE DailyAttendance SET TimeIn = 481, RunId = 100 WHERE SchoolRef = @s AND Date = @d AND StudentRef = @st",
                ("s", row["SchoolRef"]), ("d", row["Date"]), ("st", row["StudentRef"]));
            Exec(c, "INSERT INTO RunLog (RunId, Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, DurationMs, Status, Inserted, Updated, Deleted, Unchanged, UndoRef) " +
                    "VALUES (100, 'TestSync', 'one record', 'alice', 'h', '2025-10-02T03:00:00.000Z', '2025-10-02T03:00:01.000Z', 1000, 'Succeeded', 0, 1, 0, 0, 'journal')");
            Exec(c, "INSERT INTO RunChange (RunId, Seq, TableName, Before, After) VALUES (100, 1, 'DailyAttendance', @b, @a)",
                ("b", JsonSerializer.Serialize(row)), ("a", JsonSerializer.Serialize(after)));
            OriginalTimeIn = row["TimeIn"];
        }
        _s.Run("Connect-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = _db }).ShouldSucceed();
    }

    private object? OriginalTimeIn { get; }

    public void Dispose() => _s.Dispose();

    private SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={_db};Pooling=False");
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql, params (string, object?)[] p)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in p) cmd.Parameters.AddWithValue("@" + n, v ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private static Dictionary<string, object?> ReadFirstDaily(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId FROM DailyAttendance ORDER BY SchoolRef, Date, StudentRef LIMIT 1";
        using var r = cmd.ExecuteReader();
        r.Read();
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < r.FieldCount; i++) row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
        return row;
    }

    private object? CurrentTimeIn()
    {
        _s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        try
        {
            using var c = Open();
            return ReadFirstDaily(c)["TimeIn"];
        }
        finally
        {
            _s.Run("Connect-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = _db }).ShouldSucceed();
        }
    }

    [Fact]
    public void Preview_and_WhatIf_report_the_rows_and_write_nothing()
    {
        var preview = _s.Run("Undo-AttendanceRun -RunId 100 -Preview").ShouldSucceed().Output.Single();
        var whatIf = _s.Run("Undo-AttendanceRun 100 -WhatIf").ShouldSucceed();

        Assert.Equal("AttendanceTools.Engine.Undo.UndoResult", preview.TypeName());
        Assert.Equal((100L, "TestSync", 1, 0, 0, true), (preview.Prop<long>("RunId"), preview.Prop<string>("Operation"), preview.Prop<int>("Restored"),
            preview.Prop<int>("Kept"), preview.Prop<int>("Overwritten"), preview.Prop<bool>("IsPreview")));
        Assert.Contains(whatIf.HostLines, l => l.Contains("Undo run 100 (TestSync: one record): put back 1 rows.", StringComparison.Ordinal));
        Assert.Equal(481L, CurrentTimeIn());
    }

    [Fact]
    public void It_puts_the_row_back_and_the_run_log_shows_both_runs()
    {
        var result = _s.Run("Get-AttendanceRun -RunId 100 | Undo-AttendanceRun -Confirm:$false").ShouldSucceed().Output.Single();

        Assert.Equal(1, result.Prop<int>("Restored"));
        Assert.Equal(OriginalTimeIn, CurrentTimeIn());
        var runs = _s.Run("Get-AttendanceRun -Newest 2").ShouldSucceed().Output;
        Assert.Equal(("Undo", "Succeeded"), (runs[0].Prop<string>("Operation"), runs[0].Prop<string>("Status")));
        Assert.Equal(result.Prop<long>("UndoRunId"), runs[0].Prop<long>("RunId"));
        Assert.Equal((100L, "Undone"), (runs[1].Prop<long>("RunId"), runs[1].Prop<string>("Status")));
    }

    [Fact]
    public void High_impact_it_fails_in_a_non_interactive_host_without_Confirm_false()
    {
        var r = _s.Run("Undo-AttendanceRun -RunId 100");

        Assert.NotNull(r.Terminating ?? (object?)r.Errors.FirstOrDefault());
        Assert.Equal(481L, CurrentTimeIn());
    }

    [Fact]
    public void Errors_name_the_run_and_do_not_stop_the_other_piped_runs()
    {
        var r = _s.Run("Undo-AttendanceRun -RunId 4242, 1, 100 -Confirm:$false");

        Assert.Null(r.Terminating);
        Assert.Equal(["RunNotFound," + Id, "RunNotReversible," + Id], r.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal(ErrorCategory.ObjectNotFound, r.Errors[0].CategoryInfo.Category);
        Assert.Equal(4242L, r.Errors[0].TargetObject);
        Assert.Single(r.Output);
        Assert.Equal(OriginalTimeIn, CurrentTimeIn());
        Assert.Equal("RunAlreadyUndone," + Id, _s.Run("Undo-AttendanceRun -RunId 100 -Confirm:$false").ErrorId);
    }
}
