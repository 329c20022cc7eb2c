using AttendanceTools.Engine.Aggregation;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>The 11 AM rule (domain §7.3, C11) and example A5's cut-offs.</summary>
public sealed class CutoffTests
{
    private static DateTime At(string when) => DateTime.Parse(when, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A5_manual_at_10_59_stops_yesterday()
        => Assert.Equal(new DateOnly(2025, 10, 14), Cutoff.Manual(At("2025-10-15 10:59:59"), new DateOnly(2026, 6, 5)));

    [Fact]
    public void A5_manual_at_11_00_exactly_includes_today()
        => Assert.Equal(new DateOnly(2025, 10, 15), Cutoff.Manual(At("2025-10-15 11:00:00"), new DateOnly(2026, 6, 5)));

    [Fact]
    public void A_calendar_that_ended_stops_at_its_last_day_whatever_the_time()
    {
        Assert.Equal(new DateOnly(2026, 6, 5), Cutoff.Manual(At("2026-11-23 09:00"), new DateOnly(2026, 6, 5)));
        Assert.Equal(new DateOnly(2026, 6, 5), Cutoff.Manual(At("2026-06-06 15:00"), new DateOnly(2026, 6, 5)));
    }

    [Fact]
    public void On_the_calendars_last_day_the_11_am_rule_still_applies()
        => Assert.Equal(new DateOnly(2026, 6, 4), Cutoff.Manual(At("2026-06-05 08:00"), new DateOnly(2026, 6, 5)));

    [Fact]
    public void Nightly_is_the_previous_day()
        => Assert.Equal(new DateOnly(2025, 10, 14), Cutoff.Nightly(At("2025-10-15 03:45")));
}
