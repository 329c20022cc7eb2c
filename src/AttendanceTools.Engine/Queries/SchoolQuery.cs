using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>Reads schools (Get-AttendanceSchool). Schools are few: the result is a list.</summary>
public static class SchoolQuery
{
    /// <summary>
    /// The schools the filter selects, by name. A literal name or id that selects no school, and a
    /// school year the store does not know, are passed to <paramref name="notFound"/>.
    /// </summary>
    public static List<SchoolInfo> Find(AttendanceStore store, SchoolFilter filter, Action<AttendanceException>? notFound = null)
    {
        using var c = store.OpenConnection();
        var year = Lookups.ChosenYear(c, filter.SchoolYear, notFound);
        if (filter.SchoolYear is not null && year is null) return [];

        var settings = new Dictionary<int, (string Method, string Bridge)>();
        var counts = new Dictionary<int, int>();
        if (year is { } y)
        {
            foreach (var (school, method, bridge) in c.Query("SELECT SchoolRef, RecordingMethod, BridgeMode FROM AttendanceSettings WHERE SchoolYear = @y",
                         r => (r.GetInt32(0), r.GetString(1), r.GetString(2)), null, ("y", y.Year)))
                settings[school] = (method, bridge);
            foreach (var (school, n) in c.Query(
                         "SELECT y.SchoolRef, COUNT(*) FROM StudentYearRecord y JOIN Student p ON p.StudentRef = y.StudentRef " +
                         "WHERE y.SchoolYear = @y AND p.IsDeleted = 0 GROUP BY y.SchoolRef",
                         r => (r.GetInt32(0), r.GetInt32(1)), null, ("y", y.Year)))
                counts[school] = n;
        }

        var result = Lookups.Schools(c)
            .Where(s => NameMatch.AnyOf(filter.Names, s.Name, s.SchoolId) && NameMatch.Any(filter.SchoolIds, s.SchoolId)
                        && !(filter.ExcludeDistrictOffice && s.IsDistrictOffice))
            .Select(s => new SchoolInfo
            {
                SchoolRef = s.SchoolRef, Name = s.Name, SchoolId = s.SchoolId, IsDistrictOffice = s.IsDistrictOffice,
                SchoolCategory = s.SchoolCategory, GradeLevels = s.GradeLevels, SchoolYearNumber = year?.Year,
                RecordingMethod = settings.TryGetValue(s.SchoolRef, out var st) ? st.Method : "Daily",
                BridgeMode = settings.TryGetValue(s.SchoolRef, out st) ? st.Bridge : "None",
                HasAttendanceSettings = settings.ContainsKey(s.SchoolRef),
                Students = counts.GetValueOrDefault(s.SchoolRef),
            })
            .ToList();
        foreach (var name in filter.Names.Where(NameMatch.IsLiteral))
            if (!result.Any(s => NameMatch.AnyOf([name], s.Name, s.SchoolId))) notFound?.Invoke(NotFound.School(name));
        foreach (var id in filter.SchoolIds.Where(NameMatch.IsLiteral))
            if (!result.Any(s => NameMatch.Matches(id, s.SchoolId))) notFound?.Invoke(NotFound.School(id));
        return result;
    }
}
