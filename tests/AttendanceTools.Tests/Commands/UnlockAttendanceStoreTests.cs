using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class UnlockAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Unlock_removes_the_lock_and_unlocking_an_unlocked_store_is_a_no_op()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        s.Run("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null", vars).ShouldSucceed();
        var removed = Assert.Single(s.Run("Unlock-AttendanceStore -PassThru -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal("Year end", removed.Prop<string>("Reason"));
        Assert.False(s.Run("Get-AttendanceStore").ShouldSucceed().Output[0].Prop<bool>("IsLocked"));
        var again = s.Run("Unlock-AttendanceStore -PassThru -Confirm:$false -Verbose").ShouldSucceed();
        Assert.Empty(again.Output);
        Assert.Contains(again.Verbose, v => v.Message.Contains("was not locked", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_users_lock_needs_its_token_or_Force()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        DemoTemplate.Execute(db, "INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'someone-else', '2026-06-12T18:00:00.000Z', 'Their year end', 0, 'their-token')");
        var vars = new Dictionary<string, object?> { ["db"] = db };
        var refused = s.Run("Connect-AttendanceStore -Path $db; Unlock-AttendanceStore -Confirm:$false", vars);
        Assert.StartsWith("MaintenanceLocked", refused.ErrorId, StringComparison.Ordinal);
        Assert.Contains("someone-else", refused.FirstError!.Exception.Message, StringComparison.Ordinal);
        s.Run("[pscustomobject]@{ Token = 'their-token' } | Unlock-AttendanceStore -Confirm:$false").ShouldSucceed();
        Assert.False(s.Run("Get-AttendanceStore").ShouldSucceed().Output[0].Prop<bool>("IsLocked"));
    }
}
