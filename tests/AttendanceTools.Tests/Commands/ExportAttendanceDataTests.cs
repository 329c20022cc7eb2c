using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.ImportAttendanceDataTests;

namespace AttendanceTools.Tests.Commands;

public sealed class ExportAttendanceDataTests
{
    [Fact]
    public void Exports_the_store_and_returns_the_files_with_their_row_counts()
    {
        using var s = new PsSession();
        var folder = s.PathIn("out");

        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; $null = Import-AttendanceData -Path $pkg; Export-AttendanceData -Path $out",
            new Dictionary<string, object?> { ["pkg"] = Fixture, ["out"] = folder }).ShouldSucceed();

        var result = Assert.Single(r.Output);
        Assert.Equal("AttendanceTools.Engine.Import.ExportResult", result.TypeName());
        Assert.Equal(folder, result.Prop<string>("Path"));
        var files = ((System.Collections.IEnumerable)result.Prop("Files")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(20, files.Count);
        Assert.Equal(3, files.Single(f => f.Prop<string>("File") == "users.csv").Prop<long>("Rows"));
        Assert.Equal(files.Sum(f => f.Prop<long>("Rows")), result.Prop<long>("Rows"));
        Assert.Equal(files.Select(f => f.Prop<string>("File")).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Export_import_export_through_the_cmdlets_gives_identical_files()
    {
        using var s = new PsSession();
        var first = s.PathIn("first");
        var second = s.PathIn("second");
        var vars = new Dictionary<string, object?> { ["pkg"] = Fixture, ["first"] = first, ["second"] = second };

        s.Run("$null = New-AttendanceStore -Path ./a.db; $null = Import-AttendanceData -Path $pkg; $null = Export-AttendanceData -Path $first", vars).ShouldSucceed();
        s.Run("$null = New-AttendanceStore -Path ./b.db; $null = Import-AttendanceData -Path $first; $null = Export-AttendanceData -Path $second", vars).ShouldSucceed();

        var names = Directory.EnumerateFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.EnumerateFiles(second).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(first, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, name!))), $"{name} differs.");
    }

    [Fact]
    public void WhatIf_writes_no_file_and_names_the_rows_it_would_write()
    {
        using var s = new PsSession();
        var folder = s.PathIn("out");

        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; $null = Import-AttendanceData -Path $pkg; Export-AttendanceData -Path $out -WhatIf",
            new Dictionary<string, object?> { ["pkg"] = Fixture, ["out"] = folder }).ShouldSucceed();

        Assert.Empty(r.Output);
        Assert.False(Directory.Exists(folder));
        var line = Assert.Single(r.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains("in 20 files", line, StringComparison.Ordinal);
        Assert.Contains("users.csv 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_unless_Force_is_given()
    {
        using var s = new PsSession();
        var folder = s.PathIn("out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep");
        var vars = new Dictionary<string, object?> { ["pkg"] = Fixture, ["out"] = folder };
        s.Run("$null = New-AttendanceStore -Path ./d.db; $null = Import-AttendanceData -Path $pkg", vars).ShouldSucceed();

        var refused = s.Run("Export-AttendanceData -Path $out", vars);
        var forced = s.Run("Export-AttendanceData -Path $out -Force", vars);

        Assert.Equal("ExportFolderNotEmpty,AttendanceTools.Commands.ExportAttendanceDataCommand", refused.ErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, refused.FirstError!.CategoryInfo.Category);
        Assert.NotNull(refused.FirstError.ErrorDetails?.RecommendedAction);
        forced.ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(folder, "users.csv")));
    }
}
