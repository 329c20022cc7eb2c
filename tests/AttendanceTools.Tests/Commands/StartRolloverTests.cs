using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Start-Rollover on the demo district: its year-end data (pre-registered, retained seniors, next-year values) exercises every registration path of the default criteria.</summary>
[Collection(ClockCollection.Name)]
public sealed class StartRolloverTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private static PsSession Locked(DemoTemplate demo, out Dictionary<string, object?> vars)
    {
        var s = new PsSession();
        vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        s.Run("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false | Out-Null; Set-RolloverCriteria -Default -Confirm:$false | Out-Null", vars).ShouldSucceed();
        return s;
    }

    [Fact]
    public void Preview_WhatIf_and_the_real_run_report_the_same_counts_and_the_demo_exercises_every_path()
    {
        using var s = Locked(demo, out _);
        var preview = Assert.Single(s.Run("Start-Rollover Registration -Preview").ShouldSucceed().Output);
        s.Run("Start-Rollover Registration -WhatIf").ShouldSucceed();
        Assert.Empty(s.Run("Get-AttendanceBackup -Kind Rollover").ShouldSucceed().Output);
        var run = Assert.Single(s.Run("Start-Rollover Registration -Confirm:$false").ShouldSucceed().Output);

        foreach (var name in new[] { "Processed", "Promoted", "Retained", "Graduated", "Inactivated", "Deleted", "PreRegisteredActivated", "Unmatched", "EnrollmentsClosed", "EnrollmentsOpened", "Warnings" })
            Assert.Equal(preview.Prop<int>(name), run.Prop<int>(name));
        Assert.Equal(("Preview", "Applied", 1), (preview.Prop<string>("Mode"), run.Prop<string>("Mode"), run.Prop<int>("RunNumber")));
        // Every default path: promoted, retained (incl. seniors), graduated, pre-registered activated; inactive students are left alone.
        Assert.True(run.Prop<int>("Promoted") > 0 && run.Prop<int>("Retained") > 0 && run.Prop<int>("Graduated") > 0 && run.Prop<int>("PreRegisteredActivated") > 0);
        Assert.Equal(run.Prop<int>("Processed"), run.Prop<int>("Promoted") + run.Prop<int>("Retained") + run.Prop<int>("Graduated") + run.Prop<int>("PreRegisteredActivated"));
        Assert.True(run.Prop<int>("Unmatched") > 0);
        Assert.Equal("2026-27", s.Run("(Get-AttendanceStore).CurrentSchoolYear").ShouldSucceed().Output[0].BaseObject);
        var retainedSeniors = s.Run("Get-RolloverLog -Type Registration | Where-Object { $_.Action -eq 'Retained' -and $_.Message -like '*grade 12*' }").ShouldSucceed().Output;
        Assert.NotEmpty(retainedSeniors);

        var again = Assert.Single(s.Run("Start-Rollover Registration -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal((0, "Unchanged"), (again.Prop<int>("Processed"), again.Prop<string>("Mode")));
    }

    [Fact]
    public void Without_the_lock_the_rollover_is_refused_with_RolloverLockRequired()
    {
        using var s = new PsSession();
        var r = s.Run("Connect-AttendanceStore -Path $db; Start-Rollover Registration -Confirm:$false", new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) });
        Assert.StartsWith("RolloverLockRequired", r.ErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxChangePercent_refuses_a_surprising_run_and_the_later_rollovers_run_in_order()
    {
        using var s = Locked(demo, out _);
        Assert.StartsWith("ChangeThresholdExceeded", s.Run("Start-Rollover Registration -MaxChangePercent 5 -Confirm:$false").ErrorId, StringComparison.Ordinal);
        Assert.StartsWith("RolloverOrder", s.Run("Start-Rollover Scheduling -Confirm:$false").ErrorId, StringComparison.Ordinal);
        s.Run("Start-Rollover Registration -Confirm:$false | Out-Null").ShouldSucceed();
        var later = s.Run("'Scheduling', 'MarkReporting', 'SuccessPlan' | ForEach-Object { Start-Rollover -Type $_ -Confirm:$false }").ShouldSucceed().Output;
        Assert.Equal(["Scheduling", "MarkReporting", "SuccessPlan"], later.Select(o => o.Prop<string>("Type")));
        Assert.All(later, o => Assert.Equal("2025-26", o.Prop<string>("SchoolYear")));
    }

    [Fact]
    public void The_demo_stores_own_criteria_also_inactivate_the_leavers_and_delete_the_cancelled_registrations()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        s.Run("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false | Out-Null", vars).ShouldSucceed();
        var preview = Assert.Single(s.Run("Start-Rollover Registration -Preview").ShouldSucceed().Output);
        var run = Assert.Single(s.Run("Start-Rollover Registration -Confirm:$false").ShouldSucceed().Output);
        foreach (var name in new[] { "Processed", "Promoted", "Retained", "Graduated", "Inactivated", "Deleted", "PreRegisteredActivated", "Unmatched", "EnrollmentsClosed", "EnrollmentsOpened" })
            Assert.Equal(preview.Prop<int>(name), run.Prop<int>(name));
        int N(string name) => run.Prop<int>(name);
        Assert.True(N("Promoted") > 0 && N("Retained") > 0 && N("Graduated") > 0 && N("PreRegisteredActivated") > 0 && N("Inactivated") > 0 && N("Deleted") > 0 && N("Unmatched") > 0);
        Assert.Equal(N("Processed"), N("Promoted") + N("Retained") + N("Graduated") + N("PreRegisteredActivated") + N("Inactivated") + N("Deleted"));
        var actions = s.Run("Get-RolloverLog -Type Registration | Group-Object Action | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }").ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Contains($"Inactivated={N("Inactivated")}", actions);
        Assert.Contains($"Deleted={N("Deleted")}", actions);
        // The later rollovers in order; the last one removes the deleted students' rows.
        var later = s.Run("'Scheduling', 'MarkReporting', 'SuccessPlan' | ForEach-Object { Start-Rollover -Type $_ -Confirm:$false }").ShouldSucceed().Output;
        Assert.Contains($"Student: {N("Deleted")}", ((System.Collections.IEnumerable)later[2].Prop("Tables")!).Cast<object>().Select(o => o.ToString()));
    }
}
