using System.Globalization;
using System.Text;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>
/// The OneRoster 1.2 CSV binding's rules a feed must meet [S44], written out independently of the
/// writer: each file's columns in the spec's order (extension columns only to the right, named
/// <c>metadata.*</c>), required fields filled, vocabularies, dates, unique sourcedIds, and every
/// sourcedId reference resolving within the package. Returns every problem found.
/// </summary>
internal static class OneRoster12
{
    private static readonly Dictionary<string, string[]> Columns = new()
    {
        ["orgs.csv"] = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        ["academicSessions.csv"] = ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],
        ["courses.csv"] = ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"],
        ["classes.csv"] = ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
            "termSourcedIds", "subjects", "subjectCodes", "periods"],
        ["users.csv"] = ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName", "identifier",
            "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
            "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"],
        ["roles.csv"] = ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"],
        ["enrollments.csv"] = ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"],
        ["demographics.csv"] = ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
            "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
            "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"],
    };

    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["orgs.csv"] = ["sourcedId", "name", "type"],
        ["academicSessions.csv"] = ["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"],
        ["courses.csv"] = ["sourcedId", "title", "orgSourcedId"],
        ["classes.csv"] = ["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"],
        ["users.csv"] = ["sourcedId", "enabledUser", "username", "givenName", "familyName"],
        ["roles.csv"] = ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
        ["enrollments.csv"] = ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"],
        ["demographics.csv"] = ["sourcedId"],
    };

    private static readonly Dictionary<(string File, string Column), string[]> Vocabulary = new()
    {
        [("orgs.csv", "type")] = ["department", "school", "district", "local", "state", "national"],
        [("academicSessions.csv", "type")] = ["gradingPeriod", "semester", "schoolYear", "term"],
        [("classes.csv", "classType")] = ["homeroom", "scheduled"],
        [("users.csv", "enabledUser")] = ["true", "false"],
        [("roles.csv", "roleType")] = ["primary", "secondary"],
        [("roles.csv", "role")] = ["aide", "counselor", "districtAdministrator", "guardian", "parent", "principal", "proctor", "relative", "siteAdministrator",
            "student", "systemAdministrator", "teacher"],
        [("enrollments.csv", "role")] = ["administrator", "proctor", "student", "teacher"],
        [("enrollments.csv", "primary")] = ["true", "false"],
    };

    /// <summary>(file, column) → the file whose sourcedIds it must name; a comma list when the column holds several.</summary>
    private static readonly (string File, string Column, string Target, bool List)[] References =
    [
        ("orgs.csv", "parentSourcedId", "orgs.csv", false),
        ("academicSessions.csv", "parentSourcedId", "academicSessions.csv", false),
        ("courses.csv", "schoolYearSourcedId", "academicSessions.csv", false),
        ("courses.csv", "orgSourcedId", "orgs.csv", false),
        ("classes.csv", "courseSourcedId", "courses.csv", false),
        ("classes.csv", "schoolSourcedId", "orgs.csv", false),
        ("classes.csv", "termSourcedIds", "academicSessions.csv", true),
        ("users.csv", "agentSourcedIds", "users.csv", true),
        ("users.csv", "primaryOrgSourcedId", "orgs.csv", false),
        ("roles.csv", "userSourcedId", "users.csv", false),
        ("roles.csv", "orgSourcedId", "orgs.csv", false),
        ("enrollments.csv", "classSourcedId", "classes.csv", false),
        ("enrollments.csv", "schoolSourcedId", "orgs.csv", false),
        ("enrollments.csv", "userSourcedId", "users.csv", false),
        ("demographics.csv", "sourcedId", "users.csv", false),
    ];

    private static readonly string[] DateColumns = ["startDate", "endDate", "beginDate", "birthDate"];

    public static List<string> Problems(string folder)
    {
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(folder, "*.csv").ToDictionary(f => Path.GetFileName(f), f => Read(f), StringComparer.Ordinal);
        if (!files.TryGetValue("manifest.csv", out var manifest))
            return ["manifest.csv is missing."];
        var properties = manifest.Rows.ToDictionary(r => r[0], r => r[1]);
        if (!manifest.Header.SequenceEqual(["propertyName", "value"])) problems.Add("manifest.csv: the header must be propertyName,value.");
        if (properties.GetValueOrDefault("manifest.version") != "1.0") problems.Add("manifest.csv: manifest.version must be 1.0.");
        if (properties.GetValueOrDefault("oneroster.version") != "1.2") problems.Add("manifest.csv: oneroster.version must be 1.2.");
        foreach (var (name, value) in properties.Where(p => p.Key.StartsWith("file.", StringComparison.Ordinal)))
        {
            var present = files.ContainsKey(name[5..] + ".csv");
            if (value != (present ? "bulk" : "absent")) problems.Add($"manifest.csv: {name} is '{value}' but the file is {(present ? "present" : "absent")}.");
        }
        foreach (var file in files.Keys.Where(f => f != "manifest.csv" && !properties.ContainsKey("file." + f[..^4])))
            problems.Add($"manifest.csv does not list {file}.");

        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (name, table) in files)
        {
            if (name == "manifest.csv") continue;
            if (!Columns.TryGetValue(name, out var spec))
            {
                problems.Add($"{name} is not a OneRoster 1.2 file.");
                continue;
            }
            if (!table.Header.Take(spec.Length).SequenceEqual(spec))
                problems.Add($"{name}: the header does not start with the spec's columns in order: {string.Join(",", table.Header)}");
            foreach (var extra in table.Header.Skip(spec.Length).Where(c => !c.StartsWith("metadata.", StringComparison.Ordinal)))
                problems.Add($"{name}: extension column '{extra}' is not named metadata.*.");
            if (table.Rows.Count == 0) problems.Add($"{name} has a header and no rows.");
            var set = ids[name] = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var row = table.Rows[i];
                var line = i + 2;
                if (row.Length != table.Header.Length) problems.Add($"{name} line {line}: {row.Length} fields, the header has {table.Header.Length}.");
                string Field(string column) => table.Index(column) is var at and >= 0 && at < row.Length ? row[at] : "";
                foreach (var column in Required[name].Where(c => Field(c).Length == 0)) problems.Add($"{name} line {line}: required field {column} is empty.");
                if (!set.Add(Field("sourcedId"))) problems.Add($"{name} line {line}: sourcedId '{Field("sourcedId")}' repeats.");
                foreach (var ((vocabFile, column), allowed) in Vocabulary.Where(v => v.Key.File == name))
                    if (Field(column) is { Length: > 0 } v && !allowed.Contains(v)) problems.Add($"{name} line {line}: {column} '{v}' is not in the vocabulary.");
                foreach (var column in DateColumns)
                    if (Field(column) is { Length: > 0 } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                        problems.Add($"{name} line {line}: {column} '{d}' is not a yyyy-MM-dd date.");
                if (Field("status") is { Length: > 0 } status && status is not ("active" or "tobedeleted")) problems.Add($"{name} line {line}: status '{status}'.");
            }
        }
        foreach (var (file, column, target, list) in References)
        {
            if (!files.TryGetValue(file, out var table) || table.Index(column) < 0) continue;
            var known = ids.GetValueOrDefault(target) ?? [];
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var value = table.Rows[i][table.Index(column)];
                foreach (var id in list ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : value.Length == 0 ? [] : [value])
                    if (!known.Contains(id)) problems.Add($"{file} line {i + 2}: {column} '{id}' is not a sourcedId in {target}.");
            }
        }
        return problems;
    }

    public sealed record Table(string[] Header, List<string[]> Rows)
    {
        public int Index(string column) => Array.IndexOf(Header, column);

        public string Value(string[] row, string column) => row[Index(column)];
    }

    /// <summary>RFC 4180, UTF-8 without BOM as OneRoster requires; a BOM is reported by the header check failing.</summary>
    public static Table Read(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(false));
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    break;
                default: field.Append(ch); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) records.Add([.. fields, field.ToString()]);
        return new Table(records[0], records.Skip(1).ToList());
    }
}
