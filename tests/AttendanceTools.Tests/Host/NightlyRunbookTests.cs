using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// examples/Nightly-AttendanceAggregation.ps1 as a scheduler runs it: its own process (tools/ScriptHost),
/// the real clock, a copy of the demo district. pester/ tests the same runbook under pwsh; these run
/// everywhere. The demo's school year 2025-26 has ended by the real date, so the first nightly
/// catches up every attendance day of it.
/// </summary>
public sealed class NightlyRunbookTests(DemoTemplate demo) : IClassFixture<DemoTemplate>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-runbook-").FullName;

    private static string Runbook => Path.Combine(Repo.Root, "examples", "Nightly-AttendanceAggregation.ps1");

    [Fact]
    public void Refreshes_every_calendar_of_the_year_then_writes_nothing_the_second_night()
    {
        var store = demo.CopyTo(_folder);
        var calendars = DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM Calendar WHERE SchoolYear = 2026");

        var first = Summarise(store);
        var second = Summarise(store);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal($"results={calendars} nightly={calendars}", Line(first, "results="));
        var inserted = long.Parse(Line(first, "inserted=")["inserted=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate"), inserted);
        Assert.True(inserted > 0);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("written=0", Line(second, "written="));
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        var store = demo.CopyTo(_folder);
        var before = DemoTemplate.Checksum(store);

        var run = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", store, "-ModulePath", Repo.ModuleFolder, "-WhatIf");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("What if:", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(before, DemoTemplate.Checksum(store));
    }

    [Fact]
    public void A_missing_store_fails_the_job_names_the_path_and_creates_nothing()
    {
        var missing = Path.Combine(_folder, "missing.db");

        var run = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", missing, "-ModulePath", Repo.ModuleFolder);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains($"There is no store at '{missing}'.", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("StoreNotFound,AttendanceTools.Commands.ConnectAttendanceStoreCommand", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void A_calendar_that_fails_validation_fails_the_job_after_the_others_are_refreshed()
    {
        var store = demo.CopyTo(_folder);
        DemoTemplate.Execute(store,
            "UPDATE BellSchedulePeriod SET StartTime = NULL WHERE BellScheduleRef IN " +
            "(SELECT b.BellScheduleRef FROM BellSchedule b JOIN School s ON s.SchoolRef = b.SchoolRef WHERE s.Name = 'Pine Middle')");

        var run = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", store, "-ModulePath", Repo.ModuleFolder);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("The nightly aggregation refresh skipped 1 calendar(s):", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("PeriodTimesMissing", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, DemoTemplate.Scalar(store,
            "SELECT COUNT(*) FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef JOIN School s ON s.SchoolRef = k.SchoolRef WHERE s.Name = 'Pine Middle'"));
        Assert.True(DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate") > 0, "the other calendars are refreshed");
    }

    /// <summary>Runs the runbook from a small wrapper that prints its result objects as counts.</summary>
    private HostRun Summarise(string store)
    {
        var wrapper = Path.Combine(_folder, "summarise.ps1");
        File.WriteAllText(wrapper, """
            param([string] $Runbook, [string] $StorePath, [string] $ModulePath)
            $results = @(& $Runbook -StorePath $StorePath -ModulePath $ModulePath)
            $nightly = 0; $inserted = 0; $written = 0
            foreach ($r in $results) {
                if ($r.Mode -eq 'Nightly') { $nightly++ }
                $inserted += $r.Inserted
                $written += $r.Inserted + $r.Updated + $r.Deleted
            }
            "results=$($results.Count) nightly=$nightly"
            "inserted=$inserted"
            "written=$written"
            """);
        return ScriptHostProcess.Run(_folder, wrapper, "-Runbook", Runbook, "-StorePath", store, "-ModulePath", Repo.ModuleFolder);
    }

    private static string Line(HostRun run, string prefix)
        => run.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
           ?? throw new Xunit.Sdk.XunitException($"No line starting '{prefix}':{Environment.NewLine}{run}");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
