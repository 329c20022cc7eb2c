using System.Globalization;
using AttendanceTools.Engine.Model;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;
using V = AttendanceTools.Engine.Import.OneRosterVocabulary;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Reads the OneRoster 1.1/1.2 bulk files of a package (domain §3.5, issue #17) into district rows.
/// References between OneRoster files go by sourcedId; when the package lacks the referenced file they
/// resolve against the store, through the ids the exporter would write for it (<see cref="OneRosterIds"/>).
/// A OneRoster-only package is enough for a roster: students get a year record (school, grade) for the
/// package's school year, and class periods the store does not know are created.
/// </summary>
internal sealed partial class OneRosterReader
{
    private readonly PackageSource _source;
    private readonly ImportPackage _package;
    private readonly DistrictData _current;
    private readonly OneRosterIds _currentIds;
    private readonly DateOnly _today;
    private readonly CancellationToken _ct;

    // sourcedId maps of this package (or, for an absent file, of the store).
    private readonly Dictionary<string, string?> _orgs = new(StringComparer.Ordinal);                 // sourcedId → SchoolId (null = district or other org)
    private readonly Dictionary<string, (int Year, string? Session)> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? School, string Code, string Title, int Line)> _courses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string School, int Year, string Section, bool Homeroom)> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _birthDates = new(StringComparer.Ordinal);
    /// <summary>The school years the package's sessions name, by sourcedId of their schoolYear session.</summary>
    private readonly Dictionary<int, string> _yearSessions = [];
    /// <summary>The school year a OneRoster-only package is for: its year records are made for it.</summary>
    private int? _packageYear;

    public OneRosterReader(PackageSource source, ImportPackage package, DistrictData current, DateOnly today, CancellationToken ct)
    {
        _source = source;
        _package = package;
        _current = current;
        _currentIds = OneRosterIds.From(current);
        _today = today;
        _ct = ct;
    }

    public static readonly string[] Files =
        ["manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "demographics.csv", "users.csv", "roles.csv", "enrollments.csv"];

    public void Read()
    {
        ReadManifest();
        ReadOrgs();
        ReadSessions();
        ReadCourses();
        ReadClasses();
        ReadDemographics();
        ReadUsers();
        ReadEnrollments();
    }

    private CsvInput? Open(string file)
    {
        var input = _source.OpenFile(file);
        if (input is not null) _package.Files.Add(file);
        return input;
    }

    private FileAccount Account(CsvInput f) => _source.Account(f.File);

    /// <summary>Records what the file's header holds that no reader asked for.</summary>
    private void Close(CsvInput f) => Account(f).ColumnsNotKept.AddRange(f.Unused);

    private void ReadManifest()
    {
        using var f = Open("manifest.csv");
        if (f is null || !f.RequireColumns(["propertyName", "value"])) return;
        foreach (var r in f.Rows(_ct))
        {
            Account(f).Read++;
            var name = r.Req("propertyName");
            var value = r.Text("value");
            if (name == "oneroster.version" && value is not ("1.0" or "1.1" or "1.2"))
                r.Problem(E.BadValue, "value", value, $"OneRoster version '{value}' is not supported; use a 1.1 or 1.2 package.");
            if (name.StartsWith("file.", StringComparison.Ordinal) && string.Equals(value, "delta", StringComparison.OrdinalIgnoreCase))
                r.Problem(E.BadValue, "value", value, $"{name[5..]} is a delta file; the importer reads bulk packages only (every file is the complete set).");
            Account(f).Kept++;
        }
        Account(f).Note("The manifest is checked, not stored.");
        Close(f);
    }

    private void ReadOrgs()
    {
        using var f = Open("orgs.csv");
        if (f is null)
        {
            foreach (var (id, school) in _currentIds.SchoolIdOf) _orgs[id] = school;
            _orgs.TryAdd(OneRosterIds.DistrictId, null);
            return;
        }
        _package.Source(TB.Schools, f.File, new Dictionary<string, string> { ["SchoolId"] = "identifier" });
        if (!f.RequireColumns(["sourcedId", "name", "type"])) return;
        var districtLine = 0;
        var account = Account(f);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var id = r.Req("sourcedId");
            var name = r.Req("name");
            var type = V.Check(r, "type", r.Req("type"), V.OrgTypes, "org type");
            var deleted = Common(r, account);
            if (r.Bad || deleted || !Unique(r, _orgs.ContainsKey(id), id)) continue;
            if (type == "district")
            {
                if (districtLine > 0)
                {
                    r.Problem(E.DuplicateKey, "type", type, $"A second district org (the first is on line {districtLine}); a store holds one district.");
                    continue;
                }
                districtLine = r.Line;
                _orgs[id] = null;
                _package.DistrictName = name;
                // The district clock's zone (domain §2.3): an id this computer does not know is refused, never stored to read as UTC.
                var zone = r.Text("metadata.timeZone");
                if (zone is not null && !Storage.StoreSettings.IsKnownTimeZone(zone))
                    r.Problem(E.BadValue, "metadata.timeZone", zone, "Not a time zone id this computer knows; use an IANA id such as America/Los_Angeles.");
                else _package.TimeZone = zone;
                account.Kept++;
                continue;
            }
            if (type != "school")
            {
                _orgs.TryAdd(id, null);
                account.Drop($"orgs of type {type} (known only as owners of courses)");
                continue;
            }
            var school = new School
            {
                SchoolId = r.Text("identifier") ?? id, SourcedId = id, Name = name, IsDistrictOffice = r.Bool("metadata.isDistrictOffice") ?? false,
                SchoolCategory = r.Text("metadata.schoolCategory"), GradeLevels = r.Text("metadata.gradeLevels"),
            };
            if (r.Bad) continue;
            _orgs[id] = school.SchoolId;
            _package.Add(TB.Schools, school, r.Line);
            account.Kept++;
        }
        Close(f);
    }

    private void ReadCourses()
    {
        using var f = Open("courses.csv");
        if (f is null)
        {
            var titles = _current.Courses.ToDictionary(c => (c.SchoolId, c.LocalCourseCode), c => c.Title);
            foreach (var (id, (school, code)) in _currentIds.CourseOf) _courses[id] = (school, code, titles[(school, code)], 0);
            foreach (var (id, (code, title)) in _currentIds.DistrictCourses) _courses[id] = (null, code, title, 0);
            return;
        }
        _package.Source(TB.Courses, f.File, new Dictionary<string, string> { ["SchoolId"] = "orgSourcedId", ["LocalCourseCode"] = "courseCode" });
        if (!f.RequireColumns(["sourcedId", "title", "orgSourcedId"])) return;
        var account = Account(f);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var id = r.Req("sourcedId");
            var title = r.Req("title");
            var org = r.Req("orgSourcedId");
            var deleted = Common(r, account);
            if (r.Bad || deleted || !Unique(r, _courses.ContainsKey(id), id)) continue;
            if (!_orgs.TryGetValue(org, out var school))
            {
                r.Problem(E.BrokenReference, "orgSourcedId", org, $"Course '{id}' belongs to org '{org}', which is not in orgs.csv (or the store).");
                continue;
            }
            var code = r.Text("courseCode") ?? id;
            _courses[id] = (school, code, title, r.Line);
            if (school is null) continue; // counted once the classes say which schools teach it
            _package.Add(TB.Courses, new Course { SchoolId = school, LocalCourseCode = code, Title = title, SourcedId = id }, r.Line);
            account.Kept++;
        }
        Close(f);
    }

    private void ReadDemographics()
    {
        using var f = Open("demographics.csv");
        if (f is null || !f.RequireColumns(["sourcedId"])) return;
        var account = Account(f);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var id = r.Req("sourcedId");
            var birth = r.Date("birthDate");
            var deleted = Common(r, account);
            if (r.Bad || deleted) continue;
            if (birth is { } b) _birthDates[id] = b;
            else account.Drop("rows without a birthDate");
        }
        Account(f).Note("Birth dates are kept as the students' BirthDate (unless users.csv gives metadata.birthDate).");
        Close(f);
    }

    /// <summary>
    /// The columns every OneRoster row may have: <c>status</c> (a tobedeleted row is left out, as if absent) and
    /// <c>dateLastModified</c>, which the import does not use: a timestamp that does not parse is tolerated.
    /// </summary>
    private bool Common(CsvRow r, FileAccount account)
    {
        var status = V.Check(r, "status", r.Text("status"), V.Statuses, "status");
        if (r.Text("dateLastModified") is { } modified
            && !DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            _source.Tolerate(r.File, r.Line, "dateLastModified", modified,
                "the dateLastModified value is not a timestamp; it was ignored (the import does not use it).",
                E.BadValue, $"'{modified}' is not an ISO 8601 timestamp.");
        var deleted = status == "tobedeleted";
        if (deleted && r.File != "users.csv") account.Drop("rows marked tobedeleted");
        return deleted && r.File != "users.csv";
    }

    private static bool Unique(CsvRow r, bool seenBefore, string id)
    {
        if (seenBefore) r.Problem(E.DuplicateKey, "sourcedId", id, $"sourcedId '{id}' appears more than once in {r.File}.");
        return !seenBefore;
    }
}
