using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// The PowerShell the repository ships (build.ps1, examples/, pester/) and the commands the README
/// and the help show: each parses, and every call of one of our cmdlets uses parameters the cmdlet
/// has. A renamed parameter then breaks this test, not a user's runbook. The scripts CI runs in pwsh
/// also call only commands that exist (the engine is the full SDK, so built-in cmdlets count and a
/// typo or an alias does not).
/// </summary>
public sealed class ScriptTextTests
{
    private static readonly Lazy<Dictionary<string, CommandInfo>> Cmdlets = new(() =>
    {
        using var s = new PsSession();
        return s.Run("Get-Command -Module AttendanceTools").ShouldSucceed().Output
            .Select(o => (CommandInfo)o.BaseObject).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>Every cmdlet and function a fresh session with the module has, built-in modules included.</summary>
    private static readonly Lazy<HashSet<string>> KnownCommands = new(() =>
    {
        using var s = new PsSession();
        return s.Run("(Get-Command -CommandType Cmdlet, Function -ListImported).Name; (Get-Command -Module Microsoft.PowerShell.* -CommandType Cmdlet).Name")
            .ShouldSucceed().Output.Select(o => o.BaseObject.ToString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>
    /// Programs the scripts run by name, and the optional tool build.ps1 uses only where it is installed;
    /// anything else must be a command of PowerShell or the module.
    /// </summary>
    private static readonly string[] Outside = ["dotnet", "pwsh", "Invoke-ScriptAnalyzer"];

    public static TheoryData<string> RunScripts
    {
        get
        {
            var data = new TheoryData<string>("build.ps1");
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.ps1").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Repo.Root, file));
            return data;
        }
    }

    public static TheoryData<string> ScriptFiles
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var folder in new[] { "", "examples", "pester" })
                foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, folder)).Where(f => f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psd1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                    data.Add(Path.GetRelativePath(Repo.Root, file));
            return data;
        }
    }

    public static TheoryData<string> DocumentFiles
    {
        get
        {
            var data = new TheoryData<string>("README.md");
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "docs", "help"), "*.md").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Repo.Root, file));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ScriptFiles))]
    public void A_shipped_script_parses_and_calls_our_cmdlets_with_their_parameters(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(Repo.Root, file), out _, out var errors);

        Assert.True(errors.Length == 0, $"{file}: {string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"))}");
        AssertParametersExist(file, ast, lineOffset: 0);
    }

    [Theory]
    [MemberData(nameof(RunScripts))]
    public void A_script_calls_only_commands_that_exist_by_their_full_names(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(Repo.Root, file), out _, out _);
        var ownFunctions = ast.FindAll(a => a is FunctionDefinitionAst, searchNestedScriptBlocks: true)
            .Cast<FunctionDefinitionAst>().Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var call in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>())
        {
            // '& $script' and '& ./path.ps1' name no command.
            if (call.GetCommandName() is not { } name || name.Contains('/') || name.Contains('\\') || name.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)) continue;
            var known = ownFunctions.Contains(name) || KnownCommands.Value.Contains(name) || Outside.Contains(name, StringComparer.Ordinal);
            Assert.True(known, $"{file}, line {call.Extent.StartLineNumber}: '{name}' is not a PowerShell or AttendanceTools command (a typo, an alias or a missing module).");
        }
    }

    [Fact]
    public void An_alias_or_a_misspelt_command_is_caught()
    {
        Assert.Contains("Sort-Object", KnownCommands.Value);
        Assert.Contains("ConvertTo-Json", KnownCommands.Value);
        Assert.Contains("Update-AttendanceAggregation", KnownCommands.Value);
        Assert.DoesNotContain("sort", KnownCommands.Value);
        Assert.DoesNotContain("Sort-Objekt", KnownCommands.Value);
    }

    [Theory]
    [MemberData(nameof(DocumentFiles))]
    public void The_commands_a_document_shows_parse_and_use_real_parameters(string file)
    {
        var blocks = PowerShellBlocks(File.ReadAllLines(Path.Combine(Repo.Root, file))).ToList();
        Assert.NotEmpty(blocks);
        foreach (var (line, code) in blocks)
        {
            var ast = Parser.ParseInput(code, out _, out var errors);
            Assert.True(errors.Length == 0, $"{file}, code block at line {line}: {string.Join("; ", errors.Select(e => e.Message))}{Environment.NewLine}{code}");
            AssertParametersExist(file, ast, line);
        }
    }

    [Fact]
    public void A_misspelt_parameter_is_caught()
    {
        var ast = Parser.ParseInput("Get-AttendanceStudent -Schoool 'Cedar*'", out _, out _);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertParametersExist("sample", ast, 0));
    }

    private static void AssertParametersExist(string file, Ast ast, int lineOffset)
    {
        foreach (var call in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>())
        {
            if (call.GetCommandName() is not { } name || !Cmdlets.Value.TryGetValue(name, out var cmdlet)) continue;
            foreach (var parameter in call.CommandElements.OfType<CommandParameterAst>())
            {
                var known = cmdlet.Parameters.Values.Any(p =>
                    p.Name.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase) ||
                    p.Aliases.Any(a => a.Equals(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)));
                Assert.True(known, $"{file}, line {lineOffset + parameter.Extent.StartLineNumber}: {name} has no parameter -{parameter.ParameterName}.");
            }
        }
    }

    /// <summary>
    /// The ```powershell blocks of a Markdown file with their first line. In a block that shows a
    /// prompt, only the commands count: the "PS>" lines and the lines a pipe or backtick continues.
    /// </summary>
    private static IEnumerable<(int Line, string Code)> PowerShellBlocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Regex.IsMatch(lines[i], @"^\s*```powershell\s*$")) continue;
            var start = i + 1;
            var body = new List<string>();
            for (i++; i < lines.Length && !Regex.IsMatch(lines[i], @"^\s*```\s*$"); i++) body.Add(lines[i]);
            if (body.Any(l => l.StartsWith("PS> ", StringComparison.Ordinal)))
            {
                var commands = new List<string>();
                var continues = false;
                foreach (var l in body)
                {
                    if (l.StartsWith("PS> ", StringComparison.Ordinal)) commands.Add(l[4..]);
                    else if (continues) commands.Add(l);
                    else { commands.Add(""); continue; }
                    continues = l.TrimEnd().EndsWith('|') || l.TrimEnd().EndsWith('`');
                }
                body = commands;
            }
            yield return (start, string.Join('\n', body));
        }
    }
}
