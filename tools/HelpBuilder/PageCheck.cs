namespace AttendanceTools.HelpBuilder;

/// <summary>What a page lacks, or says that the command does not have (drift the build can see early).</summary>
internal static class PageCheck
{
    public static IEnumerable<string> Problems(CommandModel command, HelpPage page)
    {
        if (page.Synopsis.Count == 0) yield return "the SYNOPSIS section is empty.";
        if (page.Description.Count == 0) yield return "the DESCRIPTION section is empty.";
        if (page.Examples.Count < 2) yield return $"it has {page.Examples.Count} example(s); at least 2 are expected (one interactive, one runbook-style).";
        foreach (var example in page.Examples.Where(e => e.Code.Length == 0))
            yield return $"'{example.Title}' has no code block.";
        foreach (var p in command.Parameters.Where(p => !CommandMetadataReader.IsShouldProcess(p.Name)))
            if (!page.Parameters.TryGetValue(p.Name, out var text) || text.Count == 0)
                yield return $"parameter -{p.Name} has no description.";
        foreach (var name in page.Parameters.Keys)
            if (!command.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                yield return $"it describes -{name}, which {command.Name} does not have.";
    }
}
