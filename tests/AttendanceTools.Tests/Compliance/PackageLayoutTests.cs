using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// The module folder as shipped (style.md §1): a flat root that Azure Automation accepts, every
/// dependency isolated under Dependencies/, native SQLite for each platform, no PowerShell in the engine.
/// Assemblies are read as metadata, never loaded, so these checks cannot disturb the load contexts.
/// </summary>
public sealed class PackageLayoutTests
{
    private static string Root => Repo.ModuleFolder;
    private static string Dependencies => Path.Combine(Root, "Dependencies");

    [Fact]
    public void Module_root_holds_exactly_the_manifest_assembly_format_data_and_two_folders()
    {
        var files = Directory.GetFiles(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var folders = Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["AttendanceTools.Format.ps1xml", "AttendanceTools.dll", "AttendanceTools.psd1"],
            files.Where(f => f != "AttendanceTools.pdb").Order(StringComparer.Ordinal));
        Assert.Equal(["Dependencies", "en-US"], folders);
    }

    [Fact]
    public void Nothing_under_Dependencies_also_sits_in_the_root()
    {
        var root = Directory.GetFiles(Root).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var both = Directory.GetFiles(Dependencies, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(root.Contains).ToList();
        Assert.True(both.Count == 0, $"Default probing would load these from the root and break isolation: {string.Join(", ", both)}.");
    }

    [Fact]
    public void Help_files_ship_in_en_US()
    {
        Assert.True(File.Exists(Path.Combine(Root, "en-US", "AttendanceTools.dll-Help.xml")), "MAML help is missing (tools/HelpBuilder did not run).");
        Assert.True(File.Exists(Path.Combine(Root, "en-US", "about_AttendanceTools.help.txt")), "about_AttendanceTools is missing.");
        var maml = XDocument.Load(Path.Combine(Root, "en-US", "AttendanceTools.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var documented = maml.Descendants(command + "details").Select(d => d.Element(command + "name")!.Value).Order(StringComparer.Ordinal);
        Assert.Equal(ModuleFacts.CmdletsToExport.Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void The_engine_does_not_reference_PowerShell()
    {
        var references = AssemblyReferences(ModuleFacts.EngineAssemblyPath);
        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, r => r.StartsWith("System.Management.Automation", StringComparison.OrdinalIgnoreCase)
                                               || r.StartsWith("Microsoft.PowerShell", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_cmdlet_assembly_references_no_dependency_except_the_engine()
    {
        var references = AssemblyReferences(ModuleFacts.CmdletAssemblyPath);
        Assert.Contains("AttendanceTools.Engine", references);
        var shipped = Directory.GetFiles(Dependencies, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leaked = references.Where(r => r != "AttendanceTools.Engine" && shipped.Contains(r)).ToList();
        Assert.True(leaked.Count == 0, $"AttendanceTools.dll must reach these only through the engine (private load context): {string.Join(", ", leaked)}.");
    }

    [Fact]
    public void The_engine_ships_with_its_deps_json_for_the_private_load_context()
    {
        Assert.True(File.Exists(Path.Combine(Dependencies, "AttendanceTools.Engine.dll")));
        Assert.True(File.Exists(Path.Combine(Dependencies, "AttendanceTools.Engine.deps.json")));
    }

    [Theory]
    [InlineData("linux-x64", "libe_sqlite3.so")]
    [InlineData("win-x64", "e_sqlite3.dll")]
    [InlineData("osx-x64", "libe_sqlite3.dylib")]
    [InlineData("osx-arm64", "libe_sqlite3.dylib")]
    public void Native_SQLite_ships_for(string rid, string file)
    {
        var path = Path.Combine(Dependencies, "runtimes", rid, "native", file);
        Assert.True(File.Exists(path), $"Missing {path}: the module would not open a store on {rid}.");
        Assert.True(new FileInfo(path).Length > 100_000, $"{path} is too small to be the SQLite library.");
    }

    [Fact]
    public void Every_path_is_short_enough_for_Azure_Automation()
    {
        // Azure Automation rejects module packages with a path of 140 characters or more, counted from
        // the package's top folder (AttendanceTools/...).
        var parent = Path.GetDirectoryName(Root)!;
        var tooLong = Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(parent, f))
            .Where(rel => rel.Length >= 140)
            .ToList();
        Assert.True(tooLong.Count == 0, "Paths of 140 characters or more: " + string.Join(", ", tooLong));
    }

    private static List<string> AssemblyReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }
}
