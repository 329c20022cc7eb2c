using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceStoreTests
{
    private const string Id = "AttendanceTools.Commands.GetAttendanceStoreCommand";

    [Fact]
    public void Without_a_connected_store_it_fails_with_StoreNotConnected_and_says_what_to_run()
    {
        using var s = new PsSession();

        var r = s.Run("Get-AttendanceStore");

        Assert.True(ConnectAttendanceStoreTests.Terminates(s, "Get-AttendanceStore"));
        Assert.Empty(r.Output);
        Assert.Equal("StoreNotConnected," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, r.FirstError!.CategoryInfo.Category);
        Assert.Contains("Connect-AttendanceStore", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_store_is_described_completely()
    {
        using var s = new PsSession();
        var db = s.PathIn("fresh.db");
        s.Run("Connect-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();

        var info = s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single();

        Assert.Equal("AttendanceTools.Engine.Storage.StoreInfo", info.TypeName());
        Assert.Equal("SQLite", info.Prop<string>("Provider"));
        Assert.Equal(db, info.Prop<string>("Path"));
        Assert.Equal(3, info.Prop<int>("SchemaVersion"));
        Assert.Equal(3, info.Prop<int>("ModuleSchemaVersion"));
        Assert.False(info.Prop<bool>("IsReadOnly"));
        Assert.True(Guid.TryParse(info.Prop<string>("StoreId"), out _));
        Assert.False(string.IsNullOrEmpty(info.Prop<string>("TimeZone")));
        Assert.Null(info.Prop("CurrentSchoolYear"));
        Assert.Null(info.Prop("DistrictName"));
        Assert.False(info.Prop<bool>("IsLocked"));
        Assert.Null(info.Prop("LockedBy"));
        Assert.Equal(new FileInfo(db).Length, info.Prop<long>("SizeBytes"));
        var counts = (System.Collections.IDictionary)info.Prop("RowCounts")!;
        Assert.Contains("Student", counts.Keys.Cast<string>());
        Assert.Contains("SchoolYear", counts.Keys.Cast<string>());
        Assert.DoesNotContain("SchemaVersion", counts.Keys.Cast<string>());
        Assert.DoesNotContain("RunLog", counts.Keys.Cast<string>());
        Assert.All(counts.Values.Cast<object>(), v => Assert.Equal(0L, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Store_takes_a_path_without_any_connection()
    {
        using var s = new PsSession();
        var db = s.PathIn("bypath.db");
        s.Run("Connect-AttendanceStore -Path $db; Disconnect-AttendanceStore", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();

        var info = s.Run("Get-AttendanceStore -Store ./bypath.db").ShouldSucceed().Output.Single();

        Assert.Equal(db, info.Prop<string>("Path"));
        // -Store is for this call only; the session stays unconnected.
        Assert.Equal("StoreNotConnected," + Id, s.Run("Get-AttendanceStore").ErrorId);
    }

    [Fact]
    public void Store_overrides_the_connected_store_for_one_call()
    {
        using var s = new PsSession();
        var connected = s.PathIn("connected.db");
        var other = s.PathIn("other.db");
        s.Run("Connect-AttendanceStore -Path $other; Connect-AttendanceStore -Path $connected",
            new Dictionary<string, object?> { ["other"] = other, ["connected"] = connected }).ShouldSucceed();

        var r = s.Run("Get-AttendanceStore -Store $other; Get-AttendanceStore", new Dictionary<string, object?> { ["other"] = other }).ShouldSucceed();

        Assert.Equal([other, connected], r.Output.Select(o => o.Prop<string>("Path")));
    }

    [Fact]
    public void Store_takes_a_previous_result_and_keeps_it_read_only()
    {
        using var s = new PsSession();
        var db = s.PathIn("ro.db");
        s.Run("Connect-AttendanceStore -Path $db; Connect-AttendanceStore -Path $db -ReadOnly", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();

        var r = s.Run("$info = Get-AttendanceStore; Disconnect-AttendanceStore; Get-AttendanceStore -Store $info").ShouldSucceed();

        var again = r.Output.Single();
        Assert.Equal(db, again.Prop<string>("Path"));
        Assert.True(again.Prop<bool>("IsReadOnly"));
    }

    [Fact]
    public void Store_with_a_missing_file_fails_and_creates_nothing()
    {
        using var s = new PsSession();
        var db = s.PathIn("nothing-here.db");

        var r = s.Run("Get-AttendanceStore -Store $db", new Dictionary<string, object?> { ["db"] = db });

        Assert.True(r.HadErrors);
        Assert.Empty(r.Output);
        Assert.Equal("StoreNotFound," + Id, r.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, r.FirstError!.CategoryInfo.Category);
        Assert.Contains(db, r.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}
