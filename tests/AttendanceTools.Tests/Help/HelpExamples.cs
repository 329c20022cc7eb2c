using System.Text.RegularExpressions;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Help;

/// <summary>One example of a docs/help page: its page, title and the code of its first fence.</summary>
internal sealed record HelpExample(string Cmdlet, string Title, string Code)
{
    public override string ToString() => $"{Cmdlet}: {Title}";
}

/// <summary>
/// Reads the examples of every docs/help page and turns each into a script that runs on a demo district:
/// lines typed at a prompt ("PS> ", with the lines that continue them) are the script and the rest is the
/// output they show; a runbook's param() block is called with -StorePath; Windows paths (D:\..., \\server\...)
/// become folders under the test's own temporary folder, the district's store file the demo store.
/// </summary>
internal static partial class HelpExamples
{
    public static IReadOnlyList<HelpExample> All { get; } = Read();

    private static List<HelpExample> Read()
    {
        var result = new List<HelpExample>();
        foreach (var page in Directory.EnumerateFiles(Path.Combine(Repo.Root, "docs", "help"), "*-*.md").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(page).Replace("\r\n", "\n", StringComparison.Ordinal);
            var start = text.IndexOf("\n## EXAMPLES", StringComparison.Ordinal);
            if (start < 0) continue;
            var end = text.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
            var section = text[start..(end < 0 ? text.Length : end)];
            foreach (Match m in Example().Matches(section))
                result.Add(new HelpExample(Path.GetFileNameWithoutExtension(page), m.Groups[1].Value.Trim(), m.Groups[2].Value));
        }
        return result;
    }

    /// <summary>
    /// The commands a person would type or save, each with the error the page shows it writing (null: none).
    /// Lines typed at a prompt ("PS> ", with the lines that continue them) run one prompt at a time, as typed; a
    /// line "Verb-Noun: message" right after one is the error that command shows. Any other code is one script.
    /// </summary>
    public static List<(string Script, string? Error)> Commands(string code, string storePath, string tempFolder)
    {
        var lines = code.TrimEnd().Split('\n');
        var result = new List<(string Script, string? Error)>();
        if (!lines.Any(l => l.StartsWith("PS> ", StringComparison.Ordinal)))
        {
            result.Add((Portable(string.Join("\n", lines.Where(l => !l.StartsWith("#Requires", StringComparison.Ordinal))), storePath, tempFolder), null));
            return result;
        }
        var current = new List<string>();
        string? error = null;
        var continuing = false;
        void Flush()
        {
            if (current.Count > 0) result.Add((Portable(string.Join("\n", current), storePath, tempFolder), error));
            current.Clear();
            error = null;
        }
        foreach (var line in lines)
        {
            if (line.StartsWith("PS> ", StringComparison.Ordinal)) { Flush(); current.Add(line[4..]); }
            else if (continuing && line.StartsWith(' ')) current.Add(line);
            else
            {
                if (current.Count > 0 && error is null && ShownError().Match(line) is { Success: true } m) error = m.Groups[1].Value;
                continuing = false;
                continue;
            }
            continuing = Regex.IsMatch(current[^1], @"[|`,{(]\s*$");
        }
        Flush();
        return result;
    }

    private static string Portable(string script, string storePath, string tempFolder)
    {
        script = WindowsPath().Replace(script, m => PortablePath(m.Value, storePath, tempFolder));
        // A runbook with a param() block runs as the job would: with the store as -StorePath.
        if (Regex.IsMatch(script, @"^\s*(\[CmdletBinding[^\]]*\]\s*)?param\s*\(", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            && script.Contains("$StorePath", StringComparison.Ordinal))
            script = "& {\n" + script + "\n} -StorePath $StorePath";
        return script;
    }

    private static string PortablePath(string windowsPath, string storePath, string tempFolder)
    {
        if (windowsPath.EndsWith("district.db", StringComparison.OrdinalIgnoreCase)) return storePath;
        var relative = windowsPath.TrimStart('\\').Replace(":", "", StringComparison.Ordinal).Replace('\\', '/').TrimEnd('/');
        var full = Path.Combine(tempFolder, "windows", relative);
        // A folder an example writes into (a backup destination, a feed) exists on the machine it was written for.
        Directory.CreateDirectory(Path.HasExtension(full) ? Path.GetDirectoryName(full)! : full);
        return full;
    }

    [GeneratedRegex(@"^### (.+?)\n```\w*\n(.*?)```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Example();

    [GeneratedRegex(@"^[A-Z][a-z]+-[A-Za-z]+: (.+)$")]
    private static partial Regex ShownError();

    [GeneratedRegex(@"(?:[A-Za-z]:\\|\\\\)[^'""\s|)]*")]
    private static partial Regex WindowsPath();
}
