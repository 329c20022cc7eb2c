using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>
/// Reads students (Get-AttendanceStudent), lazily: rows stream from one reader ordered by name,
/// and the connection closes when the enumeration ends.
/// </summary>
public static class StudentQuery
{
    /// <summary>
    /// The students the filter selects. Without StudentIds: the students with a year record in
    /// the year. With StudentIds: those students, with the year's school and grade when they
    /// have a year record (school, grade and program filters still apply). Reported to
    /// <paramref name="notFound"/>: unknown year, school or program, and (when those were
    /// found) a literal id that selected no student. An invalid grade throws <c>GradeLevelInvalid</c> at once.
    /// A student whose grade has no ordinal is reported to <paramref name="warning"/> (<c>GradeHasNoOrdinal</c>).
    /// </summary>
    public static IEnumerable<StudentInfo> Find(AttendanceStore store, StudentFilter filter, Action<AttendanceException>? notFound = null,
        Action<EngineWarning>? warning = null)
    {
        var grades = filter.Grades.Select(NormalizeGrade).ToList();
        return Read(store, filter, grades, notFound, warning);
    }

    private static string NormalizeGrade(string g)
        => !NameMatch.IsLiteral(g) ? g
            : GradeLevel.Normalize(g) ?? throw new AttendanceException("GradeLevelInvalid", FailureKind.InvalidArgument,
                $"'{g}' is not a grade level. Use a CEDS code: {string.Join(", ", GradeLevel.Codes)}.", g);

    private static IEnumerable<StudentInfo> Read(AttendanceStore store, StudentFilter filter, List<string> grades, Action<AttendanceException>? notFound,
        Action<EngineWarning>? warning)
    {
        using var c = store.OpenConnection();
        var problems = 0;
        void Report(AttendanceException e)
        {
            problems++;
            notFound?.Invoke(e);
        }

        var year = Lookups.ChosenYear(c, filter.SchoolYear, Report);
        var schools = Lookups.Schools(c);
        var schoolRefs = Lookups.ResolveSchools(filter.Schools, schools, Report);
        var programRefs = ResolvePrograms(c, filter.Programs, Report);
        var byId = filter.StudentIds.Count > 0;
        if (problems > 0 || (year is null && !byId)) yield break;

        var schoolNames = schools.ToDictionary(s => s.SchoolRef);
        var programs = ProgramsByStudent(c, year);
        var parameters = new List<(string, object?)> { ("year", year?.Year ?? 0) };
        var sql = "SELECT p.StudentRef, p.StudentUniqueId, p.LocalId, p.FirstName, p.LastSurname, p.BirthDate, p.ClassOfSchoolYear, p.IsDeleted, " +
                  "y.SchoolRef, y.GradeLevel, y.Status, y.CalendarCode " +
                  $"FROM Student p {(byId ? "LEFT " : "")}JOIN StudentYearRecord y ON y.StudentRef = p.StudentRef AND y.SchoolYear = @year WHERE 1 = 1";
        if (!filter.IncludeDeleted) sql += " AND p.IsDeleted = 0";
        if (byId && filter.StudentIds.All(NameMatch.IsLiteral))
        {
            // Ids compare case-insensitively like every other name.
            sql += " AND " + Lookups.InSet(c, "p.StudentUniqueId", "ids", ignoreCase: true);
            parameters.Add(("ids", System.Text.Json.JsonSerializer.Serialize(filter.StudentIds)));
        }
        if (schoolRefs is not null)
        {
            sql += " AND " + Lookups.InSet(c, "y.SchoolRef", "schools");
            parameters.Add(("schools", Lookups.Json(schoolRefs)));
        }
        if (programRefs is not null)
        {
            sql += " AND EXISTS (SELECT 1 FROM StudentProgramAssociation a WHERE a.StudentRef = p.StudentRef AND " + Lookups.InSet(c, "a.ProgramRef", "programs") +
                   (year is null ? ")" : " AND a.BeginDate <= @end AND (a.EndDate IS NULL OR a.EndDate >= @begin))");
            parameters.Add(("programs", Lookups.Json(programRefs)));
            parameters.Add(("begin", DbValue.Date(year?.Begin ?? DateOnly.MinValue)));
            parameters.Add(("end", DbValue.Date(year?.End ?? DateOnly.MaxValue)));
        }
        sql += " ORDER BY p.LastSurname, p.FirstName, p.StudentUniqueId";

        var unmatched = filter.StudentIds.Where(NameMatch.IsLiteral).ToHashSet(StringComparer.OrdinalIgnoreCase);
        using (var cmd = c.Command(sql, null, [.. parameters]))
        using (var r = cmd.OpenReader())
        {
            while (r.Read())
            {
                var student = Map(r, year?.Year, schoolNames, programs);
                if (!NameMatch.Any(filter.StudentIds, student.StudentId) || !NameMatch.Any(grades, student.Grade ?? "")) continue;
                unmatched.Remove(student.StudentId);
                if (student is { Grade: { } grade, SchoolYearNumber: { } y, FeedGraduationYear: null })
                    warning?.Invoke(Provisioning.FeedGraduationYear.NoOrdinal(student.StudentId, grade, y));
                yield return student;
            }
        }
        foreach (var id in unmatched) notFound?.Invoke(Missing(c, id, filter, year?.Year));
    }

    private static StudentInfo Map(DbDataReader r, int? year, Dictionary<int, SchoolRow> schools, Dictionary<int, List<string>> programs)
    {
        var hasYear = !r.IsDBNull(8);
        var school = hasYear ? schools.GetValueOrDefault(r.GetInt32(8)) : null;
        var grade = hasYear ? r.GetString(9) : null;
        var stored = r.NullableInt(6);
        var computed = stored is null && grade is not null && year is { } y ? GradeLevel.GraduationYear(grade, y) : null;
        return new StudentInfo
        {
            StudentRef = r.GetInt32(0), StudentId = r.GetString(1), LocalId = r.NullableString(2), FirstName = r.GetString(3), LastSurname = r.GetString(4),
            BirthDate = r.NullableDate(5)?.ToDateTime(TimeOnly.MinValue), IsDeleted = r.GetBool(7),
            GraduationYear = stored ?? computed, GraduationYearSource = stored is not null ? "Stored" : computed is not null ? "Computed" : null,
            FeedGraduationYear = grade is not null && year is { } feedYear ? Provisioning.FeedGraduationYear.Of(grade, feedYear) : null,
            SchoolYearNumber = hasYear ? year : null, School = school?.Name, SchoolId = school?.SchoolId, Grade = grade,
            Status = hasYear ? r.GetString(10) : null, CalendarCode = hasYear ? r.NullableString(11) : null,
            Programs = programs.TryGetValue(r.GetInt32(0), out var list) ? list : [],
        };
    }

    /// <summary>Program names per student for programs that overlap the year (all of them when there is no year).</summary>
    private static Dictionary<int, List<string>> ProgramsByStudent(DbConnection c, (int Year, DateOnly Begin, DateOnly End)? year)
    {
        var map = new Dictionary<int, List<string>>();
        var rows = c.Query(
            "SELECT DISTINCT a.StudentRef, pr.ProgramName FROM StudentProgramAssociation a JOIN Program pr ON pr.ProgramRef = a.ProgramRef " +
            "WHERE a.BeginDate <= @end AND (a.EndDate IS NULL OR a.EndDate >= @begin) ORDER BY a.StudentRef, pr.ProgramName",
            r => (r.GetInt32(0), r.GetString(1)), null,
            ("begin", DbValue.Date(year?.Begin ?? DateOnly.MinValue)), ("end", DbValue.Date(year?.End ?? DateOnly.MaxValue)));
        foreach (var (student, name) in rows)
        {
            if (!map.TryGetValue(student, out var list)) map[student] = list = [];
            list.Add(name);
        }
        return map;
    }

    private static HashSet<int>? ResolvePrograms(DbConnection c, IReadOnlyList<string> patterns, Action<AttendanceException> report)
    {
        if (patterns.Count == 0) return null;
        var all = c.Query("SELECT ProgramRef, ProgramName FROM Program", r => (Ref: r.GetInt32(0), Name: r.GetString(1)));
        foreach (var p in patterns.Where(NameMatch.IsLiteral))
            if (!all.Any(a => NameMatch.Matches(p, a.Name))) report(NotFound.Program(p));
        return all.Where(a => NameMatch.Any(patterns, a.Name)).Select(a => a.Ref).ToHashSet();
    }

    private static AttendanceException Missing(DbConnection c, string id, StudentFilter filter, int? year)
    {
        var deleted = c.Query("SELECT IsDeleted FROM Student WHERE " + Dialects.Of(c).EqualsIgnoreCase("StudentUniqueId", "id"), r => r.GetBool(0), null, ("id", id));
        if (deleted.Count == 0) return NotFound.Student(id, "");
        if (deleted[0] && !filter.IncludeDeleted) return NotFound.DeletedStudent(id);
        var parts = new List<string>();
        if (filter.Schools.Count > 0) parts.Add("school " + string.Join(", ", filter.Schools.Select(s => $"'{s}'")));
        if (filter.Grades.Count > 0) parts.Add("grade " + string.Join(", ", filter.Grades));
        if (filter.Programs.Count > 0) parts.Add("program " + string.Join(", ", filter.Programs.Select(s => $"'{s}'")));
        var yearText = year is { } y ? $" in {SchoolYearText.Format(y)}" : "";
        return NotFound.Student(id, parts.Count == 0 ? yearText : $" among the students of {string.Join(", ", parts)}{yearText}");
    }
}
