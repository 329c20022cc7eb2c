using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>A school year as tab completion offers it.</summary>
public sealed record SchoolYearName(int SchoolYear, string Text, string Description, bool IsCurrent);

/// <summary>The names tab completion offers: cheap reads, sorted, no duplicates.</summary>
public static class NameLists
{
    /// <summary>School names, sorted.</summary>
    public static List<string> Schools(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT DISTINCT Name FROM School ORDER BY Name", r => r.GetString(0));
    }

    /// <summary>Calendar codes, sorted and distinct, optionally only those of some schools (names or ids, wildcards) and years.</summary>
    public static List<string> Calendars(AttendanceStore store, IReadOnlyList<string>? schools = null, IReadOnlyList<int>? schoolYears = null)
    {
        using var c = store.OpenConnection();
        var rows = c.Query("SELECT c.CalendarCode, s.Name, s.SchoolId, c.SchoolYear FROM Calendar c JOIN School s ON s.SchoolRef = c.SchoolRef",
            r => (Code: r.GetString(0), School: r.GetString(1), SchoolId: r.GetString(2), Year: r.GetInt32(3)));
        return rows.Where(x => NameMatch.AnyOf(schools ?? [], x.School, x.SchoolId) && (schoolYears is not { Count: > 0 } || schoolYears.Contains(x.Year)))
            .Select(x => x.Code).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>School years, newest first, with their display text ("2025-26").</summary>
    public static List<SchoolYearName> SchoolYears(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT SchoolYear, Description, IsCurrent FROM SchoolYear ORDER BY SchoolYear DESC",
            r => new SchoolYearName(r.GetInt32(0), Model.SchoolYearText.Format(r.GetInt32(0)), r.GetString(1), r.GetBool(2)));
    }

    /// <summary>
    /// Student ids that start with <paramref name="prefix"/> (case-insensitive), with "Last, First" for
    /// the tooltip; at most <paramref name="limit"/>, so a large district's Tab key stays instant.
    /// </summary>
    public static List<(string Id, string Name)> Students(AttendanceStore store, string prefix, int limit = 200)
    {
        using var c = store.OpenConnection();
        var like = prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return c.Query("SELECT StudentUniqueId, LastSurname, FirstName FROM Student WHERE IsDeleted = 0 AND StudentUniqueId " + Dialects.Of(c).LikeIgnoreCase + " @p ESCAPE '\\' " +
                       "ORDER BY StudentUniqueId " + Dialects.Of(c).FirstRows("n"), r => (r.GetString(0), $"{r.GetString(1)}, {r.GetString(2)}"), null, ("p", like), ("n", limit));
    }

    /// <summary>Program names, sorted and distinct, with the schools that run each for the tooltip.</summary>
    public static List<(string Name, string Schools)> Programs(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return c.Query("SELECT p.ProgramName, s.Name FROM Program p JOIN School s ON s.SchoolRef = p.SchoolRef ORDER BY p.ProgramName, s.Name",
                r => (Program: r.GetString(0), School: r.GetString(1)))
            .GroupBy(x => x.Program, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, string.Join(", ", g.Select(x => x.School)))).ToList();
    }
}
