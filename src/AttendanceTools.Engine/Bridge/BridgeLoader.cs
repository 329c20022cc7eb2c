using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>A school as the bridge operations name it.</summary>
public sealed record BridgeSchoolRow(int SchoolRef, string SchoolId, string Name, bool IsDistrictOffice);

/// <summary>AttendanceSettings of one school and year, with the last recorded change of recording method.</summary>
public sealed record BridgeSettingsRow(string RecordingMethod, string BridgeMode, bool Exists, DateOnly? MethodChangedOn, string? PreviousMethod);

/// <summary>Reads what the bridge operations need; every query takes the transaction it may run in.</summary>
internal static class BridgeLoader
{
    /// <summary>The school whose id or name is <paramref name="name"/> (ids first, then names, ignoring case); null when none.</summary>
    public static BridgeSchoolRow? FindSchool(DbConnection c, DbTransaction? tx, string name)
    {
        var rows = c.Query("SELECT SchoolRef, SchoolId, Name, IsDistrictOffice FROM School ORDER BY SchoolRef",
            r => new BridgeSchoolRow(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetBool(3)), tx);
        return rows.FirstOrDefault(s => string.Equals(s.SchoolId, name, StringComparison.OrdinalIgnoreCase))
               ?? rows.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The current school year, read inside <paramref name="tx"/>; null when none is current.</summary>
    public static int? CurrentYear(DbConnection c, DbTransaction? tx)
    {
        var y = c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1", tx);
        return y == 0 ? null : (int)y;
    }

    public static BridgeSettingsRow Settings(DbConnection c, DbTransaction? tx, int schoolRef, int schoolYear)
    {
        var rows = c.Query("SELECT RecordingMethod, BridgeMode FROM AttendanceSettings WHERE SchoolRef = @s AND SchoolYear = @y",
            r => (r.GetString(0), r.GetString(1)), tx, ("s", schoolRef), ("y", schoolYear));
        var change = c.Query("SELECT EffectiveDate, PreviousMethod FROM RecordingMethodChange WHERE SchoolRef = @s AND SchoolYear = @y ORDER BY EffectiveDate DESC",
            r => (r.GetDate(0), r.GetString(1)), tx, ("s", schoolRef), ("y", schoolYear));
        DateOnly? on = change.Count > 0 ? change[0].Item1 : null;
        var previous = change.Count > 0 ? change[0].Item2 : null;
        return rows.Count == 0
            ? new BridgeSettingsRow("Daily", "None", false, on, previous)
            : new BridgeSettingsRow(rows[0].Item1, rows[0].Item2, true, on, previous);
    }

    public static Dictionary<int, BridgeBell> Bells(DbConnection c, DbTransaction? tx, int schoolRef)
    {
        var periods = c.Query(
                "SELECT p.BellScheduleRef, p.ClassPeriodRef FROM BellSchedulePeriod p JOIN BellSchedule b ON b.BellScheduleRef = p.BellScheduleRef " +
                "WHERE b.SchoolRef = @s ORDER BY p.BellScheduleRef, COALESCE(p.StartTime, 100000), p.ClassPeriodRef",
                r => (Bell: r.GetInt32(0), Period: r.GetInt32(1)), tx, ("s", schoolRef))
            .GroupBy(p => p.Bell).ToDictionary(g => g.Key, g => g.Select(p => p.Period).ToArray());
        return c.Query(
                "SELECT b.BellScheduleRef, b.BellScheduleName, b.BridgePeriodName, cp.ClassPeriodRef, b.DailyTimeIn, b.DailyTimeOut FROM BellSchedule b " +
                "LEFT JOIN ClassPeriod cp ON cp.SchoolRef = b.SchoolRef AND cp.ClassPeriodName = b.BridgePeriodName WHERE b.SchoolRef = @s",
                r => new BridgeBell(r.GetInt32(0), r.GetString(1), r.NullableString(2), r.NullableInt(3), r.NullableInt(4), r.NullableInt(5),
                    periods.TryGetValue(r.GetInt32(0), out var ps) ? ps : []), tx, ("s", schoolRef))
            .ToDictionary(b => b.BellRef);
    }

    /// <summary>The in-session days of the school's calendars of the year between two dates.</summary>
    public static List<BridgeDay> Days(DbConnection c, DbTransaction? tx, int schoolRef, int schoolYear, int from, int to) => c.Query(
        "SELECT d.CalendarRef, d.Date, d.InSession, d.BellScheduleRef FROM CalendarDate d JOIN Calendar k ON k.CalendarRef = d.CalendarRef " +
        "WHERE k.SchoolRef = @s AND k.SchoolYear = @y AND d.InSession = 1 AND d.Date BETWEEN @f AND @t ORDER BY d.Date, d.CalendarRef",
        r => new BridgeDay(r.GetInt32(0), r.GetInt32(1), r.GetBool(2), r.NullableInt(3)), tx, ("s", schoolRef), ("y", schoolYear), ("f", from), ("t", to));

    public static BridgeSchoolInputs Load(DbConnection c, DbTransaction? tx, BridgeSchoolRow school, int schoolYear, int from, int to,
        Dictionary<int, BridgeBell> bells, List<BridgeDay> days)
    {
        (string, object?) s = ("s", school.SchoolRef), y = ("y", schoolYear), f = ("f", from), t = ("t", to);
        var periodRefs = c.Query("SELECT ClassPeriodRef, ClassPeriodName FROM ClassPeriod WHERE SchoolRef = @s", r => (r.GetInt32(0), r.GetString(1)), tx, s);
        var byName = periodRefs.GroupBy(p => p.Item2, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Item1, StringComparer.OrdinalIgnoreCase);
        return new BridgeSchoolInputs
        {
            SchoolRef = school.SchoolRef,
            SchoolName = school.Name,
            Bells = bells,
            Days = days,
            Enrollments = c.Query("SELECT StudentRef, CalendarRef, EntryDate, ExitWithdrawDate FROM StudentSchoolAssociation WHERE SchoolRef = @s AND SchoolYear = @y",
                r => new BridgeEnrollment(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.NullableInt(3) ?? int.MaxValue), tx, s, y),
            Sections = c.Query(
                    "SELECT SectionRef, SectionIdentifier, ClassPeriodNames FROM Section WHERE SchoolRef = @s AND SchoolYear = @y AND IsActive = 1 AND AttendanceTracked = 1",
                    r => new BridgeSection(r.GetInt32(0), r.GetString(1), PeriodsOf(r.GetString(2), byName)), tx, s, y)
                .ToDictionary(x => x.SectionRef),
            Rosters = c.Query(
                "SELECT r.StudentRef, r.SectionRef, r.BeginDate, r.EndDate FROM StudentSectionAssociation r JOIN Section x ON x.SectionRef = r.SectionRef " +
                "WHERE x.SchoolRef = @s AND x.SchoolYear = @y AND r.BeginDate <= @t AND (r.EndDate IS NULL OR r.EndDate >= @f)",
                r => new BridgeRoster(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.NullableInt(3) ?? int.MaxValue), tx, s, y, f, t),
            Codes = c.Query("SELECT CodeRef, Code, PresenceStatus FROM AttendanceCode WHERE SchoolRef = @s AND SchoolYear = @y",
                    r => new BridgeCode(r.GetInt32(0), r.GetString(1), r.GetString(2) == "Absent"), tx, s, y)
                .ToDictionary(x => x.CodeRef),
            Meeting = c.Query(
                "SELECT Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef FROM MeetingAttendance WHERE SchoolRef = @s AND Date BETWEEN @f AND @t",
                r => new BridgeMeetingMark(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)), tx, s, f, t),
            Daily = c.Query("SELECT Date, StudentRef, CodeRef FROM DailyAttendance WHERE SchoolRef = @s AND Date BETWEEN @f AND @t",
                r => new BridgeDailyMark(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), tx, s, f, t),
            PeriodNames = periodRefs.ToDictionary(p => p.Item1, p => p.Item2),
            StudentIds = c.Query(
                    "SELECT StudentRef, StudentUniqueId FROM Student WHERE StudentRef IN (SELECT StudentRef FROM StudentSchoolAssociation WHERE SchoolRef = @s " +
                    "UNION SELECT StudentRef FROM DailyAttendance WHERE SchoolRef = @s AND Date BETWEEN @f AND @t " +
                    "UNION SELECT StudentRef FROM MeetingAttendance WHERE SchoolRef = @s AND Date BETWEEN @f AND @t)",
                    r => (r.GetInt32(0), r.GetString(1)), tx, s, f, t)
                .ToDictionary(p => p.Item1, p => p.Item2),
        };
    }

    internal static int[] PeriodsOf(string classPeriodNames, IReadOnlyDictionary<string, int> byName)
        => classPeriodNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(byName.ContainsKey).Select(n => byName[n]).Distinct().ToArray();
}
