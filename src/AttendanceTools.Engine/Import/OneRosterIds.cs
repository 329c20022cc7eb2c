using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// The OneRoster sourcedIds of a district as the exporter writes them, in both directions. The store
/// keeps only some interchange ids (School.SourcedId, Course.SourcedId, StudentUniqueId), so the others
/// are derived from natural keys, deterministically: the same data always gets the same ids. An import
/// whose package lacks a OneRoster file resolves the other files' references through these ids.
/// </summary>
internal sealed class OneRosterIds
{
    public const string DistrictId = "district";

    public Dictionary<string, string> SchoolIdOf { get; } = new(StringComparer.Ordinal);          // sourcedId → SchoolId
    public Dictionary<string, string> SchoolSourcedId { get; } = new(StringComparer.Ordinal);     // SchoolId → sourcedId
    public Dictionary<string, (string School, string Code)> CourseOf { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string School, string Code), string> CourseSourcedId { get; } = [];
    /// <summary>Courses of the district (written once, owned by the district org): sourcedId → code and title.</summary>
    public SortedDictionary<string, (string Code, string Title)> DistrictCourses { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (int Year, string? Session)> SessionOf { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (string School, int Year, string Section)> ClassOf { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string School, int Year, string Section), string> ClassSourcedId { get; } = [];

    public static OneRosterIds From(DistrictData d)
    {
        var ids = new OneRosterIds();
        foreach (var s in d.Schools)
        {
            var id = s.SourcedId ?? s.SchoolId;
            ids.SchoolSourcedId[s.SchoolId] = id;
            ids.SchoolIdOf[id] = s.SchoolId;
        }

        // A course's id is its sourcedId (or code). Several schools' courses with one sourcedId, code and title came from one
        // course of the district and go back as it; other courses sharing an id get the school appended.
        var courseCandidates = d.Courses.ToLookup(c => c.SourcedId ?? c.LocalCourseCode, StringComparer.Ordinal);
        foreach (var c in d.Courses)
        {
            var candidate = c.SourcedId ?? c.LocalCourseCode;
            var group = courseCandidates[candidate].ToList();
            if (group.Count > 1 && c.SourcedId is not null && group.TrueForAll(x => x.LocalCourseCode == c.LocalCourseCode && x.Title == c.Title))
            {
                ids.CourseSourcedId[(c.SchoolId, c.LocalCourseCode)] = candidate;
                ids.DistrictCourses[candidate] = (c.LocalCourseCode, c.Title);
                continue;
            }
            var id = group.Count == 1 ? candidate : $"{candidate}-{c.SchoolId}";
            ids.CourseSourcedId[(c.SchoolId, c.LocalCourseCode)] = id;
            ids.CourseOf[id] = (c.SchoolId, c.LocalCourseCode);
        }

        // Sessions a package brought keep their ids; a year without one is SY<year>, a session name without one SY<year>-<name>.
        foreach (var a in d.AcademicSessions.OrderBy(a => a.SourcedId, StringComparer.Ordinal))
        {
            ids.SessionOf[a.SourcedId] = (a.SchoolYear, a.SessionType == "schoolYear" ? null : a.Title);
            if (a.SessionType == "schoolYear") ids._yearIds.TryAdd(a.SchoolYear, a.SourcedId);
        }
        foreach (var y in d.SchoolYears) ids.SessionOf.TryAdd(ids.YearId(y.SchoolYear), (y.SchoolYear, null));
        foreach (var s in d.Sections)
            if (s.SessionName is not null && s.TermSourcedIds is null) ids.SessionOf.TryAdd(TermId(s.SchoolYear, s.SessionName), (s.SchoolYear, s.SessionName));

        // A section's id is its SectionIdentifier; the same identifier in two schools or years gets both appended.
        var sectionCandidates = d.Sections.ToLookup(s => s.SectionIdentifier, StringComparer.Ordinal);
        foreach (var s in d.Sections)
        {
            var id = sectionCandidates[s.SectionIdentifier].Count() == 1
                ? s.SectionIdentifier
                : string.Create(CultureInfo.InvariantCulture, $"{s.SectionIdentifier}-{s.SchoolId}-{s.SchoolYear}");
            ids.ClassSourcedId[(s.SchoolId, s.SchoolYear, s.SectionIdentifier)] = id;
            ids.ClassOf[id] = (s.SchoolId, s.SchoolYear, s.SectionIdentifier);
        }
        return ids;
    }

    private readonly Dictionary<int, string> _yearIds = [];

    public static string SchoolYearId(int year) => string.Create(CultureInfo.InvariantCulture, $"SY{year}");

    /// <summary>The sourcedId of a school year: its schoolYear session's when the store keeps one, else SY&lt;year&gt;.</summary>
    public string YearId(int year) => _yearIds.TryGetValue(year, out var id) ? id : SchoolYearId(year);

    /// <summary>The terms of a section as classes.csv writes them: the ones it came with, else made from its session name.</summary>
    public string TermsOf(Section s) => s.TermSourcedIds ?? (s.SessionName is null ? YearId(s.SchoolYear) : TermId(s.SchoolYear, s.SessionName));

    /// <summary>A term's id carries its name; '%' and ',' are escaped so the id can sit in a comma list.</summary>
    public static string TermId(int year, string session)
        => $"{SchoolYearId(year)}-{session.Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal)}";

}
