using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// The fair baseline (issue 16): the set-based refresh a competent analyst writes for domain §7.2 — one
/// CTE per input (attendance days, enrolment days, section periods, roster slots, bell-schedule minutes,
/// governing marks), one <c>INSERT … SELECT</c>, and the join order checked with <c>EXPLAIN QUERY PLAN</c>
/// (the plan is in bench/README.md). Unlike <see cref="NaiveRefresh"/> it resolves each section's
/// comma-separated periods once (not per student-day), joins rosters by student through their index, and
/// picks the governing meeting mark with one window over the year's marks. It writes into its own table so
/// the result can be compared with the module's row by row; the tests run it on a small demo district and
/// require every row to be identical (which also proves this baseline right).
/// </summary>
internal static class FairRefresh
{
    public const string Table = "FairDayAggregate";

    public static void CreateTable(DbConnection c) => CreateTable(c, Table);

    /// <summary>Recomputes every calendar of <paramref name="schoolYear"/> through <paramref name="cutoff"/>: delete, then one INSERT … SELECT.</summary>
    public static long Run(DbConnection c, int schoolYear, int cutoff) => Run(c, Table, Sql, schoolYear, cutoff);

    /// <summary>A baseline's own table, shaped as DayAggregate, so its rows can be compared with the module's.</summary>
    public static void CreateTable(DbConnection c, string table)
    {
        c.Execute($"DROP TABLE IF EXISTS {table}");
        c.Execute($"CREATE TABLE {table} (CalendarRef INTEGER NOT NULL, Date INTEGER NOT NULL, StudentRef INTEGER NOT NULL, ScheduledMinutes INTEGER NOT NULL, " +
                  "AbsentMinutes INTEGER NOT NULL, UnexcusedAbsentMinutes INTEGER NOT NULL, MostCommonExcuseRef INTEGER NULL, LastModified INTEGER NOT NULL, " +
                  "PRIMARY KEY (CalendarRef, Date, StudentRef)) WITHOUT ROWID");
    }

    /// <summary>One baseline run in one transaction: its table emptied, then its INSERT … SELECT (parameters @year, @cutoff, @now).</summary>
    public static long Run(DbConnection c, string table, string select, int schoolYear, int cutoff)
    {
        using var tx = c.BeginTransaction();
        c.Execute($"DELETE FROM {table}", tx);
        var rows = c.Execute($"INSERT INTO {table} " + select, tx, Parameters(schoolYear, cutoff));
        tx.Commit();
        return rows;
    }

    /// <summary>SQLite's plan for the statement, one line per step (indented by depth), for bench/README.md.</summary>
    public static IReadOnlyList<string> Plan(DbConnection c, int schoolYear, int cutoff)
    {
        var depth = new Dictionary<long, int>();
        return c.Query("EXPLAIN QUERY PLAN " + Sql, r =>
        {
            var level = depth.TryGetValue(r.GetInt64(1), out var d) ? d + 1 : 0;
            depth[r.GetInt64(0)] = level;
            return new string(' ', level * 2) + r.GetString(3);
        }, null, Parameters(schoolYear, cutoff));
    }

    private static (string, object?)[] Parameters(int schoolYear, int cutoff)
        => [("year", schoolYear), ("cutoff", cutoff), ("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())];

    // Join order: the enrolment-days drive (one per student and attendance day), each probes the student's
    // roster spans (IX_StudentSectionAssociation_Student), the section's periods (a small materialised CTE)
    // and the day's bell-schedule period (primary key); marks are joined on their full key. The first plan
    // had SQLite start from the section periods and scan every roster span per section (the CROSS JOIN
    // below fixes that order); see bench/README.md.
    private const string Sql = """
        WITH cal AS (
            SELECT CalendarRef, SchoolRef, SchoolYear FROM Calendar WHERE SchoolYear = @year
        ),
        attendance_day AS (
            SELECT k.CalendarRef, k.SchoolRef, k.SchoolYear, d.Date, d.BellScheduleRef
            FROM cal k JOIN CalendarDate d ON d.CalendarRef = k.CalendarRef
            WHERE d.TakesAttendance = 1 AND d.Date <= @cutoff
        ),
        enrolment_day AS (
            SELECT DISTINCT a.CalendarRef, a.SchoolRef, a.SchoolYear, a.Date, a.BellScheduleRef, e.StudentRef
            FROM attendance_day a
            JOIN StudentSchoolAssociation e ON e.CalendarRef = a.CalendarRef AND a.Date >= e.EntryDate AND (e.ExitWithdrawDate IS NULL OR a.Date <= e.ExitWithdrawDate)
            JOIN Student st ON st.StudentRef = e.StudentRef AND st.IsDeleted = 0
        ),
        section_period AS MATERIALIZED (
            -- Each active, attendance-taking section's periods, its name list resolved once (names are case-sensitive).
            SELECT s.SectionRef, s.SchoolRef, p.ClassPeriodRef
            FROM Section s JOIN ClassPeriod p ON p.SchoolRef = s.SchoolRef
                 AND instr(',' || replace(replace(s.ClassPeriodNames, ', ', ','), ' ,', ',') || ',', ',' || p.ClassPeriodName || ',') > 0
            WHERE s.SchoolYear = @year AND s.IsActive = 1 AND s.AttendanceTracked = 1
        ),
        bell_period AS (
            SELECT BellScheduleRef, ClassPeriodRef, StartTime,
                   CASE WHEN IsInstructional = 1 THEN EndTime - StartTime - LunchMinutes ELSE 0 END AS Minutes
            FROM BellSchedulePeriod
        ),
        slot AS (
            -- A student in two sections in one period is scheduled in it once (§4.1).
            SELECT DISTINCT ed.CalendarRef, ed.SchoolRef, ed.Date, ed.StudentRef, bp.ClassPeriodRef, bp.StartTime, bp.Minutes
            FROM enrolment_day ed
            CROSS JOIN StudentSectionAssociation r ON r.StudentRef = ed.StudentRef AND ed.Date >= r.BeginDate AND (r.EndDate IS NULL OR ed.Date <= r.EndDate)
            CROSS JOIN section_period sp ON sp.SectionRef = r.SectionRef AND sp.SchoolRef = ed.SchoolRef
            CROSS JOIN bell_period bp ON bp.BellScheduleRef = ed.BellScheduleRef AND bp.ClassPeriodRef = sp.ClassPeriodRef
        ),
        meeting AS MATERIALIZED (
            -- Two marks for one period (two sections): the section with the lowest SectionIdentifier governs (§4.3).
            SELECT m.SchoolRef, m.Date, m.StudentRef, m.ClassPeriodRef, m.CodeRef, m.PresentMinutes,
                   ROW_NUMBER() OVER (PARTITION BY m.SchoolRef, m.Date, m.StudentRef, m.ClassPeriodRef ORDER BY x.SectionIdentifier) AS Pick
            FROM MeetingAttendance m JOIN Section x ON x.SectionRef = m.SectionRef
            WHERE m.Date <= @cutoff AND m.Date >= (SELECT BeginDate FROM SchoolYear WHERE SchoolYear = @year)
        ),
        governed AS (
            -- A meeting mark governs its period; else the day's daily mark; else none (present).
            SELECT sl.CalendarRef, sl.Date, sl.StudentRef, sl.ClassPeriodRef, sl.StartTime, sl.Minutes,
                   COALESCE(m.CodeRef, da.CodeRef) AS CodeRef, CASE WHEN m.CodeRef IS NOT NULL THEN m.PresentMinutes END AS Present
            FROM slot sl
            LEFT JOIN meeting m ON m.SchoolRef = sl.SchoolRef AND m.Date = sl.Date AND m.StudentRef = sl.StudentRef AND m.ClassPeriodRef = sl.ClassPeriodRef AND m.Pick = 1
            LEFT JOIN DailyAttendance da ON da.SchoolRef = sl.SchoolRef AND da.Date = sl.Date AND da.StudentRef = sl.StudentRef
        ),
        scored AS (
            SELECT g.CalendarRef, g.Date, g.StudentRef, g.ClassPeriodRef, g.StartTime, g.Minutes, g.CodeRef,
                   CASE WHEN c.PresenceStatus = 'Absent' AND c.Excuse <> 'Exempt' AND g.Minutes > 0
                        THEN g.Minutes - MIN(MAX(COALESCE(g.Present, 0), 0), g.Minutes) ELSE 0 END AS Absent,
                   c.Excuse IN ('Unexcused', 'Unknown') AS IsUnexcused
            FROM governed g LEFT JOIN AttendanceCode c ON c.CodeRef = g.CodeRef
        ),
        by_code AS MATERIALIZED (
            -- One pass over the slots: per student-day and governing code, its minutes, and for C8 its absent
            -- minutes, absent periods and earliest absent period of the day.
            SELECT CalendarRef, Date, StudentRef, CodeRef, SUM(Minutes) AS Scheduled, SUM(Absent) AS Absent,
                   SUM(CASE WHEN IsUnexcused THEN Absent ELSE 0 END) AS Unexcused,
                   COUNT(CASE WHEN Absent > 0 THEN 1 END) AS AbsentPeriods,
                   MIN(CASE WHEN Absent > 0 THEN StartTime * 1000000000 + ClassPeriodRef END) AS FirstAbsent
            FROM scored GROUP BY CalendarRef, Date, StudentRef, CodeRef
        ),
        total AS (
            SELECT CalendarRef, Date, StudentRef, SUM(Scheduled) AS Scheduled, SUM(Absent) AS Absent, SUM(Unexcused) AS Unexcused
            FROM by_code GROUP BY CalendarRef, Date, StudentRef
        ),
        excuse AS (
            -- Choice C8: most absent minutes, then most absent periods, then the earliest period of the day.
            SELECT CalendarRef, Date, StudentRef, CodeRef,
                   ROW_NUMBER() OVER (PARTITION BY CalendarRef, Date, StudentRef ORDER BY Absent DESC, AbsentPeriods DESC, FirstAbsent) AS Rank
            FROM by_code WHERE Absent > 0
        )
        SELECT t.CalendarRef, t.Date, t.StudentRef, t.Scheduled, t.Absent, t.Unexcused, x.CodeRef, @now
        FROM total t LEFT JOIN excuse x ON x.CalendarRef = t.CalendarRef AND x.Date = t.Date AND x.StudentRef = t.StudentRef AND x.Rank = 1
        WHERE t.Scheduled > 0
        """;

    /// <summary>Rows where this baseline and the module's DayAggregate disagree on any column but LastModified (0 when identical).</summary>
    public static long Mismatches(DbConnection c) => Mismatches(c, Table);

    /// <summary>Rows where <paramref name="table"/> and DayAggregate disagree, either way, on every column but LastModified.</summary>
    public static long Mismatches(DbConnection c, string table)
    {
        const string Columns = "CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef";
        return c.ScalarLong($"SELECT (SELECT COUNT(*) FROM (SELECT {Columns} FROM DayAggregate EXCEPT SELECT {Columns} FROM {table})) " +
                            $"+ (SELECT COUNT(*) FROM (SELECT {Columns} FROM {table} EXCEPT SELECT {Columns} FROM DayAggregate))");
    }
}
