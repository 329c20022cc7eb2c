using System.Diagnostics;
using System.Globalization;
using AttendanceTools.Tests.Commands;
using AttendanceTools.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Reliability;

/// <summary>
/// The kill -9 trials as tests: a child pwsh (the pinned dotnet tool) runs a refresh or an import on a
/// small store and is killed at a named point of the write protocol (ATTENDANCETOOLS_TEST_PAUSE_AT makes
/// it stop there, so the kill lands at that point every time, with no sleeps). Afterwards the store must
/// pass PRAGMA integrity_check, hold exactly the old or exactly the new state, and the next run must
/// succeed with no manual step (taking over the dead run's lease when one was left).
/// </summary>
public sealed class CrashTests : IClassFixture<DemoTemplate>
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);
    private const string Refresh = "Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false";
    private const string Import = "Import-AttendanceData -Path $env:CRASH_PACKAGE -Confirm:$false";
    private readonly DemoTemplate _demo;

    public CrashTests(DemoTemplate demo) => _demo = demo;

    [Theory]
    [InlineData("Aggregation", "LeaseTaken")]
    [InlineData("Aggregation", "BeforeCommit")]
    [InlineData("Aggregation", "AfterCommit")]
    [InlineData("Import", "BeforeCommit")]
    [InlineData("Import", "AfterCommit")]
    public void A_run_killed_at_a_write_point_leaves_the_old_or_the_new_state_and_the_next_run_just_works(string operation, string point)
    {
        using var s = new PsSession();
        var refresh = operation == "Aggregation";
        var command = refresh ? Refresh : Import;
        var (store, reference) = refresh
            ? (_demo.CopyTo(s.TempFolder, "crash.db"), _demo.CopyTo(s.TempFolder, "reference.db"))
            : (s.PathIn("crash.db"), s.PathIn("reference.db"));
        var vars = new Dictionary<string, object?> { ["store"] = store, ["reference"] = reference };
        Environment.SetEnvironmentVariable("CRASH_PACKAGE", ImportAttendanceDataTests.Fixture);
        if (!refresh) s.Run("$null = New-AttendanceStore -Path $store -NoConnect; $null = New-AttendanceStore -Path $reference -NoConnect", vars).ShouldSucceed();
        var old = State(store, refresh);
        var runsBefore = Runs(store, operation);
        s.Run($"Connect-AttendanceStore -Path $reference; $null = {command}; Disconnect-AttendanceStore", vars).ShouldSucceed();
        var @new = State(reference, refresh);
        Assert.NotEqual(old, @new);

        var child = KillAt(store, command, $"{operation}:{point}");

        Assert.Equal("ok", Query(store, "PRAGMA integrity_check").Single());
        Assert.Equal(point == "AfterCommit" ? @new : old, State(store, refresh));
        var leases = Query(store, "SELECT Name, Host FROM Lease");
        Assert.Equal(point == "AfterCommit" ? [] : [$"Store|{Environment.MachineName} (pid {child})"], leases);

        var next = s.Run($"Connect-AttendanceStore -Path $store; $null = {command}; Disconnect-AttendanceStore", vars).ShouldSucceed();

        Assert.Equal(@new, State(store, refresh));
        Assert.Empty(Query(store, "SELECT Name FROM Lease"));
        var takeover = next.Warnings.Where(w => w.Message.EndsWith("[LeaseTakenOver]", StringComparison.Ordinal)).ToList();
        if (point == "AfterCommit") Assert.Empty(takeover);
        else Assert.StartsWith($"Took over the 'Store' lease of {Environment.UserName} on {Environment.MachineName} (pid {child}): that process no longer runs on this host",
            Assert.Single(takeover).Message, StringComparison.Ordinal);
        // The killed run is in the run log exactly when its data committed.
        Assert.Equal(runsBefore + (point == "AfterCommit" ? 2 : 1), Runs(store, operation));
    }

    private static int Runs(string store, string operation) => int.Parse(Query(store, $"SELECT COUNT(*) FROM RunLog WHERE Operation = '{operation}'").Single(), CultureInfo.InvariantCulture);

    /// <summary>Starts the child, waits until it reports the point, kills its whole process tree; returns the pwsh process id.</summary>
    private static int KillAt(string store, string command, string pauseAt)
    {
        var signal = store + ".paused";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
                     "$ErrorActionPreference = 'Stop'; Import-Module $env:CRASH_MODULE; Connect-AttendanceStore -Path $env:CRASH_STORE; " + command + "; 'finished'" })
            start.ArgumentList.Add(a);
        start.Environment["CRASH_MODULE"] = Repo.ModuleManifest;
        start.Environment["CRASH_STORE"] = store;
        start.Environment["CRASH_PACKAGE"] = ImportAttendanceDataTests.Fixture;
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

    /// <summary>What the run changes, without run-time stamps: day aggregates for a refresh, district rows for an import.</summary>
    private static string State(string store, bool refresh) => refresh
        ? string.Join(";", Query(store, "SELECT CalendarRef, StudentRef, Date, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef FROM DayAggregate ORDER BY 1, 2, 3"))
        : string.Join(";", new[] { "School", "Calendar", "CalendarDate", "Student", "StudentSchoolAssociation", "DailyAttendance", "MeetingAttendance" }
            .Select(t => $"{t}={Query(store, $"SELECT COUNT(*) FROM {t}").Single()}"));

    /// <summary>Reads with the tests' own SQLite, opened read-write so that a WAL left by the killed run is recovered as any next run would.</summary>
    private static List<string> Query(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadWrite;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }
}
