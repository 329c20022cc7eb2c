using System.Management.Automation.Language;
using System.Text.Json;
using System.Xml.Linq;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// The in-process engine is the whole PowerShell (Microsoft.PowerShell.SDK), the same version as
/// the pinned pwsh tool that runs build.ps1, the demo and the Pester suite.
/// </summary>
public sealed class PowerShellEngineTests
{
    [Fact]
    public void The_test_engine_has_the_built_in_modules_cmdlets()
    {
        using var s = new PsSession();

        var r = s.Run("""
            foreach ($name in 'Select-Object', 'Sort-Object', 'Measure-Object', 'ConvertTo-Json', 'Get-Date', 'Join-Path', 'Get-ChildItem') {
                $c = Get-Command -Name $name
                "$($c.Name) $($c.CommandType) $($c.ModuleName)"
            }
            (3, 1, 2 | Sort-Object | Select-Object -Last 2) -join ','
            (1..4 | Measure-Object -Sum).Sum
            @{ School = 'Cedar High' } | ConvertTo-Json -Compress
            """).ShouldSucceed();

        Assert.Equal(
            [
                "Select-Object Cmdlet Microsoft.PowerShell.Utility", "Sort-Object Cmdlet Microsoft.PowerShell.Utility",
                "Measure-Object Cmdlet Microsoft.PowerShell.Utility", "ConvertTo-Json Cmdlet Microsoft.PowerShell.Utility",
                "Get-Date Cmdlet Microsoft.PowerShell.Utility", "Join-Path Cmdlet Microsoft.PowerShell.Management",
                "Get-ChildItem Cmdlet Microsoft.PowerShell.Management", "2,3", "10", """{"School":"Cedar High"}""",
            ],
            r.Output.Select(o => Convert.ToString(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_SDK_the_pinned_pwsh_tool_and_the_test_engine_are_one_PowerShell_version()
    {
        using var tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "dotnet-tools.json")));
        var tool = tools.RootElement.GetProperty("tools").GetProperty("powershell");
        var packages = XDocument.Load(Path.Combine(Repo.Root, "Directory.Packages.props"));
        var sdk = packages.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "Microsoft.PowerShell.SDK");
        using var s = new PsSession(importModule: false);

        var engine = s.Run("$PSVersionTable.PSVersion.ToString()").ShouldSucceed().Output.Single().BaseObject;

        Assert.Equal("7.6.9", tool.GetProperty("version").GetString());
        Assert.Equal(["pwsh"], tool.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("7.6.9", (string?)sdk.Attribute("Version"));
        Assert.Equal("7.6.9", engine);
    }

    [Fact]
    public void No_hand_written_stand_in_for_a_built_in_command_is_left_in_the_repository()
    {
        using var s = new PsSession(importModule: false);
        var builtIn = s.Run("(Get-Command -Module Microsoft.PowerShell.* -CommandType Cmdlet).Name").ShouldSucceed()
            .Output.Select(o => o.BaseObject.ToString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Select-Object", builtIn);

        var files = Directory.EnumerateFiles(Repo.Root, "*.ps*1", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && (f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal)));
        foreach (var file in files)
        {
            var ast = Parser.ParseFile(file, out _, out _);
            foreach (var function in ast.FindAll(a => a is FunctionDefinitionAst, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>())
                Assert.False(builtIn.Contains(function.Name), $"{Path.GetRelativePath(Repo.Root, file)} defines '{function.Name}', a built-in cmdlet's name.");
        }
    }

    private static bool IsBuildOutput(string file)
    {
        var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
        return relative.StartsWith("out/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal);
    }
}
