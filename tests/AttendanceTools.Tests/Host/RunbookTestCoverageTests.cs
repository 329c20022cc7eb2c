using System.Management.Automation.Language;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>
/// Every script in examples/ has a Pester suite, pester/&lt;Name&gt;.Tests.ps1, that CI runs (build.ps1
/// -Task Test picks up every pester/*.Tests.ps1) and that -TagFilter Runbook selects.
/// </summary>
public sealed class RunbookTestCoverageTests
{
    public static TheoryData<string> Examples
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.ps1").Order(StringComparer.Ordinal))
                data.Add(Path.GetFileNameWithoutExtension(file));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_has_a_Pester_suite_tagged_Runbook_that_runs_it_as_a_job(string name)
    {
        var suite = Path.Combine(Repo.Root, "pester", name + ".Tests.ps1");
        Assert.True(File.Exists(suite), $"examples/{name}.ps1 has no Pester suite: add pester/{name}.Tests.ps1 (README, 'Adding a runbook test').");
        var ast = Parser.ParseFile(suite, out _, out var errors);
        Assert.Empty(errors);

        var calls = ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>().ToList();
        var describes = calls.Where(c => c.GetCommandName() == "Describe").ToList();
        Assert.NotEmpty(describes);
        Assert.All(describes, d => Assert.True(IsTaggedRunbook(d), $"pester/{name}.Tests.ps1, line {d.Extent.StartLineNumber}: Describe has no -Tag 'Runbook'."));
        Assert.Contains(calls, c => c.GetCommandName() == "Invoke-RunbookJob");
        Assert.Contains($"examples/{name}.ps1", File.ReadAllText(suite), StringComparison.Ordinal);
    }

    private static bool IsTaggedRunbook(CommandAst describe)
    {
        var elements = describe.CommandElements;
        for (var i = 0; i < elements.Count - 1; i++)
        {
            if (elements[i] is CommandParameterAst { ParameterName: var p } && p.StartsWith("Tag", StringComparison.OrdinalIgnoreCase)
                && elements[i + 1].FindAll(a => a is StringConstantExpressionAst, searchNestedScriptBlocks: false)
                    .Cast<StringConstantExpressionAst>().Any(sc => sc.Value == "Runbook"))
                return true;
        }
        return false;
    }
}
