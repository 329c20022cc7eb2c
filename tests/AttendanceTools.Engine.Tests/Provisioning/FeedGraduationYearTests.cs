using AttendanceTools.Engine.Provisioning;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>Domain §9.2 and worked example P1.</summary>
public sealed class FeedGraduationYearTests
{
    /// <summary>P1 — graduation years in school year 2026 (2025-26).</summary>
    [Theory]
    [InlineData("PK", 2039, "39")]
    [InlineData("KG", 2038, "38")]
    [InlineData("01", 2037, "37")]
    [InlineData("05", 2033, "33")]
    [InlineData("08", 2030, "30")]
    [InlineData("09", 2029, "29")]
    [InlineData("12", 2026, "26")]
    [InlineData("UG", null, null)]
    public void P1_graduation_year_from_grade_in_2026(string grade, int? year, string? twoDigit)
    {
        Assert.Equal(year, FeedGraduationYear.Of(grade, 2026));
        Assert.Equal(twoDigit, FeedGraduationYear.TwoDigit(FeedGraduationYear.Of(grade, 2026)));
    }

    [Theory]
    [InlineData("TK", 2039)]
    [InlineData("13", null)]
    [InlineData("PS", null)]
    [InlineData("IT", null)]
    [InlineData("PR", null)]
    [InlineData("Other", null)]
    public void Grades_without_an_ordinal_have_no_graduation_year_and_TK_counts_as_PK(string grade, int? year)
        => Assert.Equal(year, FeedGraduationYear.Of(grade, 2026));

    [Fact]
    public void The_two_digit_form_is_zero_padded()
    {
        Assert.Equal("05", FeedGraduationYear.TwoDigit(2105));
        Assert.Equal("00", FeedGraduationYear.TwoDigit(2100));
        Assert.Null(FeedGraduationYear.TwoDigit(null));
    }

    [Fact]
    public void Promoted_one_grade_while_the_year_advances_keeps_the_graduation_year_retained_does_not()
    {
        Assert.Equal(FeedGraduationYear.Of("03", 2026), FeedGraduationYear.Of("04", 2027));
        Assert.Equal(FeedGraduationYear.Of("KG", 2026), FeedGraduationYear.Of("01", 2027));
        Assert.Equal(FeedGraduationYear.Of("PK", 2026), FeedGraduationYear.Of("KG", 2027));
        Assert.Equal(2031, FeedGraduationYear.Of("08", 2027)); // retained in 08: class of 2030 becomes 2031
    }

    [Fact]
    public void The_desired_feed_warns_GradeHasNoOrdinal_naming_the_student_and_grade()
    {
        var warnings = new List<EngineWarning>();
        var feed = ProvisioningCore.Desired([("S2", "301", "UG"), ("S1", "101", "03")], 2026, warnings);

        Assert.Equal([new FeedStudent("S1", "101", "03", 2035), new FeedStudent("S2", "301", "UG", null)], feed);
        var warning = Assert.Single(warnings);
        Assert.Equal("GradeHasNoOrdinal", warning.Id);
        Assert.Equal("Student 'S2' is in grade 'UG' in 2025-26, which has no ordinal, so a feed cannot compute a graduation year for them.", warning.Message);
    }
}
