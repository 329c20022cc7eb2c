using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// The feed as a OneRoster 1.2 bulk package: the slice of the district the feed carries, written by
/// the importer's own <see cref="OneRosterWriter"/> (so ids and formats are the ones the importer reads
/// back), plus what a provisioning feed needs on top: each student's grade in <c>users.grades</c>,
/// the computed graduation year as an extension column, and <c>demographics.csv</c> where birth dates are known.
/// </summary>
internal static class FeedPackage
{
    public const string GraduationYearColumn = "metadata.graduationYear";

    /// <summary>OneRoster 1.2 demographics.csv columns, in the spec's order [S44].</summary>
    public static readonly string[] DemographicsHeader =
        ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
         "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
         "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"];

    public static List<PackageFile> Build(FeedSource source, IReadOnlyList<FeedStudent> feed)
    {
        var slice = Slice(source, feed);
        var files = OneRosterWriter.Files(slice);
        var byId = feed.ToDictionary(f => f.StudentUniqueId, StringComparer.Ordinal);
        var users = files.FindIndex(f => f.Name == "users.csv");
        if (users >= 0) files[users] = WithFeedColumns(files[users], byId);

        var demographics = OneRosterWriter.Sorted(Storage.DistrictTables.Students, slice).Where(s => s.BirthDate is not null)
            .Select(s => (IEnumerable<string?>)Row(DemographicsHeader.Length, (0, s.StudentUniqueId), (3, CsvFormat.Date(s.BirthDate)))).ToList();
        if (demographics.Count > 0)
        {
            var at = files.FindIndex(f => f.Name == "enrollments.csv");
            files.Insert(at >= 0 ? at + 1 : files.Count, new PackageFile("demographics.csv", DemographicsHeader, demographics));
            files[0] = MarkBulk(files[0], "demographics");
        }
        return files;
    }

    /// <summary>
    /// The district the feed carries: every org, the current school year, the feed's students with their
    /// current year record (which makes it their primary org), and their current-year classes and rosters.
    /// </summary>
    private static DistrictData Slice(FeedSource source, IReadOnlyList<FeedStudent> feed)
    {
        var d = source.Data;
        var year = source.CurrentYear;
        var ids = feed.Select(f => f.StudentUniqueId).ToHashSet(StringComparer.Ordinal);
        var slice = new DistrictData { DistrictName = d.DistrictName, TimeZone = d.TimeZone };
        slice.SchoolYears.AddRange(d.SchoolYears.Where(y => y.SchoolYear == year));
        slice.Schools.AddRange(d.Schools);
        slice.Students.AddRange(d.Students.Where(s => ids.Contains(s.StudentUniqueId)));
        slice.YearRecords.AddRange(d.YearRecords.Where(y => y.SchoolYear == year && ids.Contains(y.StudentUniqueId)));
        slice.Rosters.AddRange(d.Rosters.Where(r => r.SchoolYear == year && ids.Contains(r.StudentUniqueId)));
        var sections = slice.Rosters.Select(r => (r.SchoolId, r.SectionIdentifier)).ToHashSet();
        slice.Sections.AddRange(d.Sections.Where(s => s.SchoolYear == year && sections.Contains((s.SchoolId, s.SectionIdentifier))));
        var courses = slice.Sections.Select(s => (s.SchoolId, s.LocalCourseCode)).ToHashSet();
        slice.Courses.AddRange(d.Courses.Where(c => courses.Contains((c.SchoolId, c.LocalCourseCode))));
        return slice;
    }

    /// <summary>users.csv with the feed's grade in <c>grades</c> and its graduation year in an extension column at the right.</summary>
    private static PackageFile WithFeedColumns(PackageFile users, Dictionary<string, FeedStudent> feed)
    {
        var id = IndexOf(users, "sourcedId");
        var grades = IndexOf(users, "grades");
        var rows = users.Rows.Select(row =>
        {
            var fields = row.ToList();
            var student = feed[fields[id]!];
            fields[grades] = student.GradeLevel;
            fields.Add(CsvFormat.Int(student.GraduationYear));
            return (IEnumerable<string?>)fields;
        }).ToList();
        return new PackageFile(users.Name, [.. users.Header, GraduationYearColumn], rows);
    }

    private static PackageFile MarkBulk(PackageFile manifest, string file)
        => manifest with
        {
            Rows = [.. manifest.Rows.Select(row =>
            {
                var fields = row.ToArray();
                return fields[0] == "file." + file ? (IEnumerable<string?>)[fields[0], "bulk"] : fields;
            })],
        };

    private static int IndexOf(PackageFile file, string column)
    {
        for (var i = 0; i < file.Header.Count; i++)
            if (file.Header[i] == column) return i;
        throw new InvalidOperationException($"{file.Name} has no column '{column}'.");
    }

    private static string?[] Row(int width, params (int Index, string? Value)[] values)
    {
        var row = new string?[width];
        foreach (var (i, v) in values) row[i] = v;
        return row;
    }
}
