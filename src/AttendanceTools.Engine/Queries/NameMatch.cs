using System.Text.RegularExpressions;

namespace AttendanceTools.Engine.Queries;

/// <summary>PowerShell-style name matching (case-insensitive, <c>*</c> and <c>?</c> wildcards) without a PowerShell reference.</summary>
public static class NameMatch
{
    /// <summary>True when <paramref name="patterns"/> is empty or any pattern matches.</summary>
    public static bool Any(IReadOnlyList<string> patterns, string value)
    {
        if (patterns.Count == 0) return true;
        foreach (var p in patterns)
            if (Matches(p, value)) return true;
        return false;
    }

    public static bool Matches(string pattern, string value)
    {
        if (pattern.IndexOfAny(['*', '?', '[']) < 0) return string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal)
            .Replace(@"\[", "[", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
