using System.Text;
using System.Text.RegularExpressions;

namespace AttendanceTools.HelpBuilder;

/// <summary>
/// Reads the platyPS markdown layout: "# Verb-Noun", then "## SECTION" headings, with "###"
/// sub-headings for examples, parameters, inputs and outputs. The SYNTAX section is ignored
/// (syntax comes from the command itself). Lines inside code fences are never headings, because
/// a PowerShell comment starts with '#'.
/// </summary>
internal static partial class MarkdownHelpParser
{
    private sealed class Block(string title)
    {
        public string Title { get; } = title;
        public List<string> Lines { get; } = [];
    }

    private sealed class Section(string title)
    {
        public string Title { get; } = title;
        public Block Preamble { get; } = new("");
        public List<Block> Subsections { get; } = [];
        public Block Current => Subsections.Count == 0 ? Preamble : Subsections[^1];
    }

    public static HelpPage Parse(string name, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = 0;
        string? online = null;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            // platyPS front matter: only "online version" matters for the MAML.
            for (start = 1; start < lines.Length && lines[start].Trim() != "---"; start++)
            {
                var m = OnlineVersion().Match(lines[start]);
                if (m.Success && m.Groups[1].Value.Length > 0) online = m.Groups[1].Value;
            }
            start++;
        }

        var sections = Split(lines.Skip(start));
        return new HelpPage
        {
            Name = name,
            OnlineUri = online,
            Synopsis = Paragraphs(Get(sections, "SYNOPSIS")?.Preamble.Lines),
            Description = Paragraphs(Get(sections, "DESCRIPTION")?.Preamble.Lines),
            Examples = Get(sections, "EXAMPLES")?.Subsections.Select(ToExample).ToList() ?? [],
            Parameters = ToParameters(Get(sections, "PARAMETERS")),
            Inputs = ToTypeNotes(Get(sections, "INPUTS")),
            Outputs = ToTypeNotes(Get(sections, "OUTPUTS")),
            Notes = Paragraphs(Get(sections, "NOTES")?.Preamble.Lines),
            Links = ToLinks(Get(sections, "RELATED LINKS")),
        };
    }

    private static List<Section> Split(IEnumerable<string> lines)
    {
        var sections = new List<Section>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (IsFence(line)) inFence = !inFence;
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
                sections.Add(new Section(line[3..].Trim()));
            else if (!inFence && line.StartsWith("### ", StringComparison.Ordinal) && sections.Count > 0)
                sections[^1].Subsections.Add(new Block(line[4..].Trim()));
            else if (sections.Count > 0)
                sections[^1].Current.Lines.Add(line);
            // Text before the first "##" (the "# Verb-Noun" title) carries nothing the MAML needs.
        }
        return sections;
    }

    private static Section? Get(List<Section> sections, string title)
        => sections.Find(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase));

    private static HelpExample ToExample(Block block)
    {
        var code = new List<string>();
        var text = new List<string>();
        var inFence = false;
        var codeTaken = false;
        foreach (var line in block.Lines)
        {
            if (IsFence(line))
            {
                // The first fence is the example's code; later fences stay in the explanation.
                if (!codeTaken) { inFence = !inFence; if (!inFence) codeTaken = true; continue; }
                text.Add(line);
                continue;
            }
            if (inFence) code.Add(line);
            else text.Add(line);
        }
        return new HelpExample(Plain(block.Title), string.Join("\n", code).TrimEnd(), Paragraphs(text));
    }

    private static Dictionary<string, IReadOnlyList<string>> ToParameters(Section? section)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (section is null) return result;
        foreach (var block in section.Subsections)
        {
            var name = block.Title.TrimStart('-').Trim();
            // "### CommonParameters" is platyPS's fixed paragraph; Get-Help adds that text itself.
            if (name.Length == 0 || string.Equals(name, "CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
            // platyPS puts a ```yaml block of attributes under each parameter; the MAML takes those from the command.
            result[name] = Paragraphs(WithoutFences(block.Lines));
        }
        return result;
    }

    private static List<HelpTypeNote> ToTypeNotes(Section? section)
    {
        if (section is null) return [];
        var notes = section.Subsections.Select(b => new HelpTypeNote(Plain(b.Title), Paragraphs(b.Lines))).ToList();
        if (notes.Count == 0 && Paragraphs(section.Preamble.Lines) is [var first, .. var rest])
            notes.Add(new HelpTypeNote(first, rest));
        return notes;
    }

    private static List<HelpLink> ToLinks(Section? section)
    {
        var links = new List<HelpLink>();
        if (section is null) return links;
        foreach (var raw in section.Preamble.Lines)
        {
            var line = raw.Trim().TrimStart('-', '*').Trim();
            if (line.Length == 0) continue;
            var m = MarkdownLink().Match(line);
            if (!m.Success) { links.Add(new HelpLink(Plain(line), null)); continue; }
            var uri = m.Groups[2].Value.Trim();
            links.Add(new HelpLink(Plain(m.Groups[1].Value.Trim()), uri.Length == 0 ? null : uri));
        }
        return links;
    }

    /// <summary>
    /// Blank lines end a paragraph; a list item starts a new one; other lines join with a space
    /// (Get-Help wraps text itself). A fenced block becomes one paragraph with its lines kept.
    /// </summary>
    internal static List<string> Paragraphs(IEnumerable<string>? lines)
    {
        var result = new List<string>();
        if (lines is null) return result;
        var current = new StringBuilder();
        var fence = (List<string>?)null;

        void Flush()
        {
            // Marks are taken off the joined paragraph: an inline code span may wrap across lines.
            if (current.Length > 0) result.Add(Plain(current.ToString()));
            current.Clear();
        }

        foreach (var raw in lines)
        {
            if (IsFence(raw))
            {
                if (fence is null) { Flush(); fence = []; }
                else { result.Add(string.Join("\n", fence)); fence = null; }
                continue;
            }
            if (fence is not null) { fence.Add(raw); continue; }
            var line = raw.Trim();
            if (line.Length == 0) { Flush(); continue; }
            if (ListItem().IsMatch(line)) Flush();
            if (current.Length > 0) current.Append(' ');
            current.Append(line);
        }
        if (fence is not null) result.Add(string.Join("\n", fence));
        Flush();
        return result;
    }

    /// <summary>
    /// Console help is plain text: inline code and emphasis lose their markdown marks (`Get-Help` would show
    /// the backticks and asterisks as typed), and a link keeps its text (and its address, when absolute). Fenced code is left as written.
    /// </summary>
    internal static string Plain(string text)
    {
        text = MarkdownLink().Replace(text, m => Uri.IsWellFormedUriString(m.Groups[2].Value, UriKind.Absolute)
            ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
        text = InlineCode().Replace(text, m => m.Groups[1].Value);
        return Emphasis().Replace(text, m => m.Groups[2].Value);
    }

    private static IEnumerable<string> WithoutFences(IEnumerable<string> lines)
    {
        var inFence = false;
        foreach (var line in lines)
        {
            if (IsFence(line)) { inFence = !inFence; continue; }
            if (!inFence) yield return line;
        }
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*online version:\s*(\S*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OnlineVersion();

    [GeneratedRegex(@"\[([^\]]*)\]\(([^)]*)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`+([^`]+?)`+")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(\*\*)(\S(?:.*?\S)?)\*\*")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^([-*+]|\d+\.)\s")]
    private static partial Regex ListItem();
}
