namespace AttendanceTools.Engine.Demo;

/// <summary>What a weekday of the school year is.</summary>
internal enum DayKind { Instructional, MinimumDay, Holiday, TeacherOnly, NonInstructional }

internal sealed record YearDay(DateOnly Date, DayKind Kind)
{
    public bool InSession => Kind is DayKind.Instructional or DayKind.MinimumDay;

    /// <summary>The Ed-Fi calendar event (domain §3.4), so importers derive the same flags.</summary>
    public string Event => Kind switch
    {
        DayKind.Instructional => "Instructional day",
        DayKind.MinimumDay => "Instructional day;Student late arrival/early dismissal",
        DayKind.Holiday => "Holiday",
        DayKind.TeacherOnly => "Teacher only day",
        _ => "Non-instructional day",
    };
}

/// <summary>
/// A California-style school year computed from rules, so any year works: classes from the third
/// Wednesday of August (high schools a day later) to the first Friday of June; Labor Day, a fall
/// break around Indigenous Peoples' Day, Veterans Day, Thanksgiving, two weeks of winter break, King
/// and Presidents' Days with a Lincoln Day before, spring break and Memorial Day; minimum days on
/// the first Wednesday of each month and before breaks. For 2025-26 this gives 182 days and matches
/// the dates domain.md's worked examples use (2025-10-13 a holiday, 2026-06-05 the last day).
/// </summary>
internal static class DemoSchoolCalendar
{
    /// <summary>First instructional day: third Wednesday of August, plus one day for a late-start school.</summary>
    public static DateOnly FirstDay(int schoolYear, bool lateStart)
        => Nth(schoolYear - 1, 8, DayOfWeek.Wednesday, 3).AddDays(lateStart ? 1 : 0);

    /// <summary>Last instructional day: the first Friday of June.</summary>
    public static DateOnly LastDay(int schoolYear) => Nth(schoolYear, 6, DayOfWeek.Friday, 1);

    /// <summary>Every weekday from two teacher days before the first day to the last day, classified.</summary>
    public static List<YearDay> Weekdays(int schoolYear, bool lateStart)
    {
        var first = FirstDay(schoolYear, lateStart);
        var last = LastDay(schoolYear);
        var closed = ClosedDays(schoolYear);
        var days = new List<YearDay>();
        var start = first.AddDays(-1);
        var teacherDays = 0;
        while (teacherDays < 2)
        {
            if (IsWeekday(start))
            {
                days.Add(new YearDay(start, DayKind.TeacherOnly));
                teacherDays++;
            }
            start = start.AddDays(-1);
        }
        days.Reverse();

        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (!IsWeekday(d)) continue;
            days.Add(new YearDay(d, closed.TryGetValue(d, out var kind) ? kind : DayKind.Instructional));
        }

        // Minimum days: the last in-session day before each break of two or more school days, the
        // last day of school, and the first in-session Wednesday of each month (staff development).
        var result = new List<YearDay>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (day.Kind == DayKind.Instructional && (IsBeforeLongBreak(days, i) || day.Date == last || IsFirstWednesday(days, i)))
                day = day with { Kind = DayKind.MinimumDay };
            result.Add(day);
        }
        return result;
    }

    private static bool IsFirstWednesday(List<YearDay> days, int i)
    {
        var d = days[i].Date;
        if (d.DayOfWeek != DayOfWeek.Wednesday || d.Month is 8 or 6) return false;
        for (var j = i - 1; j >= 0 && days[j].Date.Month == d.Month; j--)
            if (days[j].Date.DayOfWeek == DayOfWeek.Wednesday && days[j].Kind == DayKind.Instructional) return false;
        return true;
    }

    private static bool IsBeforeLongBreak(List<YearDay> days, int i)
        => i + 2 < days.Count && !days[i + 1].InSession && !days[i + 2].InSession;

    private static Dictionary<DateOnly, DayKind> ClosedDays(int schoolYear)
    {
        var fall = schoolYear - 1;
        var closed = new Dictionary<DateOnly, DayKind>();
        void Close(DateOnly d, DayKind kind)
        {
            if (IsWeekday(d)) closed[d] = kind;
        }

        Close(Nth(fall, 9, DayOfWeek.Monday, 1), DayKind.Holiday);                      // Labor Day
        var indigenous = Nth(fall, 10, DayOfWeek.Monday, 2);
        Close(indigenous.AddDays(-3), DayKind.TeacherOnly);                              // fall break Friday
        Close(indigenous, DayKind.Holiday);
        var veterans = new DateOnly(fall, 11, 11);
        Close(veterans.DayOfWeek switch
        {
            DayOfWeek.Saturday => veterans.AddDays(-1),
            DayOfWeek.Sunday => veterans.AddDays(1),
            _ => veterans,
        }, DayKind.Holiday);
        var thanksgiving = Nth(fall, 11, DayOfWeek.Thursday, 4);
        Close(thanksgiving.AddDays(-1), DayKind.NonInstructional);
        Close(thanksgiving, DayKind.Holiday);
        Close(thanksgiving.AddDays(1), DayKind.Holiday);
        for (var d = new DateOnly(fall, 12, 20); d <= new DateOnly(schoolYear, 1, 3); d = d.AddDays(1))
            Close(d, DayKind.Holiday);                                                   // winter break
        Close(Nth(schoolYear, 1, DayOfWeek.Monday, 3), DayKind.Holiday);                 // King Day
        var presidents = Nth(schoolYear, 2, DayOfWeek.Monday, 3);
        Close(presidents.AddDays(-3), DayKind.Holiday);                                  // Lincoln Day
        Close(presidents, DayKind.Holiday);
        var april1 = new DateOnly(schoolYear, 4, 1);
        var springMonday = april1.AddDays(-(((int)april1.DayOfWeek + 6) % 7));
        for (var k = 0; k < 5; k++) Close(springMonday.AddDays(k), DayKind.Holiday);     // spring break
        Close(Last(schoolYear, 5, DayOfWeek.Monday), DayKind.Holiday);                   // Memorial Day
        return closed;
    }

    public static bool IsWeekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n)
    {
        var d = new DateOnly(year, month, 1);
        while (d.DayOfWeek != day) d = d.AddDays(1);
        return d.AddDays(7 * (n - 1));
    }

    private static DateOnly Last(int year, int month, DayOfWeek day)
    {
        var d = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (d.DayOfWeek != day) d = d.AddDays(-1);
        return d;
    }
}
