using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class CalendarQueryTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<AttendanceException> _errors = [];

    public CalendarQueryTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private List<CalendarInfo> Find(CalendarFilter filter) => CalendarQuery.Find(_t.Store, filter, _errors.Add);

    [Fact]
    public void Without_filters_every_year_is_listed_by_school_year_and_code()
    {
        var all = Find(new CalendarFilter());
        Assert.Equal(["Lincoln Elementary KG HALF 2025-26", "Lincoln Elementary REG 2025-26", "Rio Continuation CE 2025-26",
            "Washington High REG 2024-25", "Washington High REG 2025-26"], all.Select(c => c.ToString()));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Dates_and_in_session_days_come_from_the_calendar_days()
    {
        var reg = Assert.Single(Find(new CalendarFilter { Calendars = ["REG"], Schools = ["100"] }));
        Assert.Equal((new DateTime(2025, 9, 2), new DateTime(2025, 10, 1), 3), (reg.StartDate, reg.EndDate, reg.InSessionDays));
        Assert.Equal(("Lincoln Elementary", "100", "2025-26", 2026, true), (reg.School, reg.SchoolId, reg.SchoolYear, reg.SchoolYearNumber, reg.IsCurrentYear));
        var half = Assert.Single(Find(new CalendarFilter { Calendars = ["kg half"] }));
        Assert.Equal((null, null, 0), (half.StartDate, half.EndDate, half.InSessionDays));
    }

    [Fact]
    public void CurrentYearOnly_and_explicit_years()
    {
        Assert.Equal(4, Find(new CalendarFilter { CurrentYearOnly = true }).Count);
        var old = Assert.Single(Find(new CalendarFilter { SchoolYears = [2025] }));
        Assert.Equal(("Washington High", "REG", false), (old.School, old.Name, old.IsCurrentYear));
        Assert.Equal(2, Find(new CalendarFilter { Schools = ["Washington High"], SchoolYears = [2025, 2026] }).Count);
    }

    [Fact]
    public void The_two_argument_overload_the_operations_use_still_filters()
        => Assert.Equal(["CE"], CalendarQuery.Find(_t.Store, new CalendarFilter { Schools = ["Rio*"] }).Select(c => c.Name));

    [Fact]
    public void A_literal_calendar_missing_from_the_chosen_scope_is_reported_with_the_name_as_target()
    {
        Assert.Empty(Find(new CalendarFilter { Calendars = ["CE"], SchoolYears = [2025] }));
        var e = Assert.Single(_errors);
        Assert.Equal(("CalendarNotFound", FailureKind.NotFound, "CE"), (e.ErrorId, e.Kind, e.Target));
        Assert.Contains("2024-25", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_quietly_empty()
    {
        Assert.Empty(Find(new CalendarFilter { Calendars = ["X*"] }));
        Assert.Empty(_errors);
    }

    [Fact]
    public void An_unknown_school_is_reported_once_without_a_second_calendar_error()
    {
        Assert.Empty(Find(new CalendarFilter { Calendars = ["REG"], Schools = ["Nowhere"] }));
        var e = Assert.Single(_errors);
        Assert.Equal(("SchoolNotFound", "Nowhere"), (e.ErrorId, e.Target));
    }

    [Fact]
    public void An_unknown_year_is_reported()
    {
        Assert.Empty(Find(new CalendarFilter { SchoolYears = [2031] }));
        Assert.Equal("SchoolYearNotFound", Assert.Single(_errors).ErrorId);
    }
}
