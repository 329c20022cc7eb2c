using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class NewAttendanceStoreTests
{
    private const string Id = "AttendanceTools.Commands.NewAttendanceStoreCommand";

    [Fact]
    public void Creates_a_stamped_store_with_the_current_schema_and_connects_to_it()
    {
        using var s = new PsSession();
        var db = s.PathIn("district.db");

        var r = s.Run("New-AttendanceStore -Path ./district.db -Verbose").ShouldSucceed();

        var info = r.Output.Single();
        Assert.Equal("AttendanceTools.Engine.Storage.StoreInfo", info.TypeName());
        Assert.Equal(db, info.Prop<string>("Path"));
        Assert.Equal(SchemaFacts.Current, info.Prop<int>("SchemaVersion"));
        Assert.True(Guid.TryParse(info.Prop<string>("StoreId"), out _));
        Assert.Contains(r.Verbose, v => v.Message == $"Connected to SQLite store '{db}' (schema version {SchemaFacts.Current}).");
        Assert.Equal(0x41544E44L, DemoTemplate.Scalar(db, "PRAGMA application_id"));
        Assert.Equal(db, s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
    }

    [Fact]
    public void An_existing_file_is_refused_unless_Force_replaces_it()
    {
        using var s = new PsSession();
        var db = s.PathIn("taken.db");
        File.WriteAllText(db, "not mine");

        var r = s.Run("New-AttendanceStore -Path $db", Vars(db));

        Assert.Equal("StoreAlreadyExists," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, r.FirstError!.CategoryInfo.Category);
        Assert.Equal($"There is already a file at '{db}'.", r.FirstError.Exception.Message);
        Assert.Equal("not mine", File.ReadAllText(db));

        s.Run("$null = New-AttendanceStore -Path $db -Force -NoConnect", Vars(db)).ShouldSucceed();

        Assert.Equal(0x41544E44L, DemoTemplate.Scalar(db, "PRAGMA application_id"));
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", s.Run("Get-AttendanceStore").ErrorId);
    }

    [Fact]
    public void WhatIf_creates_nothing_and_a_missing_folder_is_StoreNotFound()
    {
        using var s = new PsSession();
        var db = s.PathIn("whatif.db");

        s.Run("New-AttendanceStore -Path $db -WhatIf", Vars(db)).ShouldSucceed();
        Assert.False(File.Exists(db));

        var missing = Path.Combine(s.TempFolder, "no-such-folder", "d.db");
        var r = s.Run("New-AttendanceStore -Path $db", Vars(missing));
        Assert.Equal("StoreNotFound," + Id, r.ErrorId);
        Assert.Contains("no-such-folder", r.FirstError!.Exception.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Vars(string db) => new() { ["db"] = db };
}
