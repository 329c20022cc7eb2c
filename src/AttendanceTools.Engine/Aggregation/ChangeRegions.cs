using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>One change-log entry: a region of day aggregates that may no longer be right (null = unbounded).</summary>
public readonly record struct ChangeRegion(long Seq, int? SchoolRef, int? CalendarRef, int? StudentRef, int? From, int? To, int? BellScheduleRef);

/// <summary>Reads the change log for the nightly run and widens a calendar's scope with what changed.</summary>
internal static class ChangeRegions
{
    public static long LatestSeq(DbConnection c) => c.ScalarLong("SELECT COALESCE(MAX(Seq), 0) FROM ChangeLog");

    public static List<ChangeRegion> Read(DbConnection c, long afterSeq, long throughSeq)
        => c.Query("SELECT Seq, SchoolRef, CalendarRef, StudentRef, FromDate, ToDate, BellScheduleRef FROM ChangeLog WHERE Seq > @a AND Seq <= @b",
            r => new ChangeRegion(r.GetInt64(0), r.NullableInt(1), r.NullableInt(2), r.NullableInt(3), r.NullableInt(4), r.NullableInt(5), r.NullableInt(6)),
            null, ("a", afterSeq), ("b", throughSeq));

    /// <summary>Adds every region that touches this calendar to its scope.</summary>
    public static void AddTo(AggregationScope scope, IEnumerable<ChangeRegion> regions, long afterSeq, int schoolRef, int calendarRef, IReadOnlyList<RawDay> days)
    {
        if (days.Count == 0) return;
        int first = days[0].Date, last = days[^1].Date;
        foreach (var region in regions)
        {
            if (!Touches(region, afterSeq, schoolRef, calendarRef)) continue;
            var from = Math.Max(region.From ?? first, first);
            var to = Math.Min(region.To ?? last, last);
            if (from > to) continue;
            if (region.StudentRef is { } student && region.BellScheduleRef is null)
            {
                scope.AddStudent(student, from, to);
                continue;
            }
            var dates = days.Where(d => region.BellScheduleRef is not { } bell || d.BellScheduleRef == bell).Select(d => d.Date);
            scope.AddDays(from, to, dates);
        }
    }

    /// <summary>The date ranges (open ends: int.MinValue / int.MaxValue) of the regions that touch this calendar.</summary>
    public static IEnumerable<(int From, int To)> Ranges(IEnumerable<ChangeRegion> regions, long afterSeq, int schoolRef, int calendarRef)
        => regions.Where(r => Touches(r, afterSeq, schoolRef, calendarRef)).Select(r => (r.From ?? int.MinValue, r.To ?? int.MaxValue));

    private static bool Touches(ChangeRegion region, long afterSeq, int schoolRef, int calendarRef)
        => region.Seq > afterSeq && (region.SchoolRef is not { } s || s == schoolRef) && (region.CalendarRef is not { } cal || cal == calendarRef);
}
