using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Reliability;

namespace AttendanceTools.Tests.Commands;

public sealed class RemoveAttendanceLeaseTests
{
    private const string Id = "AttendanceTools.Commands.RemoveAttendanceLeaseCommand";

    [Fact]
    public void A_valid_lease_of_another_host_needs_Force_and_its_removal_is_audited_in_the_run_log()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(db)).ShouldSucceed();
        LeaseRows.Plant(db, "Store", "ann", "SIS-APP02 (pid 2210)", 2210, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        var refused = s.Run("Remove-AttendanceLease -Confirm:$false");

        Assert.Equal("LeaseHeld," + Id, refused.ErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, refused.FirstError!.CategoryInfo.Category);
        Assert.Contains("held by ann on SIS-APP02 (pid 2210)", refused.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", refused.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(["Store"], LeaseRows.Names(db));

        var removed = s.Run("Remove-AttendanceLease -Force -Confirm:$false -PassThru").ShouldSucceed().Output.Single();

        Assert.Equal("ann", removed.Prop<string>("Holder"));
        Assert.Empty(LeaseRows.Names(db));
        var audit = s.Run("Get-AttendanceRun -Operation LeaseRemoved").ShouldSucceed().Output.Single();
        Assert.StartsWith("lease 'Store' of ann on SIS-APP02 (pid 2210) (acquired ", audit.Prop<string>("Scope"), StringComparison.Ordinal);
        Assert.EndsWith(", Held)", audit.Prop<string>("Scope"), StringComparison.Ordinal);
        Assert.Equal("Succeeded", audit.Prop<string>("Status"));
        Assert.Equal(Environment.UserName, audit.Prop<string>("StartedBy"));
        Assert.Equal([0L, 0L, 0L], new[] { audit.Prop<long>("Inserted"), audit.Prop<long>("Updated"), audit.Prop<long>("Deleted") });
    }

    [Fact]
    public void An_expired_lease_is_removed_without_Force_and_WhatIf_removes_nothing()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(db)).ShouldSucceed();
        LeaseRows.Plant(db, "Store", "bob", "SIS-APP03 (pid 7)", 7, DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-1));

        s.Run("Get-AttendanceLease | Remove-AttendanceLease -WhatIf").ShouldSucceed();
        Assert.Equal(["Store"], LeaseRows.Names(db));
        Assert.Empty(s.Run("Get-AttendanceRun -Operation LeaseRemoved").ShouldSucceed().Output);

        s.Run("Get-AttendanceLease | Remove-AttendanceLease -Confirm:$false").ShouldSucceed();

        Assert.Empty(LeaseRows.Names(db));
        Assert.EndsWith(", Expired)", s.Run("Get-AttendanceRun -Operation LeaseRemoved").ShouldSucceed().Output.Single().Prop<string>("Scope"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_with_no_lease_is_LeaseNotFound()
    {
        using var s = new PsSession();
        s.Run("$null = New-AttendanceStore -Path ./d.db").ShouldSucceed();

        var r = s.Run("Remove-AttendanceLease -Name Nightly -Confirm:$false");

        Assert.Equal("LeaseNotFound," + Id, r.ErrorId);
        Assert.Equal("Nightly", r.FirstError!.TargetObject);
        Assert.Contains("Get-AttendanceLease", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Vars(string db) => new() { ["db"] = db };
}
