using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Which school years have no day aggregates yet. A read of such a year returns nothing for a reason the
/// reader can fix (run the refresh), so the aggregate reads warn instead of answering with a silent empty.
/// </summary>
public static class AggregateCoverage
{
    /// <summary>
    /// The years among <paramref name="years"/> (none given: the current year) that exist, have calendars, and
    /// hold no day aggregate, as "2025-26" texts. Years the store does not know are left to the caller's not-found check.
    /// </summary>
    public static IReadOnlyList<string> YearsWithoutAggregates(AttendanceStore store, IReadOnlyList<int> years)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(years);
        using var c = store.OpenConnection();
        var scope = years.Count > 0 ? years : c.Query("SELECT SchoolYear FROM SchoolYear WHERE IsCurrent = 1", r => r.GetInt32(0));
        return scope.Distinct().Order()
            .Where(y => c.ScalarLong("SELECT COUNT(*) FROM Calendar WHERE SchoolYear = @y", null, ("y", y)) > 0
                        && c.ScalarLong(Db.Exists("SELECT 1 FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef WHERE k.SchoolYear = @y"),
                            null, ("y", y)) == 0)
            .Select(SchoolYearText.Format)
            .ToList();
    }
}
