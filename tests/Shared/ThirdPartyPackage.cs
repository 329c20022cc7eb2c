using System.Globalization;
using System.Text;

namespace AttendanceTools.Tests.Shared;

/// <summary>
/// Writes OneRoster packages shaped like the ones third-party systems and public generators produce
/// (issue #17), not like our exporter's: generated, never copied. Each quirk a real export commonly has
/// is switched on here, so tests state the warnings and counts each one must give.
///
/// The district: 3 schools, 125 students (student i at school ((i-1) mod 3)+1, grade 09..12 by i),
/// 20 teachers and 2 administrators, 12 district-owned courses of which 10 are taught, per school 9
/// scheduled classes and 1 homeroom class (30 classes), every student in the 10 classes of their school
/// (1,250 student enrolments) and one teacher per class (30 teacher enrolments), demographics for everyone.
/// </summary>
internal sealed class ThirdPartyPackage
{
    public const int Schools = 3, Students = 125, Teachers = 20, Administrators = 2, Courses = 12, TaughtCourses = 10, ClassesPerSchool = 10;
    public const int Classes = Schools * ClassesPerSchool, StudentEnrollments = Students * ClassesPerSchool;

    /// <summary>OneRoster 1.2 (roles.csv, primaryOrgSourcedId) instead of 1.1 (role and orgSourcedIds in users.csv).</summary>
    public bool V12 { get; init; }
    /// <summary>classes.csv says <c>termSourcedId</c> (singular).</summary>
    public bool SingularTermHeader { get; init; }
    /// <summary>The homeroom classes leave termSourcedIds empty.</summary>
    public bool HomeroomsWithoutTerms { get; init; }
    /// <summary>The schoolYear session says 2026 but is dated 2026-08-16..2027-08-15 (the year it ends in is 2027).</summary>
    public bool SchoolYearContradictsDates { get; init; }
    /// <summary>orgs.csv writes dateLastModified day-first ("16/08/2026 10:00"), which is no timestamp.</summary>
    public bool DayFirstTimestamps { get; init; }
    /// <summary>classes.csv has a periods column naming periods "1".."9" and "HR" (else no periods column at all).</summary>
    public bool Periods { get; init; }
    /// <summary>One schoolYear session per school, all for the same year.</summary>
    public bool YearPerSchool { get; init; }
    /// <summary>The last two students have no grades.</summary>
    public bool StudentsWithoutGrades { get; init; }

    public static string Org(int school) => $"5f1c0a3e-0000-4000-8000-00000000000{school}";
    public static string StudentId(int i) => string.Create(CultureInfo.InvariantCulture, $"b7d3{i:0000}-aaaa-4bbb-8ccc-dddddddddddd");
    public static string Grade(int i) => (9 + (i % 4)).ToString("00", CultureInfo.InvariantCulture);
    public static int SchoolOf(int i) => ((i - 1) % Schools) + 1;
    public int Year => SchoolYearContradictsDates ? 2027 : 2026;

    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var begin = SchoolYearContradictsDates ? "2026-08-16" : "2025-08-16";
        var end = SchoolYearContradictsDates ? "2027-08-15" : "2026-08-15";
        var year = "2026";
        var stamp = DayFirstTimestamps ? "16/08/2026 10:00" : "2026-08-16T10:00:00.000Z";

        Write(folder, "manifest.csv", ["propertyName", "value"],
            [["manifest.version", "1.0"], ["oneroster.version", V12 ? "1.2" : "1.1"], ["file.academicSessions", "bulk"], ["file.classes", "bulk"],
             ["file.courses", "bulk"], ["file.demographics", "bulk"], ["file.enrollments", "bulk"], ["file.orgs", "bulk"], ["file.users", "bulk"],
             ["file.roles", V12 ? "bulk" : "absent"], ["source.systemName", "Roster Generator 3.4"]]);

        var orgs = new List<string?[]> { new[] { "5f1c0a3e-0000-4000-8000-000000000000", "active", stamp, "Lakeside Unified", "district", "LUSD", null } };
        for (var s = 1; s <= Schools; s++) orgs.Add([Org(s), "active", stamp, $"Lakeside School {s}", "school", $"10{s}", "5f1c0a3e-0000-4000-8000-000000000000"]);
        Write(folder, "orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"], orgs);

        var sessions = new List<string?[]>();
        if (YearPerSchool)
            for (var s = 1; s <= Schools; s++) sessions.Add([$"sy-{s}", "active", "", $"School {s} {year}", "schoolYear", begin, end, null, year]);
        else sessions.Add(["sy", "active", "", $"SY {year}", "schoolYear", begin, end, null, year]);
        var parent = YearPerSchool ? "sy-1" : "sy";
        sessions.Add(["sem-1", "active", "", "Semester 1", "semester", begin, SchoolYearContradictsDates ? "2027-01-15" : "2026-01-15", parent, year]);
        sessions.Add(["sem-2", "active", "", "Semester 2", "semester", SchoolYearContradictsDates ? "2027-01-16" : "2026-01-16", end, parent, year]);
        Write(folder, "academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"], sessions);

        Write(folder, "courses.csv", ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"],
            [.. Enumerable.Range(1, Courses).Select(c => new[] { $"crs-{c}", "active", "", parent, c == TaughtCourses ? "Homeroom" : $"Course {c}", $"C{c:00}", "09,10,11,12",
                "5f1c0a3e-0000-4000-8000-000000000000", "", "" })]);

        var classHeader = new List<string> { "sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
            "schoolSourcedId", SingularTermHeader ? "termSourcedId" : "termSourcedIds", "subjects", "subjectCodes" };
        if (Periods) classHeader.Add("periods");
        var classes = new List<string?[]>();
        for (var s = 1; s <= Schools; s++)
            for (var c = 1; c <= ClassesPerSchool; c++)
            {
                var homeroom = c == TaughtCourses;
                var row = new List<string?> { ClassId(s, c), "active", "", homeroom ? $"Homeroom {s}" : $"Course {c} - School {s}", "09,10,11,12", $"crs-{c}", $"C{c:00}-{s}",
                    homeroom ? "homeroom" : "scheduled", $"Room {s}{c:00}", Org(s), homeroom && HomeroomsWithoutTerms ? "" : c % 2 == 0 ? "sem-1,sem-2" : "sem-1", "", "" };
                if (Periods) row.Add(homeroom ? "HR" : c.ToString(CultureInfo.InvariantCulture));
                classes.Add([.. row]);
            }
        Write(folder, "classes.csv", classHeader, classes);

        var userHeader = new List<string> { "sourcedId", "status", "dateLastModified", "enabledUser" };
        if (!V12) userHeader.AddRange(["orgSourcedIds", "role"]);
        userHeader.AddRange(["username", "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password"]);
        if (V12) userHeader.AddRange(["userMasterIdentifier", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"]);
        var users = new List<string?[]>();
        var roles = new List<string?[]>();
        void User(string id, string role, int school, string given, string family, string? grades)
        {
            var row = new List<string?> { id, "active", "", "true" };
            if (!V12) row.AddRange([Org(school), role]);
            row.AddRange([$"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}", "", given, family, "Q", id[..8], $"{given}@lakeside.example", "", "", "", grades, ""]);
            if (V12) row.AddRange(["", "", "", "", Org(school), ""]);
            users.Add([.. row]);
            roles.Add([$"role-{id}", "active", "", id, "primary", role, "", "", Org(school), ""]);
        }
        for (var i = 1; i <= Students; i++)
            User(StudentId(i), "student", SchoolOf(i), $"Stu{i}", $"Dent{i}", StudentsWithoutGrades && i > Students - 2 ? null : Grade(i));
        for (var t = 1; t <= Teachers; t++) User(TeacherId(t), "teacher", ((t - 1) % Schools) + 1, $"Tea{t}", $"Cher{t}", null);
        for (var a = 1; a <= Administrators; a++) User($"adm-{a}-0000-0000", "administrator", a, $"Ad{a}", $"Min{a}", null);
        Write(folder, "users.csv", userHeader, users);
        if (V12) Write(folder, "roles.csv", ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"], roles);

        var enrollments = new List<string?[]>();
        for (var s = 1; s <= Schools; s++)
            for (var c = 1; c <= ClassesPerSchool; c++)
                enrollments.Add([$"enr-t-{s}-{c}", "active", "", ClassId(s, c), Org(s), TeacherId(((c - 1) % Teachers) + 1), "teacher", "true", "", ""]);
        for (var i = 1; i <= Students; i++)
            for (var c = 1; c <= ClassesPerSchool; c++)
                enrollments.Add([$"enr-{i}-{c}", "active", "", ClassId(SchoolOf(i), c), Org(SchoolOf(i)), StudentId(i), "student", "false", begin, ""]);
        Write(folder, "enrollments.csv", ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"],
            enrollments);

        var demographics = new List<string?[]>();
        for (var i = 1; i <= Students; i++) demographics.Add([StudentId(i), "active", "", BirthDate(i), "female", "false", "false"]);
        for (var t = 1; t <= Teachers; t++) demographics.Add([TeacherId(t), "active", "", "1980-01-01", "male", "false", "false"]);
        Write(folder, "demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "hispanicOrLatinoEthnicity"], demographics);
    }

    public static string ClassId(int school, int course) => $"cls-{school}-{course:00}";
    public static string TeacherId(int t) => $"tch-{t:00}-0000-0000";
    public static string BirthDate(int i) => new DateOnly(2008, 1, 1).AddDays(i * 7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Write(string folder, string file, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        // Third-party exports often use CRLF and quote every field.
        var sb = new StringBuilder();
        sb.Append(string.Join(',', header.Select(Quote))).Append("\r\n");
        foreach (var row in rows) sb.Append(string.Join(',', row.Select(f => Quote(f ?? "")))).Append("\r\n");
        File.WriteAllText(Path.Combine(folder, file), sb.ToString(), new UTF8Encoding(true));
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
