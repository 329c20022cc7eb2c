using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Packaging;

/// <summary>The module as a user gets it: imported from its folder, isolated from other copies of its dependencies.</summary>
public sealed class ModuleLoadingTests
{
    [Fact]
    public void Imports_from_the_built_folder_and_creates_a_store()
    {
        using var s = new PsSession();
        var db = s.PathIn("district.db");
        s.Run("$null = New-AttendanceStore -Path $db; Get-AttendanceStore", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        var info = s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single();
        Assert.Equal("SQLite", info.Prop<string>("Provider"));
        Assert.Equal(db, info.Prop<string>("Path"));
        Assert.True(File.Exists(db));
    }

    [Fact]
    public void Engine_and_sqlite_load_in_the_private_context_beside_the_tests_own_sqlite()
    {
        using var s = new PsSession();
        s.Run("$null = New-AttendanceStore -Path ./a.db").ShouldSucceed();
        var sqlite = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Microsoft.Data.Sqlite").ToList();
        Assert.True(sqlite.Count >= 2, "expected the tests' and the module's Microsoft.Data.Sqlite side by side");
        var moduleCopy = sqlite.Single(a => a.Location.StartsWith(Repo.ModuleFolder, StringComparison.Ordinal));
        Assert.Equal("AttendanceTools", System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(moduleCopy)!.Name);
    }
}
