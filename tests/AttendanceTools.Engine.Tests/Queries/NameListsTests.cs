using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class NameListsTests : IDisposable
{
    private readonly TempStore _t = new();

    public NameListsTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void School_names_sorted()
        => Assert.Equal(["District Office", "Lincoln Elementary", "Rio Continuation", "Washington High"], NameLists.Schools(_t.Store));

    [Fact]
    public void Calendar_codes_distinct_and_narrowed_by_school_and_year()
    {
        Assert.Equal(["CE", "KG HALF", "REG"], NameLists.Calendars(_t.Store));
        Assert.Equal(["KG HALF", "REG"], NameLists.Calendars(_t.Store, ["Lincoln*"]));
        Assert.Equal(["REG"], NameLists.Calendars(_t.Store, ["200"], [2025]));
    }

    [Fact]
    public void School_years_newest_first_with_the_current_one_marked()
        => Assert.Equal([new SchoolYearName(2026, "2025-26", "2025-2026", true), new SchoolYearName(2025, "2024-25", "2024-2025", false)],
            NameLists.SchoolYears(_t.Store));

    [Theory]
    [InlineData("Lincoln*", "lincoln elementary", true)]
    [InlineData("REG", "reg", true)]
    [InlineData("S100[12]", "S1003", false)]
    [InlineData("?EG", "REG", true)]
    public void Name_matching_is_case_insensitive_with_wildcards(string pattern, string value, bool expected)
        => Assert.Equal(expected, NameMatch.Matches(pattern, value));
}
