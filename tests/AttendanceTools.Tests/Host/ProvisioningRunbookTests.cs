using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// examples/Provisioning-Export.ps1 as a scheduler runs it: its own process (tools/ScriptHost), a copy of
/// the demo district. A pass exits 0; each refusal exits non-zero with one line naming the guard and the
/// counts, writing no file; under a maintenance lock that disables scheduled tasks it skips and exits 0.
/// pester/Provisioning-Export.Tests.ps1 tests the same under pwsh.
/// </summary>
public sealed class ProvisioningRunbookTests(DemoTemplate demo) : IClassFixture<DemoTemplate>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-provisioning-").FullName;

    private static string Runbook => Path.Combine(Repo.Root, "examples", "Provisioning-Export.ps1");

    private string Feed => Path.Combine(_folder, "feed");

    private HostRun Run(string store, string year, params string[] more)
        => ScriptHostProcess.Run(_folder, [Runbook, "-StorePath", store, "-Path", Feed, "-SchoolYear", year, "-ModulePath", Repo.ModuleFolder, .. more]);

    /// <summary>A store exported once in 2025-26: the runbook's first run, which must pass.</summary>
    private string Exported()
    {
        var store = demo.CopyTo(_folder);
        var first = Run(store, "2026");
        Assert.True(first.ExitCode == 0, first.ToString());
        return store;
    }

    private string FeedState() => string.Join("|", Directory.EnumerateFiles(Feed).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static long Snapshot(string store) => DemoTemplate.Scalar(store, "SELECT COUNT(*) * 10000 + COALESCE(SUM(GraduationYear) % 10000, 0) FROM ProvisioningSnapshot");

    [Fact]
    public void A_pass_writes_the_preview_and_the_export_and_exits_0()
    {
        var store = demo.CopyTo(_folder);
        var active = DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM StudentYearRecord WHERE SchoolYear = 2026 AND Status = 'Active'");

        var run = Run(store, "2025-26");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Exported", run.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Feed, "manifest.csv")));
        Assert.Equal(active, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM ProvisioningSnapshot"));
    }

    [Fact]
    public void A_wrong_school_year_exits_non_zero_with_SchoolYearMismatch_and_writes_nothing()
    {
        var store = Exported();
        var (files, snapshot) = (FeedState(), Snapshot(store));

        var run = Run(store, "2026-27");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("Provisioning export refused (SchoolYearMismatch): The feed was asked for school year 2026-27, but the store's current school year is 2025-26.",
            run.StdErr, StringComparison.Ordinal);
        Assert.Equal((files, snapshot), (FeedState(), Snapshot(store)));
    }

    [Fact]
    public void The_year_made_current_before_grades_were_promoted_exits_non_zero_with_GraduationYearGuard()
    {
        var store = Exported();
        DemoTemplate.Execute(store, """
            INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote)
            SELECT StudentRef, 2027, SchoolRef, GradeLevel, CalendarCode, Status, Promote FROM StudentYearRecord WHERE SchoolYear = 2026;
            UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = 2027 THEN 1 ELSE 0 END;
            """);
        var (files, snapshot) = (FeedState(), Snapshot(store));

        var run = Run(store, "2027");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Matches(@"Provisioning export refused \(GraduationYearGuard\): ([\d,]+) of the \1 students in both the last export and the 2026-27 feed \(100\.0%\)", run.StdErr);
        Assert.Equal((files, snapshot), (FeedState(), Snapshot(store)));
    }

    [Fact]
    public void Too_many_updates_or_deletes_exit_non_zero_with_ChangeThresholdExceeded_until_raised()
    {
        var store = Exported();
        // Every continuing student gets the next grade (graduation years unchanged); a fifth of them leave.
        DemoTemplate.Execute(store, """
            INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote)
            SELECT StudentRef, 2027, SchoolRef, CASE GradeLevel WHEN 'KG' THEN '01' ELSE printf('%02d', CAST(GradeLevel AS INTEGER) + 1) END, CalendarCode, 'Active', 1
            FROM StudentYearRecord WHERE SchoolYear = 2026 AND Status = 'Active' AND GradeLevel <> '12' AND StudentRef % 5 <> 0;
            UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = 2027 THEN 1 ELSE 0 END;
            """);
        var (files, snapshot) = (FeedState(), Snapshot(store));

        var updates = Run(store, "2027");
        var deletes = Run(store, "2027", "-MaxUpdatePercent", "100");

        Assert.True(updates.ExitCode != 0, updates.ToString());
        Assert.Matches(@"Provisioning export refused \(ChangeThresholdExceeded\): The 2026-27 feed changes too much at once: [\d,]+ of the [\d,]+ students in the last export would be updated", updates.StdErr);
        Assert.True(deletes.ExitCode != 0, deletes.ToString());
        Assert.Matches(@"Provisioning export refused \(ChangeThresholdExceeded\): .* would be removed \([\d.]+%, more than the 10% allowed by -MaxDeletePercent\)", deletes.StdErr);
        Assert.Equal((files, snapshot), (FeedState(), Snapshot(store)));

        var raised = Run(store, "2027", "-MaxUpdatePercent", "100", "-MaxDeletePercent", "100");
        Assert.True(raised.ExitCode == 0, raised.ToString());
        Assert.NotEqual(snapshot, Snapshot(store));
    }

    [Fact]
    public void Under_a_lock_that_disables_scheduled_tasks_it_skips_and_exits_0()
    {
        var store = Exported();
        DemoTemplate.Execute(store, "INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) " +
                                    "VALUES (1, 'registrar', '2026-06-20T08:00:00.000Z', 'Year-end rollover', 1, 'tok')");
        var (files, snapshot) = (FeedState(), Snapshot(store));

        var run = Run(store, "2026");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Provisioning export skipped: The store is under a maintenance lock that disables scheduled tasks (held by registrar since 2026-06-20 08:00 UTC: Year-end rollover)",
            run.StdOut, StringComparison.Ordinal);
        Assert.Equal((files, snapshot), (FeedState(), Snapshot(store)));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
