using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>The manifest as Azure Automation and the PowerShell Gallery read it (style.md §5).</summary>
public sealed class ManifestTests
{
    [Fact]
    public void Test_ModuleManifest_accepts_the_built_manifest()
    {
        using var s = new PsSession(importModule: false);
        var info = s.Run("Test-ModuleManifest -Path $path", new Dictionary<string, object?> { ["path"] = Repo.ModuleManifest })
            .ShouldSucceed().Output.Single();
        Assert.Equal("AttendanceTools", info.Prop<string>("Name"));
        Assert.Equal(ModuleVersion, info.Prop<Version>("Version"));
    }

    [Fact]
    public void One_version_everywhere_Directory_Build_props_manifest_cmdlet_and_engine_assemblies()
    {
        var props = XDocument.Load(Path.Combine(Repo.Root, "Directory.Build.props"));
        var declared = props.Descendants("ModuleVersion").Single().Value.Trim();

        Assert.Equal(declared, (string)ModuleFacts.Manifest["ModuleVersion"]!);
        var expected = Version.Parse(declared);
        Assert.Equal(expected, Normalize(AssemblyName.GetAssemblyName(ModuleFacts.CmdletAssemblyPath).Version));
        Assert.Equal(expected, Normalize(AssemblyName.GetAssemblyName(ModuleFacts.EngineAssemblyPath).Version));
    }

    [Fact]
    public void CmdletsToExport_is_exactly_the_cmdlet_classes_and_what_Get_Command_finds()
    {
        var manifest = ModuleFacts.CmdletsToExport.Order(StringComparer.Ordinal).ToList();
        var classes = ModuleFacts.CmdletTypes.Select(ModuleFacts.NameOf).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(classes, manifest);

        using var s = new PsSession();
        var found = s.Run("Get-Command -Module AttendanceTools | ForEach-Object { $_.Name + '|' + $_.CommandType }").ShouldSucceed()
            .Output.Select(o => o.BaseObject.ToString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(classes.Select(c => c + "|Cmdlet").Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Exports_other_than_cmdlets_are_explicit_empty_arrays(string key)
    {
        Assert.True(ModuleFacts.Manifest.ContainsKey(key), $"The manifest must set {key} = @() (an omitted key means '*').");
        var value = ModuleFacts.Manifest[key];
        Assert.True(value is ICollection { Count: 0 }, $"{key} must be @(), not '{value}'.");
    }

    [Fact]
    public void Targets_PowerShell_7_4_Core_with_a_binary_root_module_and_format_data()
    {
        var m = ModuleFacts.Manifest;
        Assert.Equal("AttendanceTools.dll", m["RootModule"]);
        Assert.Equal(["Core"], ((IEnumerable)m["CompatiblePSEditions"]!).Cast<object>().Select(o => o.ToString()));
        Assert.Equal("7.4", m["PowerShellVersion"]);
        Assert.Equal(["AttendanceTools.Format.ps1xml"], ((IEnumerable)m["FormatsToProcess"]!).Cast<object>().Select(o => o.ToString()));
        Assert.False(m.ContainsKey("NestedModules"), "Nested modules would load outside the private load context.");
        Assert.False(m.ContainsKey("RequiredAssemblies"), "Required assemblies would load into the default load context and break isolation.");
    }

    [Fact]
    public void Gallery_data_names_the_platforms_and_edition()
    {
        var psData = (Hashtable)((Hashtable)ModuleFacts.Manifest["PrivateData"]!)["PSData"]!;
        var tags = ((IEnumerable)psData["Tags"]!).Cast<object>().Select(o => o.ToString()).ToList();
        Assert.Superset(new HashSet<string?> { "PSEdition_Core", "Windows", "Linux", "MacOS" }, tags.ToHashSet());
        Assert.False(string.IsNullOrWhiteSpace(psData["ProjectUri"] as string));
        Assert.False(string.IsNullOrWhiteSpace(psData["LicenseUri"] as string));
    }

    private static Version ModuleVersion => Version.Parse((string)ModuleFacts.Manifest["ModuleVersion"]!);

    private static Version? Normalize(Version? v) => v is null ? null : new Version(v.Major, v.Minor, Math.Max(v.Build, 0));
}
