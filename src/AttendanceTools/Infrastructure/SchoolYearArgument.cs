using AttendanceTools.Engine.Model;

namespace AttendanceTools.Infrastructure;

/// <summary>Parses what people type for -SchoolYear: the end year (2026) or the span (2025-26, 2025-2026).</summary>
internal static class SchoolYearArgument
{
    public static int? Parse(string? text) => string.IsNullOrWhiteSpace(text) ? null : SchoolYearText.Parse(text);

    public static IReadOnlyList<int> ParseAll(IEnumerable<string>? texts) => texts is null ? [] : [.. texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(SchoolYearText.Parse)];
}
