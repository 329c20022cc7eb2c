using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// The graduation year as provisioning feeds compute it (domain §9.2): from the grade and the
/// school year, never from a stored class year, so a wrong current year shows up as a change.
/// </summary>
public static class FeedGraduationYear
{
    public const string NoOrdinalWarning = "GradeHasNoOrdinal";

    /// <summary><c>schoolYear + 12 − ordinal(grade)</c>; null for grades without an ordinal (UG, 13, PS, IT, PR, Other).</summary>
    public static int? Of(string? grade, int schoolYear) => GradeLevel.GraduationYear(grade, schoolYear);

    /// <summary>The two-digit form feeds put in usernames: the year mod 100, zero-padded ("2035" → "35", "2100" → "00").</summary>
    public static string? TwoDigit(int? graduationYear)
        => graduationYear is { } y ? (y % 100).ToString("00", CultureInfo.InvariantCulture) : null;

    /// <summary>The warning a grade without an ordinal gets, naming the student and the grade.</summary>
    public static EngineWarning NoOrdinal(string studentId, string grade, int schoolYear)
        => new(NoOrdinalWarning,
            $"Student '{studentId}' is in grade '{grade}' in {SchoolYearText.Format(schoolYear)}, which has no ordinal, so a feed cannot compute a graduation year for them.");
}
