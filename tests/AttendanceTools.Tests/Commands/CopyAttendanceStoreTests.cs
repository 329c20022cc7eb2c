using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Shared;

namespace AttendanceTools.Tests.Commands;

/// <summary>Copy-AttendanceStore: a district into an empty store, counts checked, -WhatIf's counts equal the copy's.</summary>
public sealed class CopyAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private static readonly string[] Tables = ["Student", "DailyAttendance", "MeetingAttendance", "CalendarDate", "DayAggregate"];

    [Fact]
    public void Copies_the_demo_district_into_a_new_SQLite_store_and_WhatIf_writes_nothing_with_the_same_counts()
    {
        using var s = new PsSession();
        var source = demo.CopyTo(s.TempFolder);
        var target = s.PathIn("copy.db");
        var vars = new Dictionary<string, object?> { ["src"] = source, ["dst"] = target };
        s.Run("$null = New-AttendanceStore -Path $dst; Connect-AttendanceStore -Path $src", vars).ShouldSucceed();

        var preview = Assert.Single(s.Run("Copy-AttendanceStore -Destination $dst -WhatIf", vars).ShouldSucceed().Output);
        Assert.Equal(0, DemoTemplate.Scalar(target, "SELECT COUNT(*) FROM Student"));
        var r = s.Run("Copy-AttendanceStore -Destination $dst -Confirm:$false -Verbose", vars).ShouldSucceed();

        var copy = Assert.Single(r.Output);
        Assert.Equal("AttendanceTools.Engine.Storage.StoreCopyResult", copy.TypeName());
        Assert.Equal((true, false), (preview.Prop<bool>("WhatIf"), copy.Prop<bool>("WhatIf")));
        Assert.Equal(preview.Prop<long>("TotalRows"), copy.Prop<long>("TotalRows"));
        Assert.Equal(("SQLite", "SQLite", target), (copy.Prop<string>("SourceProvider"), copy.Prop<string>("DestinationProvider"), copy.Prop<string>("Destination")));
        foreach (var table in Tables)
            Assert.Equal(DemoTemplate.Scalar(source, $"SELECT COUNT(*) FROM {table}"), DemoTemplate.Scalar(target, $"SELECT COUNT(*) FROM {table}"));
        Assert.True(DemoTemplate.Scalar(target, "SELECT COUNT(*) FROM Student") > 100);
        Assert.Equal(1, DemoTemplate.Scalar(target, "SELECT COUNT(*) FROM RunLog WHERE Operation = 'CopyStore'"));
        Assert.Contains(r.Verbose, v => v.Message.Contains("every table's count matches the source's", StringComparison.Ordinal));
    }

    [Fact]
    public void A_destination_with_data_is_refused_with_StoreNotEmpty()
    {
        using var s = new PsSession();
        var source = demo.CopyTo(s.TempFolder);
        var other = demo.CopyTo(s.TempFolder, "other.db");
        var before = DemoTemplate.Checksum(other);

        var r = s.Run("Connect-AttendanceStore -Path $src; Copy-AttendanceStore -Destination $dst -Confirm:$false",
            new Dictionary<string, object?> { ["src"] = source, ["dst"] = other });

        Assert.StartsWith("StoreNotEmpty,", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains(other, r.FirstError!.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, DemoTemplate.Checksum(other));
    }

    [PostgreSqlFact]
    public void Copies_a_district_to_PostgreSQL_and_back()
    {
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();
        var source = demo.CopyTo(s.TempFolder);
        var back = s.PathIn("back.db");
        var vars = new Dictionary<string, object?> { ["src"] = source, ["back"] = back, ["cs"] = db.ConnectionString };

        var r = s.Run("$file = Connect-AttendanceStore -Path $src -PassThru; " +
                      "$pg = Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs -Initialize -PassThru; " +
                      "Copy-AttendanceStore -Store $file -Destination $pg -Confirm:$false; " +
                      "$null = New-AttendanceStore -Path $back; Copy-AttendanceStore -Store $pg -Destination $back -Confirm:$false", vars).ShouldSucceed();

        Assert.Equal(2, r.Output.Count);
        Assert.Equal(("PostgreSql", "SQLite"), (r.Output[0].Prop<string>("DestinationProvider"), r.Output[1].Prop<string>("DestinationProvider")));
        foreach (var table in Tables)
            Assert.Equal(DemoTemplate.Scalar(source, $"SELECT COUNT(*) FROM {table}"), DemoTemplate.Scalar(back, $"SELECT COUNT(*) FROM {table}"));
    }
}
