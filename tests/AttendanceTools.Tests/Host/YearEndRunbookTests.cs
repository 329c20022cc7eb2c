using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// examples/YearEnd-Rollover.ps1 in its own process (tools/ScriptHost) on a copy of the demo district:
/// the whole checklist, and a refused first try (criteria with a missing next-year value) that leaves
/// the lock, fixed and rerun. pester/YearEnd-Rollover.Tests.ps1 tests the same under pwsh.
/// </summary>
public sealed class YearEndRunbookTests(DemoTemplate demo) : IClassFixture<DemoTemplate>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-yearend-").FullName;

    private static string Runbook => Path.Combine(Repo.Root, "examples", "YearEnd-Rollover.ps1");

    private string Criteria(string name, bool broken)
    {
        // Seniors made Active with their (empty) next-year school: CriterionValueMissing.
        var second = broken
            ? """{ "Sequence": 2, "Name": "Seniors", "Conditions": ["Status = Active", "GradeLevel = 12", "Promote = true"], "AssignStatus": "Active", "Updates": { "SchoolId": "NextYear" } }"""
            : """{ "Sequence": 2, "Name": "Promoted seniors graduate", "Conditions": ["Status = Active", "GradeLevel = 12", "Promote = true"], "AssignStatus": "Graduated", "Updates": {} }""";
        var json = $$"""
            [
              { "Sequence": 1, "Name": "Pre-registered students become active", "Conditions": ["Status = PreRegistered"], "AssignStatus": "Active", "Updates": {} },
              {{second}},
              { "Sequence": 3, "Name": "Students not promoted are retained", "Conditions": ["Status = Active", "Promote = false"], "AssignStatus": "Active", "Updates": { "ClassOfSchoolYear": "Recompute" } },
              { "Sequence": 4, "Name": "Active students move up", "Conditions": ["Status = Active"], "AssignStatus": "Active", "Updates": { "GradeLevel": "Next", "SchoolId": "NextYear", "Homeroom": "NextYear", "Counselor": "NextYear" } }
            ]
            """;
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_refused_first_try_stops_non_zero_leaving_the_lock_and_the_fixed_rerun_completes_the_checklist()
    {
        var store = demo.CopyTo(_folder);

        var refused = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", store, "-CriteriaPath", Criteria("bad.json", broken: true), "-ModulePath", Repo.ModuleFolder);

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("CriterionValueMissing", refused.StdErr + refused.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM MaintenanceLock WHERE DisableScheduledTasks = 1"));
        Assert.Equal(0, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RolloverRun"));
        Assert.Equal(2026, DemoTemplate.Scalar(store, "SELECT SchoolYear FROM SchoolYear WHERE IsCurrent = 1"));

        var fixedRun = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", store, "-CriteriaPath", Criteria("good.json", broken: false), "-ModulePath", Repo.ModuleFolder);

        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Equal(0, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM MaintenanceLock"));
        Assert.Equal(2027, DemoTemplate.Scalar(store, "SELECT SchoolYear FROM SchoolYear WHERE IsCurrent = 1"));
        Assert.Equal(1, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RolloverRun WHERE RunType = 'Registration' AND State = 'Applied'"));
        Assert.Equal(2, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM StoreBackup"));

        // Resumable: a third run finds everything done, processes nobody and unlocks again.
        var again = ScriptHostProcess.Run(_folder, Runbook, "-StorePath", store, "-ModulePath", Repo.ModuleFolder);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RolloverRun WHERE RunType = 'Registration'"));
        Assert.Equal(0, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM MaintenanceLock"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
