using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>Export-ProvisioningFeed's engine against a store: P2 and P3 end to end, refusals that write nothing, the lock, atomic replacement.</summary>
public sealed class ProvisioningExportTests
{
    /// <summary>P2's three students exported in 2026: Avery Oak 03 (2035), Blake Oak 05 (2033), Casey Pine 08 (2030).</summary>
    private static FeedStore P2Exported()
    {
        var f = new FeedStore();
        f.Student("Avery", 2026, "101", "03");
        f.Student("Blake", 2026, "101", "05");
        f.Student("Casey", 2026, "201", "08", promote: false);
        var first = f.Export(2026);
        Assert.Equal(("Exported", 3, 3, 0), (first.Status, first.Total, first.New, first.Updated));
        Assert.Equal([new FeedStudent("Avery", "101", "03", 2035), new FeedStudent("Blake", "101", "05", 2033), new FeedStudent("Casey", "201", "08", 2030)],
            f.Snapshot());
        return f;
    }

    [Fact]
    public void P2_wrong_year_made_current_before_promotion_is_refused_and_writes_nothing()
    {
        using var f = P2Exported();
        foreach (var (id, school, grade) in new[] { ("Avery", "101", "03"), ("Blake", "101", "05"), ("Casey", "201", "08") })
            f.YearRecord(id, 2027, school, grade);
        f.MakeCurrent(2027);
        var before = f.State();

        var preview = f.Preview(2027);
        Assert.Equal((3, 0, 0, 3, 3), (preview.Total, preview.New, preview.Removed, preview.Updated, preview.GraduationYearChanged));
        var refused = f.Refused(2027);

        Assert.Equal("GraduationYearGuard", refused.ErrorId);
        Assert.StartsWith("3 of the 3 students in both the last export and the 2026-27 feed (100.0%)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, f.State());
        Assert.Empty(f.Leftovers());
        // The feed job still names last year: the year guard comes first.
        Assert.Equal("SchoolYearMismatch", f.Refused(2026).ErrorId);
        Assert.Equal(before, f.State());
    }

    [Fact]
    public void P2_after_the_roll_up_one_retained_student_of_three_is_refused_until_allowed_for_the_run()
    {
        using var f = P2Exported();
        f.YearRecord("Avery", 2027, "101", "04");
        f.YearRecord("Blake", 2027, "201", "06");
        f.YearRecord("Casey", 2027, "201", "08");
        f.MakeCurrent(2027);
        var before = f.State();

        var refused = f.Refused(2027);
        Assert.Equal("GraduationYearGuard", refused.ErrorId);
        Assert.StartsWith("1 of the 3 students in both the last export and the 2026-27 feed (33.3%)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, f.State());

        // Allowed for this run, the update alarm (every record changed) is the next guard; both raised, it exports.
        Assert.Equal("ChangeThresholdExceeded", f.Refused(2027, new ProvisioningLimits { MaxGraduationYearChangePercent = 34 }).ErrorId);
        Assert.Equal(before, f.State());
        var exported = f.Export(2027, new ProvisioningLimits { MaxGraduationYearChangePercent = 34, MaxUpdatePercent = 100 });

        Assert.Equal(("Exported", 3, 0, 0, 3, 1), (exported.Status, exported.Total, exported.New, exported.Removed, exported.Updated, exported.GraduationYearChanged));
        Assert.Equal([new FeedStudent("Avery", "101", "04", 2035), new FeedStudent("Blake", "201", "06", 2033), new FeedStudent("Casey", "201", "08", 2031)],
            f.Snapshot());
        // The raised thresholds were for that run only: the next export is judged by the defaults, and nothing changed.
        var again = f.Export(2027);
        Assert.Equal((0, 0, 0), (again.New, again.Updated, again.Removed));
    }

    [Fact]
    public void P3_preview_counts_thresholds_and_the_raised_update_threshold()
    {
        using var f = new FeedStore();
        f.Batch(() =>
        {
            for (var i = 1; i <= 200; i++)
                f.Student($"S{i:000}", 2026, i > 190 ? "301" : "101", i > 190 ? "12" : $"{1 + (i % 11):00}");
        });
        Assert.Equal(200, f.Export(2026).Total);
        f.Batch(() =>
        {
            for (var i = 1; i <= 190; i++)
            {
                var grade = 1 + (i % 11);
                f.YearRecord($"S{i:000}", 2027, "101", $"{(i <= 3 ? grade : grade + 1):00}");
            }
            for (var i = 1; i <= 12; i++) f.Student($"N{i:00}", 2027, "101", "KG");
            f.MakeCurrent(2027);
        });
        var before = f.State();

        var p = f.Preview(2027);
        Assert.Equal((202, 12, 10, 190, 3), (p.Total, p.New, p.Removed, p.Updated, p.GraduationYearChanged));
        Assert.Equal(["1.6", "95.0", "5.0"], new[] { p.GraduationYearChangePercent, p.UpdatePercent, p.DeletePercent }.Select(x => x.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("ChangeThresholdExceeded", p.FailedGuard);

        var refused = f.Refused(2027);
        Assert.Equal("ChangeThresholdExceeded", refused.ErrorId);
        Assert.Contains("190 of the 200 students in the last export would be updated (95.0%, more than the 75% allowed by -MaxUpdatePercent)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, f.State());

        var exported = f.Export(2027, new ProvisioningLimits { MaxUpdatePercent = 100 });
        Assert.Equal((202, 12, 10, 190, 3), (exported.Total, exported.New, exported.Removed, exported.Updated, exported.GraduationYearChanged));
        Assert.Equal(202, f.Snapshot().Count);
        using var c = f.Store.OpenConnection();
        var run = RunLog.Read(c, ProvisioningOperation.OperationName)[0];
        Assert.Equal((exported.RunId, 12L, 190L, 10L, 0L), (run.RunId, run.Inserted, run.Updated, run.Deleted, run.Unchanged));
    }

    [Fact]
    public void An_empty_snapshot_skips_the_percentage_guards_even_with_MaxChangePercent_0()
    {
        using var f = new FeedStore();
        f.Student("Avery", 2026, "101", "03");
        var result = f.Export(2026, new ProvisioningLimits { MaxChangePercent = 0, MaxUpdatePercent = 0, MaxDeletePercent = 0, MaxGraduationYearChangePercent = 0 });
        Assert.Equal(("Exported", 1, 1), (result.Status, result.Total, result.New));
    }

    [Fact]
    public void A_second_export_writes_the_same_bytes_and_changes_nothing()
    {
        using var f = P2Exported();
        var files = f.State();
        var again = f.Export(2026);
        Assert.Equal((3, 0, 0, 0), (again.Total, again.New, again.Updated, again.Removed));
        Assert.Equal(files.Split('|')[..^1], f.State().Split('|')[..^1]); // same files and snapshot; one more run-log row
    }

    [Fact]
    public void Plan_and_preview_write_nothing_and_the_plan_counts_are_the_runs()
    {
        using var f = P2Exported();
        f.Student("Dana", 2026, "301", "12");
        var before = f.State();

        var plan = f.Plan(2026);
        var preview = f.Preview(2026);

        Assert.Equal(before, f.State());
        Assert.Equal("Export the 2025-26 provisioning feed of 4 students to '" + f.FeedPath + "' (manifest.csv 18, orgs.csv 4, academicSessions.csv 1, users.csv 4, roles.csv 4, demographics.csv 4) " +
                     "and replace the snapshot: 1 new, 0 updated (0 with a new graduation year), 0 removed.", plan.WhatIfText());
        Assert.Equal((preview.Total, preview.New), (plan.Preview.Total, plan.Preview.New));
        var result = ProvisioningOperation.Apply(f.Store, plan, NullObserver.Instance, CancellationToken.None);
        Assert.Equal((plan.Preview.Total, plan.Preview.New, plan.Preview.Updated, plan.Preview.Removed), (result.Total, result.New, result.Updated, result.Removed));
        Assert.Equal(plan.Files.Select(x => (x.File, x.Rows)), result.Files.Select(x => (x.File, x.Rows)));
    }

    [Fact]
    public void A_scheduled_export_under_a_lock_that_disables_scheduled_tasks_is_skipped_and_writes_nothing()
    {
        using var f = P2Exported();
        f.Student("Dana", 2026, "301", "12");
        f.Lock(disableScheduledTasks: true);
        var before = f.State();

        var result = f.Export(2026, scheduled: true);

        Assert.Equal("Skipped", result.Status);
        Assert.StartsWith("The store is under a maintenance lock that disables scheduled tasks (held by registrar since 2026-06-20 08:00 UTC: Year-end rollover)", result.Reason, StringComparison.Ordinal);
        Assert.Equal(before, f.State());
        // Not scheduled, the lock refuses it; with the lock's token it runs.
        Assert.Equal("MaintenanceLocked", Assert.Throws<AttendanceException>(() => f.Export(2026)).ErrorId);
        Assert.Equal(before, f.State());
        Assert.Equal(1, f.Export(2026, token: "lock-token").New);
    }

    [Fact]
    public void A_lock_that_leaves_scheduled_tasks_on_refuses_a_scheduled_export_without_its_token()
    {
        using var f = P2Exported();
        f.Lock(disableScheduledTasks: false);
        Assert.Equal("MaintenanceLocked", Assert.Throws<AttendanceException>(() => f.Export(2026, scheduled: true)).ErrorId);
    }

    [Fact]
    public void A_failure_while_writing_leaves_the_previous_files_and_the_snapshot()
    {
        using var f = P2Exported();
        f.Student("Dana", 2026, "301", "12");
        var before = f.State();
        using var cts = new CancellationTokenSource();
        var plan = f.Plan(2026);

        // Cancel as soon as the second file is being written: part of the feed is staged, nothing is in place.
        var observer = new CancelOn(cts, p => p.Activity == "Exporting" && p.PercentComplete > 0);
        Assert.ThrowsAny<OperationCanceledException>(() => ProvisioningOperation.Apply(f.Store, plan, observer, cts.Token));

        Assert.Equal(before, f.State());
        Assert.Empty(f.Leftovers());
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM Lease"));
    }

    [Fact]
    public void A_folder_holding_other_files_is_refused()
    {
        using var f = new FeedStore();
        f.Student("Avery", 2026, "101", "03");
        Directory.CreateDirectory(f.FeedPath);
        File.WriteAllText(Path.Combine(f.FeedPath, "notes.txt"), "keep me");
        var error = Assert.Throws<AttendanceException>(() => f.Plan(2026));
        Assert.Equal("ExportFolderNotEmpty", error.ErrorId);
        Assert.Contains("'notes.txt'", error.Message, StringComparison.Ordinal);
    }

    private sealed class CancelOn(CancellationTokenSource cts, Func<ProgressInfo, bool> when) : IOperationObserver
    {
        public void Progress(ProgressInfo progress)
        {
            if (when(progress)) cts.Cancel();
        }

        public void Verbose(string message) { }
        public void Warning(string id, string message) { }
    }
}
