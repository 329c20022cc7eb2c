using AttendanceTools.Engine.Model;
using static AttendanceTools.Engine.Import.CsvFormat;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;
using V = AttendanceTools.Engine.Import.OneRosterVocabulary;

namespace AttendanceTools.Engine.Import;

internal sealed partial class OneRosterReader
{
    /// <summary>A student row of users.csv and what its year record is made from.</summary>
    private sealed record StudentSource(string Id, IReadOnlyList<string> Orgs, string? Grades, bool Deleted, int Line);

    private void ReadUsers()
    {
        using var f = Open("users.csv");
        if (f is null) return;
        _package.Source(TB.Students, f.File, new Dictionary<string, string> { ["StudentUniqueId"] = "sourcedId" });
        // OneRoster 1.1 keeps the role in users.csv; 1.2 moved it to roles.csv.
        var v11 = f.Has("role");
        Dictionary<string, List<string>>? roleOrgs = null;
        if (!v11)
        {
            roleOrgs = ReadStudentRoles();
            if (roleOrgs is null)
            {
                _source.Problems.Add(E.MissingColumn, f.File, 1, "role", null,
                    "users.csv has no role column (OneRoster 1.1) and the package has no roles.csv (OneRoster 1.2), so students cannot be told apart.");
                return;
            }
        }
        if (!f.RequireColumns(v11
                ? ["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"]
                : ["sourcedId", "enabledUser", "username", "givenName", "familyName"])) return;
        var account = Account(f);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<StudentSource>();
        var notStudents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            // A blank sourcedId is refused whatever the role (issue #8 item 12): it cannot be referred to.
            var id = r.Req("sourcedId");
            var role = v11 ? V.Check(r, "role", r.Req("role"), V.Roles, "role") : roleOrgs!.ContainsKey(id) ? "student" : null;
            Common(r, account);
            if (r.Bad) continue;
            if (role != "student")
            {
                account.Drop(role is null ? "users without a student role in roles.csv (staff and others)" : $"users with role {role}");
                notStudents.Add(id);
                continue;
            }
            var student = new Student
            {
                StudentUniqueId = id, LocalId = r.Text("identifier"), FirstName = r.Req("givenName"), LastSurname = r.Req("familyName"),
                BirthDate = r.Date("metadata.birthDate") ?? (_birthDates.TryGetValue(id, out var born) ? born : null),
                ClassOfSchoolYear = r.Year("metadata.classOfSchoolYear"), Username = r.Req("username"),
                IsDeleted = r.Text("status") == "tobedeleted",
            };
            r.Bool("enabledUser", required: true);
            var orgs = v11
                ? (r.Text("orgSourcedIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : [.. roleOrgs![id], .. r.Text("primaryOrgSourcedId") is { } p ? [p] : Array.Empty<string>()];
            var grades = r.Text("grades");
            if (r.Bad || !Unique(r, !seen.Add(id), id)) continue;
            _package.Add(TB.Students, student, r.Line);
            sources.Add(new StudentSource(id, orgs, grades, student.IsDeleted, r.Line));
            account.Kept++;
        }
        if (_birthDates.Count > 0)
        {
            var demographics = _source.Account("demographics.csv");
            demographics.Kept = _birthDates.Keys.Count(seen.Contains);
            var others = _birthDates.Keys.Count(k => !seen.Contains(k));
            if (others > 0) demographics.Drop("rows of users who are not students", others);
        }
        if (!_package.Has(TB.YearRecords)) AddYearRecords(f.File, sources, v11 ? "orgSourcedIds" : "roles.csv", account);
        Close(f);
    }

    /// <summary>OneRoster 1.2: the users with a student role, each with its orgs (primary roles first).</summary>
    private Dictionary<string, List<string>>? ReadStudentRoles()
    {
        using var f = Open("roles.csv");
        if (f is null) return null;
        var students = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!f.RequireColumns(["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"])) return students;
        var account = Account(f);
        var roles = new List<(string User, string Org, bool Primary)>();
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var user = r.Req("userSourcedId");
            var role = V.Check(r, "role", r.Req("role"), V.Roles, "role");
            var roleType = V.Check(r, "roleType", r.Req("roleType"), V.RoleTypes, "role type");
            var org = r.Req("orgSourcedId");
            r.Req("sourcedId");
            var deleted = Common(r, account);
            if (r.Bad || deleted) continue;
            if (role != "student")
            {
                account.Drop($"roles {role}");
                continue;
            }
            roles.Add((user, org, roleType == "primary"));
            account.Kept++;
        }
        foreach (var (user, org, _) in roles.OrderBy(x => x.Primary ? 0 : 1))
        {
            if (!students.TryGetValue(user, out var orgs)) students[user] = orgs = [];
            orgs.Add(org);
        }
        Close(f);
        return students;
    }

    /// <summary>
    /// Issue #17: a OneRoster-only package makes each student visible — a year record for the package's school
    /// year, at the first school among the student's orgs, in the first of their grades. A year record the store
    /// already has keeps its other fields (status, promotion, next-year values); records of other years stay.
    /// </summary>
    private void AddYearRecords(string file, List<StudentSource> students, string orgColumn, FileAccount account)
    {
        if (_packageYear is not { } year)
        {
            account.Note("No school year is known (no academicSessions.csv and none current in the store), so no year records were made.");
            return;
        }
        _package.Source(TB.YearRecords, file, new Dictionary<string, string> { ["SchoolId"] = orgColumn, ["GradeLevel"] = "grades", ["StudentUniqueId"] = "sourcedId" });
        var inPackage = students.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var stored = new Dictionary<string, StudentYearRecord>(StringComparer.Ordinal);
        foreach (var y in _current.YearRecords.Where(y => inPackage.Contains(y.StudentUniqueId)))
            if (y.SchoolYear == year) stored[y.StudentUniqueId] = y;
            else _package.Keep(TB.YearRecords, y);
        var made = 0;
        var noSchool = 0;
        foreach (var s in students.Where(s => !s.Deleted))
        {
            var school = s.Orgs.Select(o => _orgs.GetValueOrDefault(o)).FirstOrDefault(x => x is not null);
            if (school is null)
            {
                noSchool++;
                continue;
            }
            var first = s.Grades?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            var grade = GradeLevel.Normalize(first);
            if (first is not null && grade is null)
            {
                _source.Problems.Add(E.BadValue, file, s.Line, "grades", s.Grades, $"'{first}' is not a grade level ({string.Join(" ", GradeLevel.Codes)}).");
                continue;
            }
            if (grade is null)
            {
                _source.Tolerate(file, s.Line, "grades", null, "a student has no grades; the year record's grade was set to UG (ungraded).",
                    E.MissingValue, "The student has no grades, which the year record needs.");
                grade = "UG";
            }
            var record = stored.TryGetValue(s.Id, out var had)
                ? had with { SchoolId = school, GradeLevel = grade }
                : new StudentYearRecord { StudentUniqueId = s.Id, SchoolYear = year, SchoolId = school, GradeLevel = grade };
            _package.Add(TB.YearRecords, record, s.Line);
            made++;
        }
        account.Note($"Year records for {SchoolYearText.Format(year)}: {Messages.Text.Number(made)} (school from {orgColumn}, grade from grades; fields the store had are kept).");
        if (noSchool > 0)
            _package.Warnings.Add(new EngineWarning(ImportWarningIds.Created,
                $"{file}: {Messages.Text.Count(noSchool, "student")} belong to no school org (only the district or an unknown org), so they got no year record for {SchoolYearText.Format(year)} and are not listed in that year."));
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
        var account = Account(f);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var role = V.Check(r, "role", r.Req("role"), V.Roles, "role");
            var deleted = Common(r, account);
            if (r.Bad || deleted) continue;
            if (role != "student")
            {
                account.Drop($"enrolments with role {role}");
                continue;
            }
            var id = r.Req("sourcedId");
            var classId = r.Req("classSourcedId");
            r.Req("schoolSourcedId");
            var user = r.Req("userSourcedId");
            var begin = r.Date("beginDate");
            var end = r.Date("endDate");
            var homeroom = r.Bool("metadata.homeroomIndicator");
            if (r.Bad || !Unique(r, !seen.Add(id), id)) continue;
            if (!_classes.TryGetValue(classId, out var section))
            {
                if (_classesUnread || _unreadClasses.Contains(classId)) continue;
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
            r.Range(end is null || end >= begin, "endDate", Date(end), $"endDate {Date(end)} is before beginDate {Date(begin)}.");
            if (r.Bad) continue;
            // A homeroom class (classType=homeroom) makes its enrolments homeroom unless the row says otherwise.
            _package.Add(TB.Rosters, new StudentSectionAssociation
            {
                StudentUniqueId = user, SchoolId = section.School, SchoolYear = section.Year, SectionIdentifier = section.Section,
                BeginDate = begin.Value, EndDate = end, HomeroomIndicator = homeroom ?? section.Homeroom, SourcedId = id,
            }, r.Line);
            account.Kept++;
        }
        Close(f);
    }
}
