using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using static AttendanceTools.Engine.Import.CsvFormat;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// One file of a package as the exporter writes it: a header and its rows in their final order. The rows are
/// counted when the package is planned and formatted only when it is written: a large file goes from its
/// records straight into the CSV writer, without a string per field or an array per row in between.
/// </summary>
internal sealed class PackageFile
{
    private readonly Action<CsvOutput> _rows;

    /// <summary>A file built as rows of fields (small files, and our own files).</summary>
    public PackageFile(string name, IReadOnlyList<string> header, IReadOnlyList<IEnumerable<string?>> rows)
        : this(name, header, rows.Count, output =>
        {
            foreach (var row in rows) output.Row(row);
        })
    {
    }

    private PackageFile(string name, IReadOnlyList<string> header, int rowCount, Action<CsvOutput> rows)
    {
        Name = name;
        Header = header;
        RowCount = rowCount;
        _rows = rows;
    }

    public string Name { get; }
    public IReadOnlyList<string> Header { get; }
    /// <summary>The data rows the file will have (the header not counted).</summary>
    public int RowCount { get; }

    /// <summary>A file of one row per item, in the items' order; <paramref name="row"/> writes the fields, the file ends the row.</summary>
    public static PackageFile Of<T>(string name, IReadOnlyList<string> header, IReadOnlyList<T> items, Action<CsvOutput, T> row)
        => new(name, header, items.Count, output =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                row(output, items[i]);
                output.EndRow();
            }
        });

    /// <summary>Writes the data rows (the caller has written the header).</summary>
    public void WriteRows(CsvOutput output) => _rows(output);
}

/// <summary>
/// Writes a district as OneRoster 1.2 bulk CSV (orgs, academicSessions, courses, classes, users, roles,
/// enrollments, manifest). Fields OneRoster lacks travel in <c>metadata.*</c> extension columns to the
/// right of the spec's columns; rows are sorted by natural key so the same data gives the same bytes.
/// </summary>
internal static class OneRosterWriter
{
    public static readonly string[] OrgsHeader =
        ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId",
         "metadata.isDistrictOffice", "metadata.schoolCategory", "metadata.gradeLevels", "metadata.timeZone"];

    public static readonly string[] SessionsHeader =
        ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"];

    public static readonly string[] CoursesHeader =
        ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"];

    public static readonly string[] ClassesHeader =
        ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
         "termSourcedIds", "subjects", "subjectCodes", "periods", "metadata.sectionIdentifier", "metadata.attendanceTracked", "metadata.isActive"];

    public static readonly string[] UsersHeader =
        ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName", "identifier",
         "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
         "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns", "metadata.birthDate", "metadata.classOfSchoolYear"];

    public static readonly string[] RolesHeader =
        ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"];

    public static readonly string[] EnrollmentsHeader =
        ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate",
         "metadata.homeroomIndicator"];

    /// <summary>The OneRoster files of <paramref name="d"/>; a file with no rows is left out (OneRoster forbids header-only files).</summary>
    public static List<PackageFile> Files(DistrictData d)
    {
        var ids = OneRosterIds.From(d);
        var files = Structure(d, ids);
        var primary = PrimaryOrgs(d, ids);
        var students = Sorted(DistrictTables.Students, d);
        files.Add(PackageFile.Of("users.csv", UsersHeader, students, (o, s) => User(o, s, null, primary[s.StudentUniqueId])));
        files.Add(PackageFile.Of("roles.csv", RolesHeader, students, (o, s) => Role(o, s.StudentUniqueId, primary[s.StudentUniqueId])));
        files.Add(PackageFile.Of("enrollments.csv", EnrollmentsHeader, Sorted(DistrictTables.Rosters, d), (o, r) =>
            Enrollment(o, new EnrollmentRow(r.SourcedId, ids.ClassSourcedId[(r.SchoolId, r.SchoolYear, r.SectionIdentifier)], ids.SchoolSourcedId[r.SchoolId],
                r.StudentUniqueId, r.BeginDate, r.EndDate, r.HomeroomIndicator))));
        return Packaged(files);
    }

    /// <summary>The district's frame, in writing order: orgs, academic sessions, courses and classes (sections), each in natural-key order.</summary>
    public static List<PackageFile> Structure(DistrictData d, OneRosterIds ids)
        =>
        [
            new("orgs.csv", OrgsHeader, Orgs(d, ids)),
            new("academicSessions.csv", SessionsHeader, Sessions(d, ids)),
            new("courses.csv", CoursesHeader, Courses(d, ids)),
            new("classes.csv", ClassesHeader, [.. Sorted(DistrictTables.Sections, d).Select(s => Row(
                ids.ClassSourcedId[(s.SchoolId, s.SchoolYear, s.SectionIdentifier)], null, null, s.Title ?? s.SectionIdentifier, null,
                ids.CourseSourcedId.GetValueOrDefault((s.SchoolId, s.LocalCourseCode), s.LocalCourseCode), null, s.ClassType ?? "scheduled", null,
                ids.SchoolSourcedId[s.SchoolId], ids.TermsOf(s), null, null, string.Join(',', s.ClassPeriodNames),
                s.SectionIdentifier, Bool(s.AttendanceTracked), Bool(s.IsActive)))]),
        ];

    /// <summary>The package: the files with rows, in their order, after the manifest that lists them.</summary>
    public static List<PackageFile> Packaged(List<PackageFile> files)
    {
        files.RemoveAll(f => f.RowCount == 0);
        files.Insert(0, Manifest(files));
        return files;
    }

    /// <summary>A student's users.csv row; <paramref name="grades"/> is what a feed puts in <c>grades</c> (the store keeps none for export).</summary>
    public static void User(CsvOutput o, Student s, string? grades, string primaryOrg)
    {
        o.Field(s.StudentUniqueId);
        o.Field(s.IsDeleted ? "tobedeleted" : null);
        o.Empty();
        o.Field(!s.IsDeleted);
        o.Field(s.Username ?? s.LocalId ?? s.StudentUniqueId);
        o.Empty();
        o.Field(s.FirstName);
        o.Field(s.LastSurname);
        o.Empty();
        o.Field(s.LocalId);
        o.Empty(4);                 // email, sms, phone, agentSourcedIds
        o.Field(grades);
        o.Empty(6);                 // password ... preferredFamilyName
        o.Field(primaryOrg);
        o.Empty();                  // pronouns
        o.Field(s.BirthDate);
        o.Field(s.ClassOfSchoolYear);
    }

    /// <summary>A student's roles.csv row: the primary student role at <paramref name="primaryOrg"/>.</summary>
    public static void Role(CsvOutput o, string studentId, string primaryOrg)
    {
        Span<char> id = stackalloc char[Composed];
        if (Join(id, "role-", studentId, out var made)) o.Field(id[..made]);
        else o.Field("role-" + studentId);
        o.Empty(2);
        o.Field(studentId);
        o.Field("primary");
        o.Field("student");
        o.Empty(2);
        o.Field(primaryOrg);
        o.Empty();
    }

    /// <summary>What a roster's enrollments.csv row says, with its class and school as OneRoster ids.</summary>
    public readonly record struct EnrollmentRow(string? SourcedId, string ClassId, string SchoolSourcedId, string StudentId, DateOnly BeginDate, DateOnly? EndDate,
        bool HomeroomIndicator);

    /// <summary>A roster's enrollments.csv row. An enrolment without a stored sourcedId gets one made from the class, the student and the begin date.</summary>
    public static void Enrollment(CsvOutput o, in EnrollmentRow r)
    {
        if (r.SourcedId is not null) o.Field(r.SourcedId);
        else o.Field(EnrollmentId(stackalloc char[Composed], r.ClassId, r.StudentId, r.BeginDate));
        o.Empty(2);
        o.Field(r.ClassId);
        o.Field(r.SchoolSourcedId);
        o.Field(r.StudentId);
        o.Field("student");
        o.Empty();
        o.Field(r.BeginDate);
        o.Field(r.EndDate);
        o.Field(r.HomeroomIndicator);
    }

    // Ids made of parts are composed in a stack buffer of this size; a longer one (ids of hundreds of characters) becomes a string.
    private const int Composed = 256;

    /// <summary>"&lt;class&gt;-&lt;student&gt;-&lt;yyyyMMdd&gt;" in <paramref name="buffer"/> when it fits.</summary>
    private static ReadOnlySpan<char> EnrollmentId(Span<char> buffer, string classId, string studentId, DateOnly begin)
    {
        if (!Join(buffer, classId, "-", out var n) || !Join(buffer[n..], studentId, "-", out var m) || buffer.Length - n - m < 8)
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{classId}-{studentId}-{begin:yyyyMMdd}");
        CsvFormat.CompactDate(begin, buffer.Slice(n + m, 8));
        return buffer[..(n + m + 8)];
    }

    private static bool Join(Span<char> buffer, string a, string b, out int length)
    {
        length = a.Length + b.Length;
        if (length > buffer.Length) return false;
        a.CopyTo(buffer);
        b.CopyTo(buffer[a.Length..]);
        return true;
    }

    /// <summary>Courses in natural-key order; a course of the district once, where its first school's copy would be.</summary>
    private static List<IEnumerable<string?>> Courses(DistrictData d, OneRosterIds ids)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<IEnumerable<string?>>();
        foreach (var c in Sorted(DistrictTables.Courses, d))
        {
            var id = ids.CourseSourcedId[(c.SchoolId, c.LocalCourseCode)];
            var district = ids.DistrictCourses.ContainsKey(id);
            if (district && !written.Add(id)) continue;
            rows.Add(Row(id, null, null, null, c.Title, c.LocalCourseCode, null, district ? OneRosterIds.DistrictId : ids.SchoolSourcedId[c.SchoolId], null, null));
        }
        return rows;
    }

    private static List<IEnumerable<string?>> Orgs(DistrictData d, OneRosterIds ids)
    {
        var rows = new List<IEnumerable<string?>>
        {
            Row(OneRosterIds.DistrictId, null, null, d.DistrictName ?? "District", "district", null, null, null, null, null, d.TimeZone),
        };
        rows.AddRange(Sorted(DistrictTables.Schools, d).Select(s => Row(
            ids.SchoolSourcedId[s.SchoolId], null, null, s.Name, "school", s.SchoolId, OneRosterIds.DistrictId, Bool(s.IsDistrictOffice), s.SchoolCategory,
            s.GradeLevels, null)));
        return rows;
    }

    /// <summary>
    /// Each school year (its stored schoolYear session, else one made from the year), then the year's other
    /// stored sessions, then a made-up term per session name of a section that came without terms (dated like
    /// the year); the sessions of one year in sourcedId order.
    /// </summary>
    private static List<IEnumerable<string?>> Sessions(DistrictData d, OneRosterIds ids)
    {
        var rows = new List<IEnumerable<string?>>();
        var stored = d.AcademicSessions.ToLookup(a => a.SchoolYear);
        var made = d.Sections.Where(s => s.SessionName is not null && s.TermSourcedIds is null)
            .Select(s => (s.SchoolYear, Id: OneRosterIds.TermId(s.SchoolYear, s.SessionName!), Name: s.SessionName!)).Distinct().ToList();
        foreach (var y in Sorted(DistrictTables.SchoolYears, d))
        {
            var yearId = ids.YearId(y.SchoolYear);
            var sessions = stored[y.SchoolYear].ToList();
            var year = sessions.Find(a => a.SourcedId == yearId);
            rows.Add(year is null
                ? Row(yearId, null, null, y.Description, "schoolYear", Date(y.BeginDate), Date(y.EndDate), null, Int(y.SchoolYear))
                : Session(year));
            var others = sessions.Where(a => a.SourcedId != yearId).Select(a => (a.SourcedId, Row: Session(a)))
                .Concat(made.Where(t => t.SchoolYear == y.SchoolYear && !sessions.Exists(a => a.SourcedId == t.Id))
                    .Select(t => (SourcedId: t.Id, Row: Row(t.Id, null, null, t.Name, "term", Date(y.BeginDate), Date(y.EndDate), yearId, Int(y.SchoolYear)))));
            rows.AddRange(others.OrderBy(o => o.SourcedId, StringComparer.Ordinal).Select(o => o.Row));
        }
        return rows;
    }

    private static string?[] Session(AcademicSession a)
        => Row(a.SourcedId, null, null, a.Title, a.SessionType, Date(a.BeginDate), Date(a.EndDate), a.ParentSourcedId, Int(a.SchoolYear));

    /// <summary>A student's primary org: the school of the latest enrolment, else of the latest year record, else the district.</summary>
    private static Dictionary<string, string> PrimaryOrgs(DistrictData d, OneRosterIds ids)
    {
        var primary = d.Students.ToDictionary(s => s.StudentUniqueId, _ => OneRosterIds.DistrictId, StringComparer.Ordinal);
        foreach (var y in d.YearRecords.OrderBy(y => y.SchoolYear).ThenBy(y => y.SchoolId, StringComparer.Ordinal))
            primary[y.StudentUniqueId] = ids.SchoolSourcedId[y.SchoolId];
        foreach (var e in d.Enrollments.OrderBy(e => e.EntryDate).ThenBy(e => e.SchoolId, StringComparer.Ordinal))
            primary[e.StudentUniqueId] = ids.SchoolSourcedId[e.SchoolId];
        return primary;
    }

    private static PackageFile Manifest(List<PackageFile> written)
    {
        string[] oneRosterFiles = ["academicSessions", "categories", "classes", "classResources", "courses", "courseResources", "demographics",
            "enrollments", "lineItems", "orgs", "resources", "results", "roles", "userProfiles", "users"];
        var rows = new List<IEnumerable<string?>> { Row("manifest.version", "1.0"), Row("oneroster.version", "1.2") };
        rows.AddRange(oneRosterFiles.Select(f => Row("file." + f, written.Exists(w => w.Name == f + ".csv") ? "bulk" : "absent")));
        rows.Add(Row("source.systemName", "AttendanceTools"));
        return new PackageFile("manifest.csv", ["propertyName", "value"], rows);
    }

    /// <summary>Rows of a table in natural-key order (strings ordinal, dates and numbers by value).</summary>
    public static List<T> Sorted<T>(DistrictTable<T> table, DistrictData d) where T : class
    {
        var items = table.List(d).ToArray();
        NaturalKeyComparer.Sort(items, table.KeyOf);
        return [.. items];
    }

    private static string?[] Row(params string?[] fields) => fields;
}
