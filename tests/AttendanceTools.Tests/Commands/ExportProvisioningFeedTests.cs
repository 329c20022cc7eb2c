using System.Management.Automation;
using System.Security.Cryptography;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Export-ProvisioningFeed through a real runspace on the small demo district.</summary>
public sealed class ExportProvisioningFeedTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private sealed record Session(PsSession S, string Store, string Feed) : IDisposable
    {
        public Dictionary<string, object?> Vars => new() { ["p"] = Store, ["feed"] = Feed };

        public PsResult Run(string script) => S.Run(script, Vars);

        /// <summary>Runs <paramref name="work"/> with the module disconnected (the tests' own SQLite may then open the file), then connects again.</summary>
        public T Offline<T>(Func<T> work)
        {
            S.Run("Disconnect-AttendanceStore").ShouldSucceed();
            try { return work(); }
            finally { Run("Connect-AttendanceStore -Path $p").ShouldSucceed(); }
        }

        public void Sql(string sql) => Offline(() => { DemoTemplate.Execute(Store, sql); return 0; });

        /// <summary>The feed folder's files with hashes, the snapshot and the run log: what a refused or previewed export must leave alone.</summary>
        public string State() => Offline(() =>
        {
            var files = Directory.Exists(Feed)
                ? Directory.EnumerateFiles(Feed).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
                : [];
            return string.Join("|", files) + $"|snapshot={DemoTemplate.Scalar(Store, "SELECT COUNT(*) FROM ProvisioningSnapshot")}/{DemoTemplate.Scalar(Store, "SELECT COALESCE(SUM(GraduationYear), 0) FROM ProvisioningSnapshot")}" +
                   $"|runs={DemoTemplate.Scalar(Store, "SELECT COUNT(*) FROM RunLog")}";
        });

        public void Dispose() => S.Dispose();
    }

    private Session Open()
    {
        var s = new PsSession();
        var session = new Session(s, demo.CopyTo(s.TempFolder), s.PathIn("feed"));
        session.Run("Connect-AttendanceStore -Path $p").ShouldSucceed();
        return session;
    }

    /// <summary>The year-end registration rollover as the runbook runs it: lock, default criteria, Start-Rollover, unlock.</summary>
    private const string RollUp = """
        Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false | Out-Null
        Set-RolloverCriteria -Default -Confirm:$false | Out-Null
        Start-Rollover Registration -Confirm:$false | Out-Null
        Unlock-AttendanceStore -Confirm:$false
        """;

    [Fact]
    public void Exports_the_OneRoster_files_records_the_run_and_a_second_export_changes_nothing()
    {
        using var s = Open();
        var r = Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false").ShouldSucceed().Output);

        Assert.Equal(("AttendanceTools.Engine.Provisioning.ProvisioningExportResult", "Exported", "2025-26", s.Feed),
            (r.TypeName(), r.Prop<string>("Status"), r.Prop<string>("SchoolYear"), r.Prop<string>("Path")));
        Assert.Equal(r.Prop<int>("Total"), r.Prop<int>("New"));
        Assert.Equal(["academicSessions.csv", "classes.csv", "courses.csv", "demographics.csv", "enrollments.csv", "manifest.csv", "orgs.csv", "roles.csv", "users.csv"],
            Directory.GetFiles(s.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(r.Prop<int>("Total") + 1, File.ReadAllLines(Path.Combine(s.Feed, "users.csv")).Length);
        var run = Assert.Single(s.Run("Get-AttendanceRun -Operation ProvisioningExport").ShouldSucceed().Output);
        Assert.Equal((r.Prop<long>("RunId"), (long)r.Prop<int>("New")), (run.Prop<long>("RunId"), run.Prop<long>("Inserted")));
        Assert.Equal(r.Prop<long>("Total"), s.Offline(() => DemoTemplate.Scalar(s.Store, "SELECT COUNT(*) FROM ProvisioningSnapshot")));

        var again = Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2025-26 -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal((0, 0, 0), (again.Prop<int>("New"), again.Prop<int>("Updated"), again.Prop<int>("Removed")));
    }

    [Fact]
    public void WhatIf_and_Preview_write_nothing_and_WhatIf_shows_the_real_runs_counts()
    {
        using var s = Open();
        var before = s.State();

        var whatIf = s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -WhatIf").ShouldSucceed();
        var preview = Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Preview").ShouldSucceed().Output);

        Assert.Empty(whatIf.Output);
        Assert.Equal(before, s.State());
        Assert.Equal("AttendanceTools.Engine.Provisioning.ProvisioningPreview", preview.TypeName());
        var line = Assert.Single(whatIf.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        var real = Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false").ShouldSucceed().Output);
        var files = ((System.Collections.IEnumerable)real.Prop("Files")!).Cast<object>().Select(PSObject.AsPSObject)
            .Select(f => $"{f.Prop<string>("File")} {f.Prop<long>("Rows"):N0}");
        Assert.Contains($"of {real.Prop<int>("Total"):N0} students to '{s.Feed}' ({string.Join(", ", files)}) and replace the snapshot: {real.Prop<int>("New"):N0} new, 0 updated",
            line, StringComparison.Ordinal);
        Assert.Equal(preview.Prop<int>("Total"), real.Prop<int>("Total"));
    }

    [Fact]
    public void A_wrong_school_year_is_refused_with_the_preview_as_target_and_writes_nothing()
    {
        using var s = Open();
        s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false").ShouldSucceed();
        var before = s.State();

        var r = s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2027 -Confirm:$false");

        Assert.Equal("SchoolYearMismatch,AttendanceTools.Commands.ExportProvisioningFeedCommand", r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, r.FirstError!.CategoryInfo.Category);
        Assert.Equal("The feed was asked for school year 2026-27, but the store's current school year is 2025-26. Nothing was exported; the previous files and the snapshot were kept.",
            r.FirstError.Exception.Message);
        Assert.Equal("AttendanceTools.Engine.Provisioning.ProvisioningPreview", PSObject.AsPSObject(r.FirstError.TargetObject).TypeName());
        Assert.NotNull(r.FirstError.ErrorDetails.RecommendedAction);
        Assert.Equal(before, s.State());
    }

    [Fact]
    public void After_the_roll_up_the_guarded_export_is_refused_until_the_threshold_is_raised_for_one_run()
    {
        using var s = Open();
        s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false").ShouldSucceed();
        s.Run(RollUp).ShouldSucceed();
        var before = s.State();

        var preview = Assert.Single(s.Run("Get-ProvisioningPreview -SchoolYear 2027").ShouldSucceed().Output);
        var refused = s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2027 -Confirm:$false");

        Assert.Equal($"{preview.Prop<string>("FailedGuard")},AttendanceTools.Commands.ExportProvisioningFeedCommand", refused.ErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, refused.FirstError!.CategoryInfo.Category);
        Assert.Equal(before, s.State());

        var raised = Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2027 -MaxUpdatePercent 100 -MaxGraduationYearChangePercent 100 -MaxDeletePercent 100 -Confirm:$false")
            .ShouldSucceed().Output);
        Assert.Equal(("Exported", preview.Prop<int>("Total"), preview.Prop<int>("Updated"), preview.Prop<int>("Removed"), preview.Prop<int>("GraduationYearChanged")),
            (raised.Prop<string>("Status"), raised.Prop<int>("Total"), raised.Prop<int>("Updated"), raised.Prop<int>("Removed"), raised.Prop<int>("GraduationYearChanged")));
        Assert.NotEqual(before, s.State());
    }

    [Fact]
    public void A_scheduled_export_under_a_lock_that_disables_scheduled_tasks_is_skipped_and_succeeds()
    {
        using var s = Open();
        s.Sql("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'registrar', '2026-06-20T08:00:00.000Z', 'Year-end rollover', 1, 'tok')");
        var before = s.State();

        var skipped = s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Scheduled -Confirm:$false").ShouldSucceed();
        var result = Assert.Single(skipped.Output);
        Assert.Equal("Skipped", result.Prop<string>("Status"));
        Assert.EndsWith("[ScheduledTasksDisabled]", Assert.Single(skipped.Warnings).Message, StringComparison.Ordinal);
        Assert.Equal(before, s.State());

        var locked = s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false");
        Assert.Equal("MaintenanceLocked,AttendanceTools.Commands.ExportProvisioningFeedCommand", locked.ErrorId);
        Assert.Equal(before, s.State());
        Assert.Equal("Exported", Assert.Single(s.Run("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -LockToken tok -Confirm:$false").ShouldSucceed().Output).Prop<string>("Status"));
    }

    [Fact]
    public void Folder_and_year_bind_from_piped_objects_by_property_name()
    {
        using var s = Open();
        var r = s.Run("[pscustomobject]@{ FullName = $feed; SchoolYear = '2025-26' } | Export-ProvisioningFeed -Confirm:$false").ShouldSucceed();
        Assert.Equal("Exported", Assert.Single(r.Output).Prop<string>("Status"));
        Assert.True(File.Exists(Path.Combine(s.Feed, "manifest.csv")));
    }
}
