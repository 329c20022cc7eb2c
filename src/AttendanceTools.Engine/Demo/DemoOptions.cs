using System.Globalization;

namespace AttendanceTools.Engine.Demo;

/// <summary>
/// What to generate. The school year is fixed by default (not "this year") so that the same seed
/// and size give identical data on every day the generator runs.
/// </summary>
public sealed record DemoOptions
{
    public const int MinimumStudents = 100;
    public const int MaximumStudents = 200_000;
    public const int DefaultStudents = 2000;
    public const int DefaultSchoolYear = 2026;

    /// <summary>Students in the district, pre-registered kindergartners included.</summary>
    public int Students { get; init; } = DefaultStudents;
    public int Seed { get; init; } = 1;
    /// <summary>The current school year (end year); the generator also builds the next one.</summary>
    public int SchoolYear { get; init; } = DefaultSchoolYear;

    /// <summary>Refuses values the generator cannot honour (error <c>DemoOptionsInvalid</c>).</summary>
    public void Validate()
    {
        if (Students is < MinimumStudents or > MaximumStudents)
            throw Invalid("Students", Students.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"between {MinimumStudents:N0} and {MaximumStudents:N0}"));
        if (SchoolYear is < 2005 or > 2100)
            throw Invalid("SchoolYear", SchoolYear.ToString(CultureInfo.InvariantCulture), "between 2005 and 2100");
    }

    private static AttendanceException Invalid(string field, string value, string range)
        => new("DemoOptionsInvalid", FailureKind.InvalidArgument,
            $"The demo district cannot be generated with {field} {value}: it must be {range}.", value);
}
