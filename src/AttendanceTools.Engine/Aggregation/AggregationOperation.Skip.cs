using System.Data.Common;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

// Issue 16: a manual whole-calendar refresh skips a calendar whose inputs cannot have changed since its last
// complete run, instead of recomputing and comparing millions of unchanged rows.
public static partial class AggregationOperation
{
    /// <summary>
    /// True when recomputing <paramref name="cal"/> through <paramref name="cutoff"/> cannot change a row, because:
    /// <list type="bullet">
    /// <item>its last complete run (manual or nightly, whole calendar) is the newest run of any operation in the store,
    /// so no import, undo, backfill or restore has written since (each writes a run-log row);</item>
    /// <item>that run computed it through the cut-off or later;</item>
    /// <item>the change log — which the store's triggers fill for every writer of attendance, rosters, enrolments,
    /// calendar days, period times, sections and codes, a district ETL job included — has no entry after that run's
    /// watermark that touches the calendar (entries after the oldest current-year watermark are never pruned, and no
    /// run pruned since);</item>
    /// <item>none of its stored rows sits on a date that is no longer a day of the calendar, and no enrolled student
    /// is marked deleted (Student.IsDeleted is not change-tracked).</item>
    /// </list>
    /// Only the manual run of whole calendars skips: a nightly run already computes only what changed, and a run
    /// for some students or dates has its own narrow scope.
    /// </summary>
    private static bool UnchangedSinceLastRun(DbConnection c, PlanContext x, CalendarInfo cal, RawCalendar raw, DateOnly cutoff)
    {
        if (x.Mode != AggregationMode.Manual || !x.Request.CoversWholeCalendars || x.LatestRunId == 0) return false;
        if (!x.States.TryGetValue(cal.CalendarRef, out var state) || state.LastRunId != x.LatestRunId) return false;
        if (state.ComputedThrough is not { } through || through < DbValue.Date(cutoff) || raw.StaleDates.Count > 0) return false;
        var touched = new AggregationScope(DbValue.Date(cutoff));
        ChangeRegions.AddTo(touched, x.Regions, state.Watermark, cal.SchoolRef, cal.CalendarRef, raw.Days);
        if (!touched.IsEmpty) return false;
        return c.ScalarLong(Db.Exists("SELECT 1 FROM StudentSchoolAssociation e JOIN Student s ON s.StudentRef = e.StudentRef " +
                            "WHERE e.CalendarRef = @c AND s.IsDeleted = 1"), null, ("c", cal.CalendarRef)) == 0;
    }

    /// <summary>The plan of a skipped calendar: nothing to write; its stored rows in scope are counted as unchanged (no day was recomputed).</summary>
    private static CalendarPlan Skipped(DbConnection c, CalendarInfo info, AggregationScope scope, DateOnly cutoff, AggregationMode mode)
    {
        var stored = scope.IsEmpty ? 0 : (int)c.ScalarLong("SELECT COUNT(*) FROM DayAggregate WHERE CalendarRef = @c AND Date BETWEEN @f AND @t", null,
            ("c", info.CalendarRef), ("f", scope.Bounds.From), ("t", scope.Bounds.To));
        var changes = new AggregateChanges { Unchanged = stored, Existing = stored };
        return new CalendarPlan
        {
            Calendar = info, Mode = mode, Cutoff = cutoff, Changes = changes, DaysProcessed = 0, Students = 0, StudentDays = stored,
            Warnings = [], PlanTime = TimeSpan.Zero, SkippedUnchanged = true,
        };
    }
}
