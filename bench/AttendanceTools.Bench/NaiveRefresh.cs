using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// The row-by-row baseline of issue 4, kept for comparison beside <see cref="FairRefresh"/> (issue 16 found it
/// unfair: it matches every section's comma-separated period list with LIKE for every student, day and period,
/// about 20x slower than the straightforward statement). The refresh a database job would write, one set-based SQL statement over the same
/// tables (slots = enrolments × attendance days × roster spans × section periods × bell-schedule
/// periods; the governing mark by left joins; totals and the most common excuse by grouping and a
/// window). It writes into its own table so both results can be compared row by row.
/// </summary>
internal static class NaiveRefresh
{
    public const string Table = "NaiveDayAggregate";

    public static void CreateTable(DbConnection c) => FairRefresh.CreateTable(c, Table);

    /// <summary>Recomputes every calendar of <paramref name="schoolYear"/> through <paramref name="cutoff"/>: delete, then one INSERT … SELECT.</summary>
    public static long Run(DbConnection c, int schoolYear, int cutoff) => FairRefresh.Run(c, Table, Sql, schoolYear, cutoff);

    private const string Sql = """
        WITH slot AS (
            SELECT DISTINCT e.CalendarRef, k.SchoolRef, d.Date, e.StudentRef, p.ClassPeriodRef, bp.StartTime,
                   CASE WHEN bp.IsInstructional = 1 THEN bp.EndTime - bp.StartTime - bp.LunchMinutes ELSE 0 END AS Minutes
            FROM StudentSchoolAssociation e
            JOIN Calendar k ON k.CalendarRef = e.CalendarRef AND k.SchoolYear = @year
            JOIN CalendarDate d ON d.CalendarRef = e.CalendarRef AND d.TakesAttendance = 1 AND d.Date <= @cutoff
                 AND d.Date >= e.EntryDate AND (e.ExitWithdrawDate IS NULL OR d.Date <= e.ExitWithdrawDate)
            JOIN StudentSectionAssociation r ON r.StudentRef = e.StudentRef AND d.Date >= r.BeginDate AND (r.EndDate IS NULL OR d.Date <= r.EndDate)
            JOIN Section s ON s.SectionRef = r.SectionRef AND s.SchoolRef = k.SchoolRef AND s.SchoolYear = k.SchoolYear AND s.IsActive = 1 AND s.AttendanceTracked = 1
            JOIN ClassPeriod p ON p.SchoolRef = k.SchoolRef AND (',' || s.ClassPeriodNames || ',') LIKE ('%,' || p.ClassPeriodName || ',%')
            JOIN BellSchedulePeriod bp ON bp.BellScheduleRef = d.BellScheduleRef AND bp.ClassPeriodRef = p.ClassPeriodRef
        ),
        mark AS (
            -- The lowest section's mark governs a period that two sections share, as in the engine.
            SELECT SchoolRef, Date, StudentRef, ClassPeriodRef, CodeRef, PresentMinutes,
                   ROW_NUMBER() OVER (PARTITION BY SchoolRef, Date, StudentRef, ClassPeriodRef ORDER BY SectionRef) AS Pick
            FROM MeetingAttendance
        ),
        governed AS (
            SELECT sl.CalendarRef, sl.Date, sl.StudentRef, sl.StartTime, sl.Minutes,
                   COALESCE(m.CodeRef, da.CodeRef) AS CodeRef,
                   CASE WHEN m.CodeRef IS NOT NULL THEN COALESCE(m.PresentMinutes, 0) ELSE 0 END AS Present
            FROM slot sl
            LEFT JOIN mark m ON m.Pick = 1 AND m.SchoolRef = sl.SchoolRef AND m.Date = sl.Date AND m.StudentRef = sl.StudentRef AND m.ClassPeriodRef = sl.ClassPeriodRef
            LEFT JOIN DailyAttendance da ON da.SchoolRef = sl.SchoolRef AND da.Date = sl.Date AND da.StudentRef = sl.StudentRef
        ),
        scored AS (
            SELECT g.CalendarRef, g.Date, g.StudentRef, g.StartTime, g.Minutes, g.CodeRef,
                   CASE WHEN c.PresenceStatus = 'Absent' AND c.Excuse <> 'Exempt' AND g.Minutes > 0
                        THEN g.Minutes - MIN(g.Present, g.Minutes) ELSE 0 END AS Absent,
                   CASE WHEN c.Excuse IN ('Unexcused', 'Unknown') THEN 1 ELSE 0 END AS IsUnexcused
            FROM governed g LEFT JOIN AttendanceCode c ON c.CodeRef = g.CodeRef
        ),
        day AS (
            SELECT CalendarRef, Date, StudentRef, SUM(Minutes) AS Scheduled, SUM(Absent) AS Absent,
                   SUM(CASE WHEN IsUnexcused = 1 THEN Absent ELSE 0 END) AS Unexcused
            FROM scored GROUP BY CalendarRef, Date, StudentRef
        ),
        excuse AS (
            SELECT CalendarRef, Date, StudentRef, CodeRef,
                   ROW_NUMBER() OVER (PARTITION BY CalendarRef, Date, StudentRef
                                      ORDER BY SUM(Absent) DESC, COUNT(*) DESC, MIN(StartTime)) AS Rank
            FROM scored WHERE Absent > 0 GROUP BY CalendarRef, Date, StudentRef, CodeRef
        )
        SELECT d.CalendarRef, d.Date, d.StudentRef, d.Scheduled, d.Absent, d.Unexcused, x.CodeRef, @now
        FROM day d LEFT JOIN excuse x ON x.CalendarRef = d.CalendarRef AND x.Date = d.Date AND x.StudentRef = d.StudentRef AND x.Rank = 1
        WHERE d.Scheduled > 0
        """;

    /// <summary>Rows where the naive result and the engine's disagree (both must be complete for the same scope).</summary>
    public static long Mismatches(DbConnection c) => FairRefresh.Mismatches(c, Table);
}
