using System.Diagnostics;
using System.Globalization;
using AttendanceTools.Tests.Commands;
using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Reliability;

/// <summary>
/// The kill -9 trials as tests: a child pwsh (the pinned dotnet tool) runs one writer of the write protocol on a
/// small store and is killed at a named point of the protocol (ATTENDANCETOOLS_TEST_PAUSE_AT makes it stop there,
/// so the kill lands at that point every time, with no sleeps). Afterwards the store must pass PRAGMA
/// integrity_check, hold exactly the old or exactly the new state of what that writer changes (the new state
/// being a reference run's on a copy), keep the dead run's lease only when it died before its commit, and the
/// next run must succeed with no manual step (taking the dead run's lease over when one was left).
/// Each child pwsh costs seconds, so each writer is killed at one or two points; the refresh at all three.
/// </summary>
public sealed class CrashTests : IClassFixture<DemoTemplate>
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);
    private readonly DemoTemplate _demo;

    public CrashTests(DemoTemplate demo) => _demo = demo;

    /// <summary>
    /// A writer as the trials run it. <see cref="Command"/> is run by the child, by the reference run and by the next
    /// run (unless <see cref="Next"/> says otherwise); it may use $package, $feed, $lockToken and $runId (see <see cref="Vars"/>).
    /// <see cref="Setup"/> runs on the store and on the reference copy before anything else. <see cref="State"/> queries what
    /// the writer changes: whole tables (columns ending in At or RunId, tokens and LastModified left out, being run-time stamps) or SELECTs.
    /// </summary>
    private sealed record Writer(string Operation, string Command, string[] State, string Setup = "", bool EmptyStore = false, string? Next = null);

    private static readonly Dictionary<string, Writer> Writers = new Writer[]
    {
        new("Aggregation", "Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false",
            ["SELECT CalendarRef, StudentRef, Date, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate"]),
        new("Import", "Import-AttendanceData -Path $package -Confirm:$false",
            [.. new[] { "School", "Calendar", "CalendarDate", "Student", "StudentSchoolAssociation", "DailyAttendance", "MeetingAttendance" }.Select(t => $"SELECT '{t}', COUNT(*) FROM {t}")],
            EmptyStore: true),
        new("Backfill", "Invoke-BackfillValidation -School 401 " + BackfillSession.AsOf + " -Confirm:$false", ["BackfillMove", "BackfillStudentState", "DayAggregate"]),
        new("BridgeSync", CedarSync, ["DailyAttendance"]),
        new("Rollover", "Start-Rollover Registration -LockToken $lockToken -Confirm:$false",
            ["Student", "StudentSchoolAssociation", "StudentYearRecord", "RolloverYearEndStudent", "SELECT RunType, SchoolYear, RunNumber, Mode, State FROM RolloverRun WHERE Mode <> 'Unchanged'", "Setting"],
            Setup: "Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false | Out-Null; Set-RolloverCriteria -Default -Confirm:$false | Out-Null"),
        new("ProvisioningExport", "Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false", ["ProvisioningSnapshot"]),
        // The run undone is the bridge sync of the setup; the next run is a runbook's idempotent step (an undone run is left alone).
        new("Undo", "Undo-AttendanceRun -RunId $runId -Confirm:$false", ["DailyAttendance", "SELECT RunId, Status FROM RunLog WHERE Operation = 'BridgeSync'"],
            Setup: CedarSync,
            Next: "Get-AttendanceRun -RunId $runId | Where-Object Status -ne 'Undone' | Undo-AttendanceRun -Confirm:$false"),
    }.ToDictionary(w => w.Operation, StringComparer.Ordinal);

    private const string CedarSync = "Sync-AttendanceBridge -School 'Cedar High' -Direction MeetingToDaily -AsOf 2026-03-31 -Confirm:$false";

    [Theory]
    [InlineData("Aggregation", "LeaseTaken")]
    [InlineData("Aggregation", "BeforeCommit")]
    [InlineData("Aggregation", "AfterCommit")]
    [InlineData("Import", "BeforeCommit")]
    [InlineData("Import", "AfterCommit")]
    [InlineData("Backfill", "BeforeCommit")]
    [InlineData("Backfill", "AfterCommit")]
    [InlineData("BridgeSync", "BeforeCommit")]
    [InlineData("BridgeSync", "AfterCommit")]
    [InlineData("Rollover", "BeforeCommit")]
    [InlineData("Rollover", "AfterCommit")]
    [InlineData("ProvisioningExport", "BeforeCommit")]
    [InlineData("Undo", "BeforeCommit")]
    [InlineData("Undo", "AfterCommit")]
    public void A_run_killed_at_a_write_point_leaves_the_old_or_the_new_state_and_the_next_run_just_works(string operation, string point)
    {
        var writer = Writers[operation];
        using var s = new PsSession();
        var store = Prepare(s, writer, "crash.db");
        var reference = Prepare(s, writer, "reference.db");
        var old = State(store, writer);
        Assert.Equal(old, State(reference, writer));
        var runsBefore = Runs(store, operation);
        Connected(s, reference, writer.Command);
        var @new = State(reference, writer);
        Assert.NotEqual(old, @new);

        var child = KillAt(store + ".paused", "Connect-AttendanceStore -Path $store", writer.Command, $"{operation}:{point}", Vars(store));

        Assert.Equal("ok", Query(store, "PRAGMA integrity_check").Single());
        var committed = point == "AfterCommit";
        Assert.Equal(committed ? @new : old, State(store, writer));
        // The killed run is in the run log exactly when its data committed, and its lease outlives it exactly when it did not.
        Assert.Equal(runsBefore + (committed ? 1 : 0), Runs(store, operation));
        Assert.Equal(committed ? [] : [$"Store|{Environment.MachineName} (pid {child})"], Query(store, "SELECT Name, Host FROM Lease"));

        var next = Connected(s, store, writer.Next ?? writer.Command);

        Assert.Equal(@new, State(store, writer));
        Assert.Empty(Query(store, "SELECT Name FROM Lease"));
        var takeover = next.Warnings.Where(w => w.Message.EndsWith("[LeaseTakenOver]", StringComparison.Ordinal)).ToList();
        if (committed) Assert.Empty(takeover);
        else Assert.StartsWith($"Took over the 'Store' lease of {Environment.UserName} on {Environment.MachineName} (pid {child}): that process no longer runs on this host",
            Assert.Single(takeover).Message, StringComparison.Ordinal);
        if (operation == "ProvisioningExport") Assert.Equal(Feed(reference), Feed(store));
    }

    [PostgreSqlFact]
    public void An_import_into_PostgreSQL_killed_before_its_commit_is_rolled_back_by_the_server_and_the_next_run_takes_the_lease_over_at_once()
    {
        var import = Writers["Import"];
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();
        var reference = Prepare(s, import, "reference.db");
        Connected(s, reference, import.Command);
        var @new = State(reference, import);
        const string connect = "Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs";
        var vars = new Dictionary<string, string>(Vars(reference)) { ["cs"] = db.ConnectionString };
        var session = vars.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        s.Run(connect + " -Initialize; Disconnect-AttendanceStore", session).ShouldSucceed();
        var old = ServerState(db, import);

        var child = KillAt(s.PathIn("pg.paused"), connect, import.Command, "Import:BeforeCommit", vars);

        // The server ended the dead client's session: its transaction rolled back, and the lease's session lock went with it.
        // Only the lease row, committed when the lease was taken, is left.
        Assert.Equal(old, ServerState(db, import));
        Assert.Equal(["0"], ServerQuery(db, "SELECT COUNT(*) FROM RunLog WHERE Operation = 'Import'"));
        Assert.Equal([$"Store|{Environment.MachineName} (pid {child})"], ServerQuery(db, "SELECT Name, Host FROM Lease"));

        var next = s.Run($"{connect}; try {{ $null = {import.Command} }} finally {{ Disconnect-AttendanceStore }}", session).ShouldSucceed();

        Assert.Equal(@new, ServerState(db, import));
        Assert.Empty(ServerQuery(db, "SELECT Name FROM Lease"));
        Assert.Equal(["0"], ServerQuery(db, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        var takeover = Assert.Single(next.Warnings, w => w.Message.EndsWith("[LeaseTakenOver]", StringComparison.Ordinal));
        Assert.StartsWith($"Took over the 'Store' lease of {Environment.UserName} on {Environment.MachineName} (pid {child}): ", takeover.Message, StringComparison.Ordinal);
    }

    private static string ServerState(PostgreSqlDatabase db, Writer writer)
        => string.Join(Environment.NewLine, writer.State.Select(q => $"{q}: {string.Join(";", ServerQuery(db, q).Order(StringComparer.Ordinal))}"));

    private static List<string> ServerQuery(PostgreSqlDatabase db, string sql)
    {
        using var c = new Npgsql.NpgsqlConnection(db.ConnectionString + ";Pooling=false");
        c.Open();
        return DbRows.Read(c, sql);
    }

    /// <summary>A store for <paramref name="writer"/>: a copy of the demo district (or a new empty store), with the writer's setup run on it.</summary>
    private string Prepare(PsSession s, Writer writer, string name)
    {
        if (!writer.EmptyStore)
        {
            var copy = _demo.CopyTo(s.TempFolder, name);
            if (writer.Setup.Length > 0) Connected(s, copy, writer.Setup);
            return copy;
        }
        var path = s.PathIn(name);
        s.Run("$null = New-AttendanceStore -Path $store -NoConnect", new Dictionary<string, object?> { ["store"] = path }).ShouldSucceed();
        return path;
    }

    /// <summary>Runs <paramref name="script"/> in the test's session connected to <paramref name="store"/>, then disconnects (the tests' SQLite reads next).</summary>
    private static PsResult Connected(PsSession s, string store, string script)
    {
        var vars = Vars(store).ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        return s.Run($"Connect-AttendanceStore -Path $store; try {{ $null = {script} }} finally {{ Disconnect-AttendanceStore }}", vars).ShouldSucceed();
    }

    /// <summary>What the commands may use, for <paramref name="store"/>: the import package, a feed folder, the maintenance lock's token, the last bridge sync's run.</summary>
    private static Dictionary<string, string> Vars(string store) => new(StringComparer.Ordinal)
    {
        ["store"] = store,
        ["package"] = ImportAttendanceDataTests.Fixture,
        ["feed"] = store + ".feed",
        ["lockToken"] = File.Exists(store) ? Query(store, "SELECT Token FROM MaintenanceLock").SingleOrDefault() ?? "" : "",
        ["runId"] = File.Exists(store) ? Query(store, "SELECT COALESCE(MAX(RunId), 0) FROM RunLog WHERE Operation = 'BridgeSync'").Single() : "0",
    };

    private static int Runs(string store, string operation) => int.Parse(Query(store, $"SELECT COUNT(*) FROM RunLog WHERE Operation = '{operation}'").Single(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts the child (<paramref name="connect"/>, then <paramref name="command"/>, with <paramref name="vars"/> as PowerShell
    /// variables), waits until it reports the point in <paramref name="signal"/>, kills its whole process tree; returns the pwsh process id.
    /// </summary>
    private static int KillAt(string signal, string connect, string command, string pauseAt, IReadOnlyDictionary<string, string> vars)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
                     string.Concat(vars.Keys.Select(k => $"${k} = $env:CRASH_VAR_{k}; ")) +
                     $"$ErrorActionPreference = 'Stop'; Import-Module $env:CRASH_MODULE; {connect}; $null = {command}; 'finished'" })
            start.ArgumentList.Add(a);
        start.Environment["CRASH_MODULE"] = Repo.ModuleManifest;
        foreach (var (name, value) in vars) start.Environment["CRASH_VAR_" + name] = value;
        start.Environment["ATTENDANCETOOLS_TEST_PAUSE_AT"] = pauseAt;
        start.Environment["ATTENDANCETOOLS_TEST_PAUSE_SIGNAL"] = signal;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            while (!File.Exists(signal) || !File.ReadAllText(signal).EndsWith('\n'))
            {
                if (process.HasExited || clock.Elapsed > Guard)
                    throw new Xunit.Sdk.XunitException($"The child never reached {pauseAt} (exited: {process.HasExited}).{Environment.NewLine}{stdout.Result}{stderr.Result}");
                Thread.Sleep(100);
            }
            // "Operation:Point pid" — the pwsh process that holds the lease, a grandchild of dotnet.
            var line = File.ReadAllText(signal).Trim();
            Assert.StartsWith(pauseAt + " ", line, StringComparison.Ordinal);
            return int.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>What <paramref name="writer"/> changes, each query's rows sorted, without run-time stamps.</summary>
    private static string State(string store, Writer writer)
        => string.Join(Environment.NewLine, writer.State.Select(q => q.StartsWith("SELECT ", StringComparison.Ordinal)
            ? $"{q}: {string.Join(";", Query(store, q).Order(StringComparer.Ordinal))}"
            : $"{q}: {string.Join(";", Query(store, $"SELECT * FROM {q}", StampColumn).Order(StringComparer.Ordinal))}"));

    private static bool StampColumn(string column)
        => column.EndsWith("At", StringComparison.Ordinal) || column.EndsWith("RunId", StringComparison.Ordinal) || column is "Token" or "LastModified";

    /// <summary>The feed folder's files and their line counts (the files' modification dates are the run's clock).</summary>
    private static List<string> Feed(string store)
        => [.. Directory.EnumerateFiles(store + ".feed").Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}:{File.ReadAllLines(f).Length}")];

    /// <summary>
    /// Reads with the tests' own SQLite, opened read-write so that a WAL left by the killed run is recovered as any
    /// next run would; columns for which <paramref name="skip"/> is true are left out.
    /// </summary>
    private static List<string> Query(string store, string sql, Func<string, bool>? skip = null)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadWrite;Pooling=False");
        c.Open();
        return DbRows.Read(c, sql, skip);
    }
}
