using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// The feed as a OneRoster 1.2 bulk package: the slice of the district the feed carries, written by
/// the importer's own <see cref="OneRosterWriter"/> (so ids and formats are the ones the importer reads
/// back), plus what a provisioning feed needs on top: each student's grade in <c>users.grades</c>,
/// the computed graduation year as an extension column, and <c>demographics.csv</c> where birth dates are known.
/// The package is planned here (ids, order, row counts); its rows are formatted only when it is written,
/// straight from the students and rosters read.
/// </summary>
internal static class FeedPackage
{
    public const string GraduationYearColumn = "metadata.graduationYear";

    /// <summary>OneRoster 1.2 demographics.csv columns, in the spec's order [S44].</summary>
    public static readonly string[] DemographicsHeader =
        ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
         "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
         "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"];

    private static readonly string[] UsersHeader = [.. OneRosterWriter.UsersHeader, GraduationYearColumn];

    /// <summary>
    /// The package of <paramref name="feed"/>: every org, the current school year, the feed's students (their current year
    /// record's school is their primary org), and their current-year classes and enrolments.
    /// </summary>
    public static List<PackageFile> Build(FeedSource source, IReadOnlyList<FeedStudent> feed)
    {
        var members = source.Members;
        // The feed and its members are both in StudentUniqueId order: row i of users.csv is feed[i].
        if (feed.Count != members.Count || Enumerable.Range(0, feed.Count).Any(i => !string.Equals(feed[i].StudentUniqueId, members[i].Student.StudentUniqueId, StringComparison.Ordinal)))
            throw new InvalidOperationException("The provisioning feed and the students read for its package differ.");

        // Sections in natural-key order: a roster's place in enrollments.csv follows its student, then its section's rank, then its begin date.
        var sections = source.Data.Sections.ToArray();
        var byKey = Enumerable.Range(0, sections.Length).ToArray();
        NaturalKeyComparer.Sort(byKey, i => DistrictTables.Sections.Key(sections[i]));
        var rank = new int[sections.Length];
        for (var r = 0; r < byKey.Length; r++) rank[byKey[r]] = r;
        var rosters = source.Rosters.Select(r => r with { Section = rank[r.Section] }).ToArray();
        Array.Sort(rosters, RosterOrder.Instance);

        var used = rosters.Select(r => r.Section).Distinct().ToArray();
        var slice = Slice(source, [.. used.Select(r => sections[byKey[r]])]);
        var ids = OneRosterIds.From(slice);
        var files = OneRosterWriter.Structure(slice, ids);
        // By rank: each section's class id and school org.
        var classIds = new string[sections.Length];
        var schoolIds = new string[sections.Length];
        foreach (var r in used)
        {
            var s = sections[byKey[r]];
            classIds[r] = ids.ClassSourcedId[(s.SchoolId, s.SchoolYear, s.SectionIdentifier)];
            schoolIds[r] = ids.SchoolSourcedId[s.SchoolId];
        }
        var primary = members.Select(m => ids.SchoolSourcedId[m.SchoolId]).ToArray();
        var everyone = Enumerable.Range(0, members.Count).ToArray();

        files.Add(PackageFile.Of("users.csv", UsersHeader, everyone, (o, i) =>
        {
            OneRosterWriter.User(o, members[i].Student, feed[i].GradeLevel, primary[i]);
            o.Field(feed[i].GraduationYear);
        }));
        files.Add(PackageFile.Of("roles.csv", OneRosterWriter.RolesHeader, everyone, (o, i) => OneRosterWriter.Role(o, members[i].Student.StudentUniqueId, primary[i])));
        files.Add(PackageFile.Of("enrollments.csv", OneRosterWriter.EnrollmentsHeader, rosters, (o, r) => OneRosterWriter.Enrollment(o,
            new OneRosterWriter.EnrollmentRow(r.SourcedId, classIds[r.Section], schoolIds[r.Section], members[r.Member].Student.StudentUniqueId,
                r.BeginDate, r.EndDate, r.HomeroomIndicator))));
        files.Add(PackageFile.Of("demographics.csv", DemographicsHeader, [.. everyone.Where(i => members[i].Student.BirthDate is not null)], (o, i) =>
        {
            o.Field(members[i].Student.StudentUniqueId);
            o.Empty(2);
            o.Field(members[i].Student.BirthDate);
            o.Empty(DemographicsHeader.Length - 4);
        }));
        return OneRosterWriter.Packaged(files);
    }

    /// <summary>The district frame the package carries: every org, the current school year, the classes of the feed's rosters and their courses.</summary>
    private static DistrictData Slice(FeedSource source, List<Section> sections)
    {
        var d = source.Data;
        var slice = new DistrictData { DistrictName = d.DistrictName, TimeZone = d.TimeZone };
        slice.SchoolYears.AddRange(d.SchoolYears.Where(y => y.SchoolYear == source.CurrentYear));
        slice.Schools.AddRange(d.Schools);
        slice.Sections.AddRange(sections);
        var courses = sections.Select(s => (s.SchoolId, s.LocalCourseCode)).ToHashSet();
        slice.Courses.AddRange(d.Courses.Where(c => courses.Contains((c.SchoolId, c.LocalCourseCode))));
        return slice;
    }

    /// <summary>
    /// Rosters with <see cref="FeedRoster.Section"/> as the section's rank: the natural key's order (student, school, year,
    /// section, begin date), since members are in student order and ranks in (school, year, section) order.
    /// </summary>
    private sealed class RosterOrder : IComparer<FeedRoster>
    {
        public static readonly RosterOrder Instance = new();

        public int Compare(FeedRoster x, FeedRoster y)
        {
            var c = x.Member.CompareTo(y.Member);
            if (c != 0) return c;
            c = x.Section.CompareTo(y.Section);
            return c != 0 ? c : x.BeginDate.CompareTo(y.BeginDate);
        }
    }
}
