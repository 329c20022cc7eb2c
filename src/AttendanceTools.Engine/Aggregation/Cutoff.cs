namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// The last day a refresh may touch (domain §7.3). Manual: a calendar that ended before today
/// stops at its last day; otherwise before 11:00 it is yesterday and from 11:00:00 on it is today
/// (C11). Nightly: yesterday.
/// </summary>
public static class Cutoff
{
    public static readonly TimeOnly ElevenAm = new(11, 0);

    public static DateOnly Manual(DateTime localNow, DateOnly? calendarLastDay)
    {
        var today = DateOnly.FromDateTime(localNow);
        if (calendarLastDay is { } last && last < today) return last;
        return TimeOnly.FromDateTime(localNow) < ElevenAm ? today.AddDays(-1) : today;
    }

    public static DateOnly Nightly(DateTime localNow) => DateOnly.FromDateTime(localNow).AddDays(-1);
}
