using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class DisconnectAttendanceStoreTests
{
    [Fact]
    public void After_disconnecting_commands_need_a_store_again()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();

        var r = s.Run("Disconnect-AttendanceStore -Verbose").ShouldSucceed();

        Assert.Empty(r.Output);
        Assert.Equal($"Disconnected from '{db}'.", Assert.Single(r.Verbose).Message);
        var after = s.Run("Get-AttendanceStore");
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", after.ErrorId);
    }

    [Fact]
    public void Disconnecting_without_a_store_is_not_an_error()
    {
        using var s = new PsSession();

        var r = s.Run("Disconnect-AttendanceStore -Verbose; Disconnect-AttendanceStore -Verbose").ShouldSucceed();

        Assert.False(r.HadErrors);
        Assert.Equal(["No store was connected.", "No store was connected."], r.Verbose.Select(v => v.Message));
    }

    [Fact]
    public void Only_this_runspace_is_disconnected()
    {
        using var first = new PsSession();
        using var second = new PsSession();
        var a = first.PathIn("a.db");
        var b = second.PathIn("b.db");
        first.Run("$null = New-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = a }).ShouldSucceed();
        second.Run("$null = New-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = b }).ShouldSucceed();

        first.Run("Disconnect-AttendanceStore").ShouldSucceed();

        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", first.Run("Get-AttendanceStore").ErrorId);
        Assert.Equal(b, second.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
    }

    [Fact]
    public void The_store_file_can_be_replaced_and_reconnected_after_disconnecting()
    {
        using var s = new PsSession();
        var db = s.PathIn("swap.db");
        var vars = new Dictionary<string, object?> { ["db"] = db };
        var storeId = s.Run("$null = New-AttendanceStore -Path $db; Get-AttendanceStore; Disconnect-AttendanceStore", vars)
            .ShouldSucceed().Output.Single().Prop<string>("StoreId");

        File.Delete(db);
        foreach (var sidecar in new[] { db + "-wal", db + "-shm" }) File.Delete(sidecar);
        s.Run("$null = New-AttendanceStore -Path $db", vars).ShouldSucceed();

        // A fresh file: a new store with a new id, not a cached handle on the deleted one.
        Assert.NotEqual(storeId, s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("StoreId"));
    }

}
