using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>A calendar as people see it (Get-AttendanceCalendar) and as operations scope by it.</summary>
public sealed record CalendarInfo
{
    /// <summary>The calendar code, unique within a school and year (e.g. "REG").</summary>
    public required string Name { get; init; }
    /// <summary>The same as <see cref="Name"/>: the property commands bind -Calendar from, so a piped school's or student's Name is never read as a calendar.</summary>
    public string CalendarName => Name;
    /// <summary>The school's name.</summary>
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    /// <summary>Shown as "2025-26"; <see cref="SchoolYearNumber"/> is the end year.</summary>
    public string SchoolYear => SchoolYearText.Format(SchoolYearNumber);
    public required int SchoolYearNumber { get; init; }
    /// <summary>The first and last dated day of the calendar (null when it has no days yet).</summary>
    public DateTime? StartDate => FirstDay?.ToDateTime(TimeOnly.MinValue);
    public DateTime? EndDate => LastDay?.ToDateTime(TimeOnly.MinValue);
    internal DateOnly? FirstDay { get; init; }
    internal DateOnly? LastDay { get; init; }
    public int InSessionDays { get; init; }
    public string? CalendarType { get; init; }
    public string? GradeLevels { get; init; }
    /// <summary>True when the calendar belongs to the store's current school year.</summary>
    public bool IsCurrentYear { get; init; }
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
    public static List<CalendarInfo> Find(AttendanceStore store, CalendarFilter filter) => Find(store, filter, null);

    /// <summary>
    /// The calendars the filter selects, ordered by school name, year and code. Reported to
    /// <paramref name="notFound"/> (never thrown): a literal school that names no school
    /// (<c>SchoolNotFound</c>), a year the store does not know (<c>SchoolYearNotFound</c>), and a
    /// literal calendar name that selects no calendar of the chosen schools and years
    /// (<c>CalendarNotFound</c>, only when the schools and years themselves were found).
    /// </summary>
    public static List<CalendarInfo> Find(AttendanceStore store, CalendarFilter filter, Action<AttendanceException>? notFound)
    {
        using var c = store.OpenConnection();
        var current = Lookups.CurrentYear(c) ?? 0;
        var all = c.Query(
            "SELECT c.CalendarRef, c.CalendarCode, s.SchoolRef, s.SchoolId, s.Name, c.SchoolYear, c.CalendarType, c.GradeLevels, " +
            "(SELECT MIN(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef), (SELECT MAX(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef), " +
            "(SELECT COUNT(*) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef AND d.InSession = 1) " +
            "FROM Calendar c JOIN School s ON s.SchoolRef = c.SchoolRef ORDER BY s.Name, c.SchoolYear, c.CalendarCode",
            r => new CalendarInfo
            {
                CalendarRef = r.GetInt32(0), Name = r.GetString(1), SchoolRef = r.GetInt32(2), SchoolId = r.GetString(3), School = r.GetString(4),
                SchoolYearNumber = r.GetInt32(5), CalendarType = r.NullableString(6), GradeLevels = r.NullableString(7),
                FirstDay = r.NullableDate(8), LastDay = r.NullableDate(9), InSessionDays = r.GetInt32(10), IsCurrentYear = r.GetInt32(5) == current,
            });
        var years = filter.SchoolYears.Count > 0 ? filter.SchoolYears
            : filter.CurrentYearOnly ? [current]
            : [];

        var problems = 0;
        void Report(AttendanceException e)
        {
            problems++;
            notFound?.Invoke(e);
        }
        Lookups.ResolveSchools(filter.Schools, Lookups.Schools(c), Report);
        if (filter.SchoolYears.Count > 0)
        {
            var known = c.Query("SELECT SchoolYear FROM SchoolYear", r => r.GetInt32(0)).ToHashSet();
            foreach (var y in filter.SchoolYears.Distinct().Where(y => !known.Contains(y))) Report(NotFound.SchoolYear(SchoolYearText.Format(y)));
        }

        var result = all.Where(cal =>
                (years.Count == 0 || years.Contains(cal.SchoolYearNumber))
                && NameMatch.Any(filter.Calendars, cal.Name)
                && NameMatch.AnyOf(filter.Schools, cal.School, cal.SchoolId))
            .ToList();
        if (problems == 0)
            foreach (var name in filter.Calendars.Where(NameMatch.IsLiteral))
                if (!result.Any(cal => NameMatch.Matches(name, cal.Name))) notFound?.Invoke(NotFound.Calendar(name, Scope(filter, years)));
        return result;
    }

    private static string Scope(CalendarFilter filter, IReadOnlyList<int> years)
    {
        var text = filter.Schools.Count > 0 ? $" at {string.Join(", ", filter.Schools.Select(s => $"'{s}'"))}" : "";
        if (years.Count > 0 && years[0] != 0) text += $" in {string.Join(", ", years.Select(SchoolYearText.Format))}";
        else if (filter.CurrentYearOnly) text += " in the current school year";
        return text;
    }
}
