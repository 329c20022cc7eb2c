using System.Text.RegularExpressions;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// tools/ScriptHost as a user runs it on a machine without pwsh: a real process, real exit codes,
/// stdout and stderr (the README quick start depends on it).
/// </summary>
public sealed class ScriptHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-host-").FullName;

    [Fact]
    public void Runs_a_script_that_connects_a_store_and_prints_Get_AttendanceStore()
    {
        var db = Path.Combine(_folder, "district.db");
        var script = Script("connect.ps1", """
            [CmdletBinding()]
            param([Parameter(Mandatory)] [string] $StorePath)
            $ErrorActionPreference = 'Stop'
            Connect-AttendanceStore -Path $StorePath
            Get-AttendanceStore
            """);

        var run = Host(script, "-StorePath", db, "-Verbose");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.StdErr);
        Assert.Contains($"VERBOSE: Connected to SQLite store '{db}' (schema version 3).", run.StdOut, StringComparison.Ordinal);
        // The module's list view for StoreInfo, not a generic dump.
        Assert.Matches(new Regex(@"^Provider\s+: SQLite$", RegexOptions.Multiline), run.StdOut);
        Assert.Matches(new Regex($@"^Path\s+: {Regex.Escape(db)}$", RegexOptions.Multiline), run.StdOut);
        Assert.Matches(new Regex(@"^SchemaVersion\s+: 3$", RegexOptions.Multiline), run.StdOut);
        Assert.Matches(new Regex(@"^Size\s+: \d+[.,]\d MB$", RegexOptions.Multiline), run.StdOut);
        Assert.True(File.Exists(db));
    }

    [Fact]
    public void A_failing_command_stops_the_script_exits_1_and_prints_its_error_id()
    {
        var script = Script("fail.ps1", """
            'before'
            Get-AttendanceStore
            'after'
            """);

        var run = Host(script);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("before", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("after", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("FullyQualifiedErrorId: StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("RecommendedAction: Run Connect-AttendanceStore", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thrown_error_exits_1()
    {
        var run = Host(Script("throw.ps1", "throw 'The nightly refresh found no calendars.'"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("The nightly refresh found no calendars.", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_terminating_error_lets_the_script_go_on_but_fails_the_run()
    {
        var script = Script("soft.ps1", """
            Write-Error 'One calendar failed.' -ErrorAction Continue
            'still here'
            """);

        var run = Host(script);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("still here", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("One calendar failed.", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_N_becomes_the_exit_code()
    {
        var run = Host(Script("exit.ps1", "'done'; exit 7"));

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("done", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_of_one_type_print_as_one_table_and_strings_as_lines()
    {
        var script = Script("table.ps1", """
            foreach ($i in 1..3) { [pscustomobject]@{ Calendar = "HS 202$i"; Inserted = $i * 10 } }
            'plain text'
            Write-Host 'from the host'
            """);

        var run = Host(script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Equal(["Calendar Inserted", "-------- --------", "HS 2021  10", "HS 2022  20", "HS 2023  30", "plain text", "from the host"], lines);
    }

    [Fact]
    public void A_missing_script_is_a_usage_error()
    {
        var run = Host(Path.Combine(_folder, "nope.ps1"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("there is no script", run.StdErr, StringComparison.Ordinal);
    }

    private string Script(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private HostRun Host(params string[] args) => ScriptHostProcess.Run(_folder, args);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
