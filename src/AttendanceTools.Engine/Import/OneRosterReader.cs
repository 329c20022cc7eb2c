using AttendanceTools.Engine.Model;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Reads the OneRoster 1.1/1.2 bulk files of a package (domain §3.5) into district rows. References
/// between OneRoster files go by sourcedId; when the package lacks the referenced file they resolve
/// against the store, through the ids the exporter would write for it (<see cref="OneRosterIds"/>).
/// </summary>
internal sealed class OneRosterReader
{
    private readonly string _folder;
    private readonly ImportPackage _package;
    private readonly ImportProblems _problems;
    private readonly DistrictData _current;
    private readonly OneRosterIds _currentIds;
    private readonly DateOnly _today;
    private readonly CancellationToken _ct;

    // sourcedId maps of this package (or, for an absent file, of the store).
    private readonly Dictionary<string, string?> _orgs = new(StringComparer.Ordinal);                 // sourcedId → SchoolId (null = district)
    private readonly Dictionary<string, (int Year, string? Session)> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? School, string Code, string Title, int Line)> _courses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string School, int Year, string Section)> _classes = new(StringComparer.Ordinal);

    public OneRosterReader(string folder, ImportPackage package, ImportProblems problems, DistrictData current, DateOnly today, CancellationToken ct)
    {
        _folder = folder;
        _package = package;
        _problems = problems;
        _current = current;
        _currentIds = OneRosterIds.From(current);
        _today = today;
        _ct = ct;
    }

    public static readonly string[] Files =
        ["manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "users.csv", "roles.csv", "enrollments.csv"];

    public void Read()
    {
        ReadManifest();
        ReadOrgs();
        ReadSessions();
        ReadCourses();
        ReadClasses();
        ReadUsers();
        ReadEnrollments();
    }

    private CsvInput? Open(string file)
    {
        var input = CsvInput.Open(_folder, file, _problems);
        if (input is not null) _package.Files.Add(file);
        return input;
    }

    private void ReadManifest()
    {
        using var f = Open("manifest.csv");
        if (f is null || !f.RequireColumns(["propertyName", "value"])) return;
        foreach (var r in f.Rows(_ct))
        {
            var name = r.Req("propertyName");
            var value = r.Text("value");
            if (name == "oneroster.version" && value is not ("1.0" or "1.1" or "1.2"))
                r.Problem(E.BadValue, "value", value, $"OneRoster version '{value}' is not supported; use a 1.1 or 1.2 package.");
            if (name.StartsWith("file.", StringComparison.Ordinal) && string.Equals(value, "delta", StringComparison.OrdinalIgnoreCase))
                r.Problem(E.BadValue, "value", value, $"{name[5..]} is a delta file; the importer reads bulk packages only (every file is the complete set).");
        }
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
        foreach (var r in f.Rows(_ct))
        {
            var id = r.Req("sourcedId");
            var name = r.Req("name");
            var type = r.Req("type");
            if (r.Bad || Deleted(r) || !Unique(r, _orgs.ContainsKey(id), id)) continue;
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
                continue;
            }
            if (type != "school")
            {
                _orgs.TryAdd(id, null);
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
        }
    }

    private void ReadSessions()
    {
        using var f = Open("academicSessions.csv");
        if (f is null)
        {
            foreach (var (id, s) in _currentIds.SessionOf) _sessions[id] = s;
            return;
        }
        // schoolYears.csv, when present, is the complete set of school years; academicSessions then only names terms.
        var feedsYears = !_package.Has(TB.SchoolYears);
        if (feedsYears) _package.Source(TB.SchoolYears, f.File);
        if (!f.RequireColumns(["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"])) return;
        var years = new List<(SchoolYearRow Row, int Line)>();
        foreach (var r in f.Rows(_ct))
        {
            var id = r.Req("sourcedId");
            var title = r.Req("title");
            var type = r.Req("type");
            var begin = r.Date("startDate", true);
            var end = r.Date("endDate", true);
            var year = r.Year("schoolYear", true);
            if (r.Bad || Deleted(r) || !Unique(r, _sessions.ContainsKey(id), id)) continue;
            r.Range(end >= begin, "endDate", CsvFormat.Date(end), $"endDate {CsvFormat.Date(end)} is before startDate {CsvFormat.Date(begin)}.");
            if (r.Bad) continue;
            var isYear = type == "schoolYear";
            _sessions[id] = (year!.Value, isYear ? null : title);
            if (isYear && feedsYears)
                years.Add((new SchoolYearRow { SchoolYear = year.Value, Description = title, BeginDate = begin!.Value, EndDate = end!.Value }, r.Line));
        }
        foreach (var (row, line) in years) _package.Add(TB.SchoolYears, row with { IsCurrent = IsCurrent(row, years.Select(y => y.Row)) }, line);
    }

    /// <summary>OneRoster has no "current year": keep the store's choice, else the year containing today, else the latest.</summary>
    private bool IsCurrent(SchoolYearRow row, IEnumerable<SchoolYearRow> all)
    {
        var list = all.ToList();
        var kept = _current.SchoolYears.FirstOrDefault(y => y.IsCurrent && list.Exists(n => n.SchoolYear == y.SchoolYear));
        if (kept is not null) return kept.SchoolYear == row.SchoolYear;
        var today = list.FirstOrDefault(y => y.BeginDate <= _today && _today <= y.EndDate);
        return (today?.SchoolYear ?? list.Max(y => y.SchoolYear)) == row.SchoolYear;
    }

    private void ReadCourses()
    {
        using var f = Open("courses.csv");
        if (f is null)
        {
            var titles = _current.Courses.ToDictionary(c => (c.SchoolId, c.LocalCourseCode), c => c.Title);
            foreach (var (id, (school, code)) in _currentIds.CourseOf) _courses[id] = (school, code, titles[(school, code)], 0);
            return;
        }
        _package.Source(TB.Courses, f.File, new Dictionary<string, string> { ["SchoolId"] = "orgSourcedId", ["LocalCourseCode"] = "courseCode" });
        if (!f.RequireColumns(["sourcedId", "title", "orgSourcedId"])) return;
        foreach (var r in f.Rows(_ct))
        {
            var id = r.Req("sourcedId");
            var title = r.Req("title");
            var org = r.Req("orgSourcedId");
            if (r.Bad || Deleted(r) || !Unique(r, _courses.ContainsKey(id), id)) continue;
            if (!_orgs.TryGetValue(org, out var school))
            {
                r.Problem(E.BrokenReference, "orgSourcedId", org, $"Course '{id}' belongs to org '{org}', which is not in orgs.csv (or the store).");
                continue;
            }
            var code = r.Text("courseCode") ?? id;
            _courses[id] = (school, code, title, r.Line);
            if (school is not null) _package.Add(TB.Courses, new Course { SchoolId = school, LocalCourseCode = code, Title = title, SourcedId = id }, r.Line);
        }
    }

    private void ReadClasses()
    {
        using var f = Open("classes.csv");
        // A district-wide course (orgSourcedId = the district) becomes one course per school that teaches it.
        var districtCourses = new SortedSet<(string School, string CourseId)>();
        if (f is null)
        {
            foreach (var (id, s) in _currentIds.ClassOf) _classes[id] = s;
            foreach (var s in _current.Sections)
                foreach (var (id, c) in _courses.Where(c => c.Value.School is null && c.Value.Code == s.LocalCourseCode))
                    districtCourses.Add((s.SchoolId, id));
        }
        else
        {
            _package.Source(TB.Sections, f.File, new Dictionary<string, string>
            {
                ["SchoolId"] = "schoolSourcedId", ["SchoolYear"] = "termSourcedIds", ["LocalCourseCode"] = "courseSourcedId",
                ["ClassPeriodNames"] = "periods", ["SectionIdentifier"] = "sourcedId",
            });
            if (f.RequireColumns(["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"]))
                foreach (var r in f.Rows(_ct))
                    ReadClass(r, districtCourses);
        }
        foreach (var (school, courseId) in districtCourses)
        {
            var c = _courses[courseId];
            if (_package.Has(TB.Courses))
                _package.Add(TB.Courses, new Course { SchoolId = school, LocalCourseCode = c.Code, Title = c.Title, SourcedId = courseId }, c.Line);
        }
    }

    private void ReadClass(CsvRow r, SortedSet<(string, string)> districtCourses)
    {
        var id = r.Req("sourcedId");
        var title = r.Req("title");
        var courseId = r.Req("courseSourcedId");
        r.Req("classType");
        var schoolOrg = r.Req("schoolSourcedId");
        var terms = r.Req("termSourcedIds");
        var periods = (r.Text("periods") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tracked = r.Bool("metadata.attendanceTracked") ?? true;
        var active = r.Bool("metadata.isActive") ?? true;
        if (r.Bad || Deleted(r) || !Unique(r, _classes.ContainsKey(id), id)) return;
        if (periods.Length == 0)
            r.Problem(E.MissingColumn, "periods", null, $"Class '{id}' lists no periods; a section meets in at least one class period.");
        if (!_orgs.TryGetValue(schoolOrg, out var school) || school is null)
            r.Problem(E.BrokenReference, "schoolSourcedId", schoolOrg, $"Class '{id}' names school '{schoolOrg}', which is not a school in orgs.csv (or the store).");
        if (!_courses.TryGetValue(courseId, out var course))
            r.Problem(E.BrokenReference, "courseSourcedId", courseId, $"Class '{id}' names course '{courseId}', which is not in courses.csv (or the store).");
        var termId = terms.Split(',', StringSplitOptions.TrimEntries)[0];
        if (!_sessions.TryGetValue(termId, out var session))
            r.Problem(E.BrokenReference, "termSourcedIds", termId, $"Class '{id}' names academic session '{termId}', which is not in academicSessions.csv (or the store).");
        if (r.Bad) return;
        var section = new Section
        {
            SchoolId = school!, SchoolYear = session.Year, SectionIdentifier = r.Text("metadata.sectionIdentifier") ?? id, LocalCourseCode = course.Code,
            SessionName = session.Session, ClassPeriodNames = periods, AttendanceTracked = tracked, IsActive = active, Title = title,
        };
        _classes[id] = (section.SchoolId, section.SchoolYear, section.SectionIdentifier);
        if (course.School is null) districtCourses.Add((section.SchoolId, courseId));
        _package.Add(TB.Sections, section, r.Line);
    }

    private void ReadUsers()
    {
        using var f = Open("users.csv");
        if (f is null) return;
        _package.Source(TB.Students, f.File, new Dictionary<string, string> { ["StudentUniqueId"] = "sourcedId" });
        // OneRoster 1.1 keeps the role in users.csv; 1.2 moved it to roles.csv.
        var v11 = f.Has("role");
        HashSet<string>? students = null;
        if (!v11)
        {
            students = ReadStudentRoles();
            if (students is null)
            {
                _problems.Add(E.MissingColumn, f.File, 1, "role", null,
                    "users.csv has no role column (OneRoster 1.1) and the package has no roles.csv (OneRoster 1.2), so students cannot be told apart.");
                return;
            }
        }
        if (!f.RequireColumns(v11
                ? ["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"]
                : ["sourcedId", "enabledUser", "username", "givenName", "familyName"])) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in f.Rows(_ct))
        {
            var id = r.Text("sourcedId");
            if (id is null || !(v11 ? r.Text("role") == "student" : students!.Contains(id))) continue;
            r.Req("username");
            r.Bool("enabledUser", required: true);
            var student = new Student
            {
                StudentUniqueId = id, LocalId = r.Text("identifier"), FirstName = r.Req("givenName"), LastSurname = r.Req("familyName"),
                BirthDate = r.Date("metadata.birthDate"), ClassOfSchoolYear = r.Year("metadata.classOfSchoolYear"),
                IsDeleted = string.Equals(r.Text("status"), "tobedeleted", StringComparison.OrdinalIgnoreCase),
            };
            if (r.Bad || !Unique(r, !seen.Add(id), id)) continue;
            _package.Add(TB.Students, student, r.Line);
        }
    }

    private HashSet<string>? ReadStudentRoles()
    {
        using var f = Open("roles.csv");
        if (f is null) return null;
        var students = new HashSet<string>(StringComparer.Ordinal);
        if (!f.RequireColumns(["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"])) return students;
        foreach (var r in f.Rows(_ct))
            if (r.Text("role") == "student" && !Deleted(r) && r.Text("userSourcedId") is { } user) students.Add(user);
        return students;
    }

    private void ReadEnrollments()
    {
        using var f = Open("enrollments.csv");
        if (f is null) return;
        _package.Source(TB.Rosters, f.File, new Dictionary<string, string>
        {
            ["SectionIdentifier"] = "classSourcedId", ["SchoolId"] = "classSourcedId", ["SchoolYear"] = "classSourcedId", ["StudentUniqueId"] = "userSourcedId",
        });
        if (!f.RequireColumns(["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"])) return;
        var years = (_package.Has(TB.SchoolYears) ? _package.Data.SchoolYears : _current.SchoolYears).ToDictionary(y => y.SchoolYear);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in f.Rows(_ct))
        {
            if (r.Text("role") != "student" || Deleted(r)) continue;
            var id = r.Req("sourcedId");
            var classId = r.Req("classSourcedId");
            r.Req("schoolSourcedId");
            var user = r.Req("userSourcedId");
            var begin = r.Date("beginDate");
            var end = r.Date("endDate");
            var homeroom = r.Bool("metadata.homeroomIndicator") ?? false;
            if (r.Bad || !Unique(r, !seen.Add(id), id)) continue;
            if (!_classes.TryGetValue(classId, out var section))
            {
                r.Problem(E.BrokenReference, "classSourcedId", classId, $"Enrollment '{id}' names class '{classId}', which is not in classes.csv (or the store).");
                continue;
            }
            if (begin is null)
            {
                // The roster key needs a begin date; without one the span starts with the school year.
                if (!years.TryGetValue(section.Year, out var year))
                {
                    r.Problem(E.BrokenReference, "beginDate", null, $"Enrollment '{id}' has no beginDate and school year {section.Year} is unknown.");
                    continue;
                }
                begin = year.BeginDate;
            }
            r.Range(end is null || end >= begin, "endDate", CsvFormat.Date(end), $"endDate {CsvFormat.Date(end)} is before beginDate {CsvFormat.Date(begin)}.");
            if (r.Bad) continue;
            _package.Add(TB.Rosters, new StudentSectionAssociation
            {
                StudentUniqueId = user, SchoolId = section.School, SchoolYear = section.Year, SectionIdentifier = section.Section,
                BeginDate = begin.Value, EndDate = end, HomeroomIndicator = homeroom,
            }, r.Line);
        }
    }

    /// <summary>A bulk row marked tobedeleted is left out, as if the file did not have it.</summary>
    private static bool Deleted(CsvRow r) => string.Equals(r.Text("status"), "tobedeleted", StringComparison.OrdinalIgnoreCase);

    private static bool Unique(CsvRow r, bool seenBefore, string id)
    {
        if (seenBefore) r.Problem(E.DuplicateKey, "sourcedId", id, $"sourcedId '{id}' appears more than once in {r.File}.");
        return !seenBefore;
    }
}
