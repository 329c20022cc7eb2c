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

    /// <summary>True when any pattern matches any of the values (a school given by name or by id).</summary>
    public static bool AnyOf(IReadOnlyList<string> patterns, params string?[] values)
    {
        if (patterns.Count == 0) return true;
        foreach (var v in values)
            if (v is not null && Any(patterns, v)) return true;
        return false;
    }

    public static bool Matches(string pattern, string value)
    {
        if (IsLiteral(pattern)) return string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal)
            .Replace(@"\[", "[", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// True when the pattern has no wildcard. A literal name must name something (the read
    /// commands report it as not found otherwise); a wildcard that matches nothing is quietly empty.
    /// </summary>
    public static bool IsLiteral(string pattern) => pattern.IndexOfAny(['*', '?', '[']) < 0;
}
