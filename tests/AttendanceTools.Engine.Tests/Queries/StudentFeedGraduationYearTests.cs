using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

/// <summary>Get-AttendanceStudent's FeedGraduationYear (domain §9.2) beside the stored or computed GraduationYear, on the small district.</summary>
public sealed class StudentFeedGraduationYearTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<EngineWarning> _warnings = [];

    public StudentFeedGraduationYearTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private Dictionary<string, StudentInfo> Find(StudentFilter filter)
        => StudentQuery.Find(_t.Store, filter, e => throw e, _warnings.Add).ToDictionary(s => s.StudentId);

    [Theory]
    [InlineData("S1001", 2035, "35")] // 03 in 2025-26
    [InlineData("S1002", 2029, "29")] // 09
    [InlineData("S1003", 2026, "26")] // 12
    [InlineData("S1005", 2027, "27")] // 11
    [InlineData("S1007", null, null)] // UG: no ordinal
    public void The_feed_graduation_year_comes_from_grade_and_year(string id, int? year, string? twoDigit)
    {
        var s = Find(new StudentFilter())[id];
        Assert.Equal((year, twoDigit), (s.FeedGraduationYear, s.FeedGraduationYear2));
    }

    [Fact]
    public void A_retained_student_keeps_the_stored_class_year_but_the_feed_computes_a_later_one()
    {
        // Avery was class of 2034 and repeated third grade: the SIS kept 2034, the feed says 2035.
        using (var c = _t.Store.OpenConnection()) c.Execute("UPDATE Student SET ClassOfSchoolYear = 2034 WHERE StudentUniqueId = 'S1001'");
        var avery = Find(new StudentFilter { StudentIds = ["S1001"] })["S1001"];
        Assert.Equal((2034, "Stored", 2035, "35"), (avery.GraduationYear, avery.GraduationYearSource, avery.FeedGraduationYear, avery.FeedGraduationYear2));
    }

    [Fact]
    public void A_grade_without_an_ordinal_warns_GradeHasNoOrdinal_naming_the_student()
    {
        Find(new StudentFilter());
        var warning = Assert.Single(_warnings);
        Assert.Equal(("GradeHasNoOrdinal", "Student 'S1007' is in grade 'UG' in 2025-26, which has no ordinal, so a feed cannot compute a graduation year for them."),
            (warning.Id, warning.Message));
    }

    [Fact]
    public void Another_year_uses_that_years_grade_and_a_student_without_a_year_record_has_none()
    {
        var y2025 = Find(new StudentFilter { SchoolYear = 2025, StudentIds = ["S1002", "S1003", "S1005"] });
        Assert.Equal(2029, y2025["S1002"].FeedGraduationYear); // 08 in 2024-25
        Assert.Equal(2026, y2025["S1003"].FeedGraduationYear); // 11 in 2024-25
        Assert.Null(y2025["S1005"].FeedGraduationYear);        // no 2024-25 year record
        Assert.Empty(_warnings);
    }
}
