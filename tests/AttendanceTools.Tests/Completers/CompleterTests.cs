using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Completers;

/// <summary>Tab completion as a person gets it: TabExpansion2 in the runspace, over the connected store.</summary>
public sealed class CompleterTests : IDisposable
{
    private readonly PsSession _s = new();

    public CompleterTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    private List<string> Complete(string line)
        => _s.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["line"] = line }).ShouldSucceed().Output.Select(o => o.BaseObject.ToString()!).ToList();

    [Fact]
    public void TabExpansion2_exists_in_the_default_session()
        => Assert.Equal("Function", _s.Run("(Get-Command TabExpansion2).CommandType.ToString()").ShouldSucceed().Output.Single().BaseObject);

    [Fact]
    public void School_names_complete_by_prefix_case_insensitively_and_are_quoted()
    {
        Assert.Equal(["'Lincoln Elementary'"], Complete("Get-AttendanceCalendar -School lin"));
        Assert.Equal(["'Washington High'"], Complete("Get-AttendanceStudent -School *high"));
        Assert.Equal(["'District Office'", "'Lincoln Elementary'", "'Rio Continuation'", "'Washington High'"], Complete("Get-AttendanceSchool "));
        // A quote the user opened is kept.
        Assert.Equal(["\"Rio Continuation\""], Complete("Get-AttendanceRecord -School \"ri"));
    }

    [Fact]
    public void Calendar_names_complete_narrowed_by_the_school_already_typed()
    {
        Assert.Equal(["CE", "'KG HALF'", "REG"], Complete("Get-AttendanceCalendar "));
        Assert.Equal(["'KG HALF'"], Complete("Get-AttendanceCalendar -Name k"));
        Assert.Equal(["REG"], Complete("Get-AttendanceCalendar -School 200 -Name "));
    }

    [Fact]
    public void School_years_complete_newest_first_in_the_display_form_from_either_form()
    {
        Assert.Equal(["2025-26", "2024-25"], Complete("Get-AttendanceStudent -SchoolYear "));
        Assert.Equal(["2024-25"], Complete("Get-AttendanceSchool -SchoolYear 2024"));
        Assert.Equal(["2025-26"], Complete("Get-AttendanceCalendar -SchoolYear 2026"));
    }

    [Fact]
    public void Without_a_store_completers_return_nothing_and_do_not_throw()
    {
        _s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        var r = _s.Run(
            "foreach ($c in [AttendanceTools.Completers.SchoolNameCompleter]::new(), [AttendanceTools.Completers.CalendarNameCompleter]::new(), [AttendanceTools.Completers.SchoolYearCompleter]::new()) {" +
            " @($c.CompleteArgument('Get-AttendanceCalendar', 'Name', '', $null, @{})).Count }").ShouldSucceed();
        Assert.Equal([0, 0, 0], r.Output.Select(o => (int)o.BaseObject));
        Assert.DoesNotContain("'Lincoln Elementary'", Complete("Get-AttendanceCalendar -School lin"));
    }
}
