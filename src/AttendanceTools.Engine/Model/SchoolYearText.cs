using System.Globalization;

namespace AttendanceTools.Engine.Model;

/// <summary>
/// A school year is its end year (2026 = 2025-26). People type either form; this parses both
/// ("2026", "2025-26", "2025-2026") and formats the display form.
/// </summary>
public static class SchoolYearText
{
    public static string Format(int schoolYear)
        => string.Create(CultureInfo.InvariantCulture, $"{schoolYear - 1}-{schoolYear % 100:00}");

    public static bool TryParse(string? text, out int schoolYear)
    {
        schoolYear = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out schoolYear) && schoolYear is > 1900 and < 3000;
        if (!int.TryParse(t.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var begin)
            || !int.TryParse(t.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)) return false;
        var endText = t[(dash + 1)..];
        var fullEnd = endText.Length == 2 ? (begin / 100 * 100) + end + ((begin % 100) == 99 ? 100 : 0) : end;
        if (fullEnd != begin + 1 || begin < 1900) return false;
        schoolYear = fullEnd;
        return true;
    }

    public static int Parse(string text) => TryParse(text, out var y)
        ? y
        : throw new AttendanceException("SchoolYearInvalid", FailureKind.InvalidArgument,
            $"'{text}' is not a school year. Use the end year (2026) or the span (2025-26).", text);
}
