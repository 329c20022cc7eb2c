using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>A calendar as people see it (Get-AttendanceCalendar) and as operations scope by it.</summary>
public sealed record CalendarInfo
{
    /// <summary>The calendar code, unique within a school and year (e.g. "REG").</summary>
    public required string Name { get; init; }
    /// <summary>The school's name.</summary>
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>Shown as "2025-26"; <see cref="SchoolYearNumber"/> is the end year.</summary>
    public string SchoolYear => SchoolYearText.Format(SchoolYearNumber);
    public required int SchoolYearNumber { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public int InSessionDays { get; init; }
    public string? CalendarType { get; init; }
    public string? GradeLevels { get; init; }
    internal int CalendarRef { get; init; }
    internal int SchoolRef { get; init; }

    public override string ToString() => $"{School} {Name} {SchoolYear}";
}

/// <summary>Which calendars a command means. Every filter is optional; names match case-insensitively with wildcards.</summary>
public sealed record CalendarFilter
{
    public IReadOnlyList<string> Calendars { get; init; } = [];
    /// <summary>School names or ids.</summary>
    public IReadOnlyList<string> Schools { get; init; } = [];
    public IReadOnlyList<int> SchoolYears { get; init; } = [];
    /// <summary>Only calendars of the current school year (when no year is given).</summary>
    public bool CurrentYearOnly { get; init; }
}

public static class CalendarQuery
{
    public static List<CalendarInfo> Find(AttendanceStore store, CalendarFilter filter)
    {
        using var c = store.OpenConnection();
        var all = c.Query(
            "SELECT c.CalendarRef, c.CalendarCode, s.SchoolRef, s.SchoolId, s.Name, c.SchoolYear, c.CalendarType, c.GradeLevels, " +
            "(SELECT MIN(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef), (SELECT MAX(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef), " +
            "(SELECT COUNT(*) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef AND d.InSession = 1) " +
            "FROM Calendar c JOIN School s ON s.SchoolRef = c.SchoolRef ORDER BY s.Name, c.SchoolYear, c.CalendarCode",
            r => new CalendarInfo
            {
                CalendarRef = r.GetInt32(0), Name = r.GetString(1), SchoolRef = r.GetInt32(2), SchoolId = r.GetString(3), School = r.GetString(4),
                SchoolYearNumber = r.GetInt32(5), CalendarType = r.NullableString(6), GradeLevels = r.NullableString(7),
                StartDate = r.NullableDate(8), EndDate = r.NullableDate(9), InSessionDays = r.GetInt32(10),
            });
        var years = filter.SchoolYears.Count > 0 ? filter.SchoolYears
            : filter.CurrentYearOnly ? [(int)c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1")]
            : [];
        return all.Where(cal =>
                (years.Count == 0 || years.Contains(cal.SchoolYearNumber))
                && NameMatch.Any(filter.Calendars, cal.Name)
                && (NameMatch.Any(filter.Schools, cal.School) || NameMatch.Any(filter.Schools, cal.SchoolId)))
            .ToList();
    }
}
