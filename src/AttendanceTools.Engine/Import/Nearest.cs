namespace AttendanceTools.Engine.Import;

/// <summary>The known name nearest to a misspelt one (case-insensitive edit distance), for "did you mean" hints.</summary>
internal static class Nearest
{
    /// <summary>The closest of <paramref name="candidates"/> within a third of the name's length (at least 2 edits); null when none is close.</summary>
    public static string? Of(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(name.ToUpperInvariant(), c.ToUpperInvariant());
            if (d >= bestDistance) continue;
            bestDistance = d;
            best = c;
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
