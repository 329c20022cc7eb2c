using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// No silent empties for commands whose engine query filters by a name: a school year or a literal
/// student id the store does not know is an error, never an empty answer (issue #11).
/// </summary>
internal static class KnownNames
{
    /// <summary>Throws SchoolYearNotFound when <paramref name="year"/> is given and the store has no such year.</summary>
    public static void RequireSchoolYear(AttendanceStore store, int? year)
    {
        if (year is { } y && !NameLists.SchoolYears(store).Any(x => x.SchoolYear == y))
            throw NotFound.SchoolYear(SchoolYearText.Format(y));
    }

    /// <summary>StudentNotFound for each literal id (no wildcards) that names no student.</summary>
    public static IEnumerable<AttendanceException> UnknownStudents(AttendanceStore store, IEnumerable<string> ids) =>
        ids.Where(id => !WildcardPattern.ContainsWildcardCharacters(id)
                        && !NameLists.Students(store, id, 5).Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
            .Select(id => NotFound.Student(id, "")).ToList();
}
