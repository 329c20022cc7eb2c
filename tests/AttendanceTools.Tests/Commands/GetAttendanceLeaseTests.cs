using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Reliability;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceLeaseTests
{
    private const string Id = "AttendanceTools.Commands.GetAttendanceLeaseCommand";

    [Fact]
    public void Shows_each_lease_with_its_state_and_nothing_when_no_run_writes()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(db)).ShouldSucceed();
        Assert.Empty(s.Run("Get-AttendanceLease").ShouldSucceed().Output);
        var acquired = DateTimeOffset.UtcNow.AddMinutes(-5);
        LeaseRows.Plant(db, "Store", "ann", "OTHER-HOST (pid 12)", 12, acquired, acquired.AddHours(2));
        LeaseRows.Plant(db, "Expired", "bob", "OTHER-HOST (pid 13)", 13, acquired, acquired.AddMinutes(2));
        var deadPid = LeaseRows.DeadProcessId();
        LeaseRows.Plant(db, "Gone", "cy", $"{Environment.MachineName} (pid {deadPid})", deadPid, acquired, acquired.AddHours(2));

        var leases = s.Run("Get-AttendanceLease").ShouldSucceed().Output;

        Assert.Equal(["Expired", "Gone", "Store"], leases.Select(l => l.Prop<string>("Name")));
        Assert.Equal(["Expired", "HolderGone", "Held"], leases.Select(l => l.Prop("State")!.ToString()));
        Assert.Equal(["bob", "cy", "ann"], leases.Select(l => l.Prop<string>("Holder")));
        Assert.Equal([false, true, false], leases.Select(l => l.Prop<bool>("IsOnThisHost")));
        var store = leases[2];
        Assert.Equal("AttendanceTools.Engine.Storage.LeaseInfo", store.TypeName());
        Assert.Equal("OTHER-HOST (pid 12)", store.Prop<string>("Host"));
        Assert.Equal(12, store.Prop<int>("ProcessId"));
        Assert.Equal(LeaseRows.Stamp(acquired), LeaseRows.Stamp(store.Prop<DateTimeOffset>("AcquiredAt")));
        Assert.Equal(LeaseRows.Stamp(acquired.AddHours(2)), LeaseRows.Stamp(store.Prop<DateTimeOffset>("ExpiresAt")));
    }

    [Fact]
    public void Name_filters_with_wildcards_and_an_unknown_name_is_LeaseNotFound()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(db)).ShouldSucceed();
        LeaseRows.Plant(db, "Store", "ann", "OTHER-HOST (pid 12)", 12, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var r = s.Run("Get-AttendanceLease -Name St*, Nightly");

        Assert.Equal(["Store"], r.Output.Select(l => l.Prop<string>("Name")));
        Assert.Null(r.Terminating);
        var error = Assert.Single(r.Errors);
        Assert.Equal("LeaseNotFound," + Id, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("Nightly", error.TargetObject);
        Assert.Equal($"The store '{db}' holds no lease named 'Nightly'.", error.Exception.Message);
    }

    private static Dictionary<string, object?> Vars(string db) => new() { ["db"] = db };
}
