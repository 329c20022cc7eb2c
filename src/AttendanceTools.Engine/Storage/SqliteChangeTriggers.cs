namespace AttendanceTools.Engine.Storage;

/// <summary>
/// SQLite's change-tracking triggers (see <see cref="Migrations.ChangeTracking"/>). Row triggers:
/// an update logs both the old and the new region, so a moved or shortened span is covered.
/// </summary>
internal static class SqliteChangeTriggers
{
    internal const string Insert = "INSERT INTO ChangeLog (Kind, SchoolRef, CalendarRef, StudentRef, FromDate, ToDate, BellScheduleRef) ";

    /// <summary>Table, the columns whose update matters, and the SELECT list for a row (R = NEW or OLD).</summary>
    internal static readonly (string Table, string Columns, string Region)[] Specs =
    [
        ("MeetingAttendance", "SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes",
            "'Attendance', R.SchoolRef, NULL, R.StudentRef, R.Date, R.Date, NULL"),
        ("DailyAttendance", "SchoolRef, Date, StudentRef, CodeRef",
            "'Attendance', R.SchoolRef, NULL, R.StudentRef, R.Date, R.Date, NULL"),
        ("StudentSectionAssociation", "SectionRef, StudentRef, BeginDate, EndDate",
            "'Roster', (SELECT SchoolRef FROM Section WHERE SectionRef = R.SectionRef), NULL, R.StudentRef, R.BeginDate, R.EndDate, NULL"),
        ("StudentSchoolAssociation", "StudentRef, SchoolRef, EntryDate, CalendarRef, ExitWithdrawDate",
            "'Enrollment', R.SchoolRef, R.CalendarRef, R.StudentRef, R.EntryDate, R.ExitWithdrawDate, NULL"),
        ("CalendarDate", "CalendarRef, Date, InSession, TakesAttendance, BellScheduleRef",
            "'CalendarDay', (SELECT SchoolRef FROM Calendar WHERE CalendarRef = R.CalendarRef), R.CalendarRef, NULL, R.Date, R.Date, NULL"),
        ("BellSchedulePeriod", "BellScheduleRef, ClassPeriodRef, StartTime, EndTime, LunchMinutes, IsInstructional",
            "'PeriodTimes', (SELECT SchoolRef FROM BellSchedule WHERE BellScheduleRef = R.BellScheduleRef), NULL, NULL, NULL, NULL, R.BellScheduleRef"),
        ("AttendanceCode", "SchoolRef, SchoolYear, Code, PresenceStatus, Excuse",
            "'Code', R.SchoolRef, NULL, NULL, (SELECT BeginDate FROM SchoolYear WHERE SchoolYear = R.SchoolYear), (SELECT EndDate FROM SchoolYear WHERE SchoolYear = R.SchoolYear), NULL"),
        ("ClassPeriod", "SchoolRef, ClassPeriodName",
            "'ClassPeriod', R.SchoolRef, NULL, NULL, NULL, NULL, NULL"),
    ];

    internal const string SectionColumns = "SchoolRef, SchoolYear, ClassPeriodNames, AttendanceTracked, IsActive";

    // A section's flags or periods change every rostered student's days in its spans.
    internal const string SectionRegion =
        "SELECT 'Section', R.SchoolRef, NULL, A.StudentRef, A.BeginDate, A.EndDate, NULL FROM StudentSectionAssociation A WHERE A.SectionRef = R.SectionRef";

    // A new code cannot change existing marks, and a new period has no section yet: inserts of these two log nothing.
    internal static readonly HashSet<string> UpdateDeleteOnly = ["AttendanceCode", "ClassPeriod"];

    public static IEnumerable<string> Names()
    {
        foreach (var (table, _, _) in Specs)
        {
            if (!UpdateDeleteOnly.Contains(table)) yield return $"trg_{table}_ins";
            yield return $"trg_{table}_upd";
            yield return $"trg_{table}_del";
        }
        yield return "trg_Section_upd";
        yield return "trg_Section_del";
    }

    public static IEnumerable<string> Create()
    {
        foreach (var (table, columns, region) in Specs)
        {
            var newRow = Insert + "VALUES (" + region.Replace("R.", "NEW.", StringComparison.Ordinal) + ");";
            var oldRow = Insert + "VALUES (" + region.Replace("R.", "OLD.", StringComparison.Ordinal) + ");";
            if (!UpdateDeleteOnly.Contains(table))
                yield return $"CREATE TRIGGER trg_{table}_ins AFTER INSERT ON {table} BEGIN {newRow} END";
            yield return $"CREATE TRIGGER trg_{table}_upd AFTER UPDATE OF {columns} ON {table} BEGIN {oldRow} {newRow} END";
            yield return $"CREATE TRIGGER trg_{table}_del AFTER DELETE ON {table} BEGIN {oldRow} END";
        }
        yield return $"CREATE TRIGGER trg_Section_upd AFTER UPDATE OF {SectionColumns} ON Section BEGIN "
            + Insert + SectionRegion.Replace("R.", "OLD.", StringComparison.Ordinal) + "; END";
        yield return "CREATE TRIGGER trg_Section_del AFTER DELETE ON Section BEGIN "
            + Insert + SectionRegion.Replace("R.", "OLD.", StringComparison.Ordinal) + "; END";
    }
}
