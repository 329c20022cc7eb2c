using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// Get-Help -Full, as a user runs it, must show real help for every exported cmdlet: synopsis,
/// description, two examples or more, and a description for each parameter (style.md §5).
/// </summary>
public sealed class HelpComplianceTests
{
    public static TheoryData<string> Cmdlets => ModuleFacts.ExportedCmdlets;

    // Summarized in PowerShell so the test reads plain values whatever shape Get-Help returns
    // (one example is a single object, several are an array).
    private const string Summary = """
        $h = Get-Help -Name $name -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        [pscustomobject]@{
            FromMaml    = $h.PSObject.TypeNames -contains 'MamlCommandHelpInfo'
            Synopsis    = "$($h.Synopsis)".Trim()
            Description = ((@($h.description) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join ' ').Trim()
            Examples    = @(@($h.examples.example) | Where-Object { $_ -and "$($_.code)".Trim() }).Count
            Described   = @(@($h.parameters.parameter) | Where-Object { $_ -and ((@($_.description) | ForEach-Object { $_.Text }) -join '').Trim() } | ForEach-Object { $_.name })
            Expected    = @((Get-Command -Name $name).Parameters.Keys | Where-Object { -not $common.Contains($_) })
            Documented  = @(@($h.parameters.parameter) | Where-Object { $_ } | ForEach-Object { $_.name })
            SyntaxItems = @(@($h.syntax.syntaxItem) | Where-Object { $_ }).Count
            Sets        = @((Get-Command -Name $name).ParameterSets).Count
        }
        """;

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Has_a_help_page(string cmdlet)
    {
        var page = Path.Combine(Repo.Root, "docs", "help", cmdlet + ".md");
        Assert.True(File.Exists(page), $"{cmdlet} has no help page: add {page} (see docs/help/README.md).");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Full_shows_synopsis_description_examples_and_every_parameter(string cmdlet)
    {
        using var s = new PsSession();
        var help = s.Run(Summary, new Dictionary<string, object?> { ["name"] = cmdlet }).ShouldSucceed().Output.Single();

        Assert.True(help.Prop<bool>("FromMaml"), $"Get-Help {cmdlet} did not come from en-US/AttendanceTools.dll-Help.xml.");
        var synopsis = help.Prop<string>("Synopsis");
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{cmdlet}: the help has no synopsis.");
        Assert.DoesNotContain("[<CommonParameters>]", synopsis, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(help.Prop<string>("Description")), $"{cmdlet}: the help has no description.");
        var examples = help.Prop<int>("Examples");
        Assert.True(examples >= 2, $"{cmdlet}: the help has {examples} example(s) with code; at least 2 are required (one interactive, one runbook-style).");

        var described = Strings(help.Prop("Described"));
        var missing = Strings(help.Prop("Expected")).Where(p => !described.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(missing.Count == 0, $"{cmdlet}: no description for parameter(s) {string.Join(", ", missing.Select(p => "-" + p))}.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_syntax_and_parameters_are_the_commands_own(string cmdlet)
    {
        using var s = new PsSession();
        var help = s.Run(Summary, new Dictionary<string, object?> { ["name"] = cmdlet }).ShouldSucceed().Output.Single();

        Assert.Equal(help.Prop<int>("Sets"), help.Prop<int>("SyntaxItems"));
        Assert.Equal(Strings(help.Prop("Expected")).Order(StringComparer.OrdinalIgnoreCase),
            Strings(help.Prop("Documented")).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where Get-Help -Online goes: the docs/help page of the repository (HelpLinks.Base in the module).</summary>
    private const string HelpBase = "https://github.com/attendancetools/AttendanceTools/blob/main/docs/help/";

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Online_opens_the_cmdlets_page_in_the_repository(string cmdlet)
    {
        var attribute = ModuleFacts.CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!;
        Assert.Equal(HelpBase + cmdlet + ".md", attribute.HelpUri);
        Assert.True(File.Exists(Path.Combine(Repo.Root, "docs", "help", cmdlet + ".md")), $"{cmdlet}: HelpUri names docs/help/{cmdlet}.md, which does not exist.");

        // Get-Help -Online opens the first related link that has a URI (and fails on a relative one), so that
        // link must be the page, and every other link absolute.
        using var s = new PsSession();
        var uris = s.Run("@((Get-Help -Name $name).relatedLinks.navigationLink | Where-Object { \"$($_.uri)\" } | ForEach-Object { \"$($_.uri)\" })",
            new Dictionary<string, object?> { ["name"] = cmdlet }).ShouldSucceed().Output.Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Equal(HelpBase + cmdlet + ".md", uris.FirstOrDefault());
        Assert.All(uris, u => Assert.True(Uri.IsWellFormedUriString(u, UriKind.Absolute), $"{cmdlet}: the related link '{u}' is not an absolute URI."));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Console_help_text_shows_no_markdown_marks(string cmdlet)
    {
        using var s = new PsSession();
        var text = s.Run("""
            $h = Get-Help -Name $name -Full
            @($h.Synopsis) + @($h.description | ForEach-Object Text) + @($h.parameters.parameter | ForEach-Object { $_.description | ForEach-Object Text }) +
                @($h.examples.example | ForEach-Object { $_.title; $_.remarks | ForEach-Object Text }) -join "`n"
            """, new Dictionary<string, object?> { ["name"] = cmdlet }).ShouldSucceed().Output.Single().BaseObject.ToString()!;

        Assert.False(text.Contains('`', StringComparison.Ordinal), $"{cmdlet}: the console help shows markdown backticks: {Excerpt(text, '`')}");
        Assert.False(text.Contains("**", StringComparison.Ordinal), $"{cmdlet}: the console help shows markdown emphasis: {Excerpt(text, '*')}");
    }

    private static string Excerpt(string text, char mark)
    {
        var i = text.IndexOf(mark, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, i - 40), Math.Min(80, text.Length - Math.Max(0, i - 40)));
    }

    [Fact]
    public void Parameter_attributes_in_help_are_read_from_the_command()
    {
        // Connect-AttendanceStore -Path: [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [Alias("FullName")].
        using var s = new PsSession();
        var r = s.Run("""
            $h = Get-Help -Name Connect-AttendanceStore -Full
            foreach ($p in $h.parameters.parameter) {
                '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $p.name, $p.required, $p.position, $p.pipelineInput, $p.aliases, $p.type.name, $p.defaultValue
            }
            ($h.syntax.syntaxItem.parameter | ForEach-Object { $_.name }) -join ','
            """).ShouldSucceed();

        Assert.Equal(
        [
            "ConnectionString|true|0|False|none|System.String|None",
            "Credential|false|named|False|none|System.Management.Automation.PSCredential|None",
            "Initialize|false|named|False|none|System.Management.Automation.SwitchParameter|False",
            "PassThru|false|named|False|none|System.Management.Automation.SwitchParameter|False",
            "Path|true|0|True (ByPropertyName)|FullName|System.String|None",
            "Provider|true|named|False|none|System.String|None",
            "ReadOnly|false|named|False|none|System.Management.Automation.SwitchParameter|False",
        ], r.Output.Take(7).Select(o => o.BaseObject.ToString()));
        // Syntax lists each parameter set: -Path's, then -ConnectionString's (#15).
        Assert.Contains("Path,ReadOnly,PassThru", r.Output[7].BaseObject.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_about_topic_is_found_by_Get_Help()
    {
        using var s = new PsSession();
        var text = s.Run("Get-Help -Name about_AttendanceTools | ForEach-Object { \"$_\" }").ShouldSucceed().Output.Single().BaseObject as string;
        Assert.NotNull(text);
        Assert.Contains("about_AttendanceTools", text, StringComparison.Ordinal);
        Assert.Contains("PLAN, PREVIEW, APPLY", text, StringComparison.Ordinal);
        Assert.Contains("Connect-AttendanceStore", text, StringComparison.Ordinal);
    }

    private static List<string> Strings(object? value) => value switch
    {
        null => [],
        string one => [one],
        System.Collections.IEnumerable many => many.Cast<object?>().Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString() ?? "").ToList(),
        _ => [value.ToString() ?? ""],
    };
}
