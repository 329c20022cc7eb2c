using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Tests.Provisioning;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>
/// Compares a package with the export of the store it was imported into, for every file of the
/// package: rows matched by their key, each column the store keeps compared exactly. Every
/// difference the import documents is counted under its name in <see cref="Tolerated"/>; any other
/// difference is listed in <see cref="Differences"/>.
/// </summary>
internal sealed class FixtureComparison
{
    /// <summary>Own files: how many leading columns make a row's natural key.</summary>
    private static readonly Dictionary<string, int> OwnKeyColumns = new(StringComparer.Ordinal)
    {
        ["schoolYears.csv"] = 1, ["calendars.csv"] = 3, ["classPeriods.csv"] = 2, ["bellSchedules.csv"] = 2, ["bellSchedulePeriods.csv"] = 3,
        ["calendarDates.csv"] = 4, ["studentSchoolAssociations.csv"] = 3, ["studentYearRecords.csv"] = 2, ["attendanceCodes.csv"] = 3,
        ["dailyAttendance.csv"] = 3, ["meetingAttendance.csv"] = 6, ["attendanceSettings.csv"] = 2, ["attendanceTime.csv"] = 5,
    };

    public List<string> Differences { get; } = [];
    public SortedDictionary<string, int> Tolerated { get; } = new(StringComparer.Ordinal);

    private void Tolerate(string name) => Tolerated[name] = Tolerated.GetValueOrDefault(name) + 1;

    public static FixtureComparison Compare(string package, string export, IReadOnlyList<ImportFileAccount> accounts)
    {
        var result = new FixtureComparison();
        var files = Directory.EnumerateFiles(package, "*.csv").ToDictionary(f => Path.GetFileName(f), f => OneRoster12.Read(f), StringComparer.Ordinal);
        var district = files["orgs.csv"].Rows.Where(r => Value(files["orgs.csv"], r, "type") == "district").Select(r => r[0]).Single();
        string YearStart() => Value(files["academicSessions.csv"], files["academicSessions.csv"].Rows.Single(r => Value(files["academicSessions.csv"], r, "type") == "schoolYear"), "startDate");
        foreach (var (name, fixture) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (name == "manifest.csv")
            {
                result.Tolerate("manifest not stored");
                continue;
            }
            var account = accounts.Single(x => x.File == name);
            var path = Path.Combine(export, name);
            if (!File.Exists(path))
            {
                result.Differences.Add($"{name}: the export has no such file.");
                continue;
            }
            var exported = OneRoster12.Read(path);
            var missingColumns = fixture.Header.Where(h => !exported.Header.Contains(h)).ToList();
            if (missingColumns.Count > 0) result.Differences.Add($"{name}: the export lacks columns {string.Join(", ", missingColumns)}.");

            string Key(OneRoster12.Table t, string[] row) => name switch
            {
                "roles.csv" => Value(t, row, "userSourcedId"),
                "orgs.csv" when Value(t, row, "type") == "district" => "(district)",
                _ when OwnKeyColumns.TryGetValue(name, out var n) => string.Join("|", t.Header.Take(n).Select(h => Value(t, row, h))),
                _ => Value(t, row, "sourcedId"),
            };
            var exportedRows = exported.Rows.ToDictionary(r => Key(exported, r), StringComparer.Ordinal);
            var dropped = 0;
            foreach (var row in fixture.Rows)
            {
                var key = Key(fixture, row);
                if (!exportedRows.Remove(key, out var back))
                {
                    // Only non-student rows are dropped, and the account says how many.
                    var role = fixture.Header.Contains("role") ? Value(fixture, row, "role") : null;
                    var isStudentUser = name == "users.csv" && files["roles.csv"].Rows.Any(r => Value(files["roles.csv"], r, "userSourcedId") == row[0] && Value(files["roles.csv"], r, "role") == "student");
                    if ((role is not null && role != "student") || (name == "users.csv" && !isStudentUser))
                    {
                        dropped++;
                        result.Tolerate("row dropped");
                    }
                    else result.Differences.Add($"{name} row {key}: not in the export.");
                    continue;
                }
                foreach (var column in fixture.Header.Where(exported.Header.Contains))
                {
                    var want = Value(fixture, row, column);
                    var got = Value(exported, back, column);
                    if (want == got) continue;
                    var why = Tolerance(name, column, want, got, row, fixture, files, district, YearStart, account);
                    if (why is null) result.Differences.Add($"{name} row {key}, {column}: the fixture has '{want}', the export '{got}'.");
                    else result.Tolerate(why);
                }
            }
            foreach (var extra in exportedRows.Keys) result.Differences.Add($"{name} row {extra}: in the export, not in the fixture.");
            if (dropped != account.Dropped) result.Differences.Add($"{name}: {dropped} rows missing as dropped, the import account says {account.Dropped}.");
        }
        return result;
    }

    /// <summary>The documented reason a value may come back different, or null when none applies.</summary>
    private static string? Tolerance(string file, string column, string want, string got, string[] row, OneRoster12.Table fixture,
        Dictionary<string, OneRoster12.Table> files, string district, Func<string> yearStart, ImportFileAccount account)
    {
        if (account.ColumnsNotKept.Contains(column) && got.Length == 0) return "column not kept";
        if (column == "status" && want == "active" && got.Length == 0) return "status/dateLastModified not kept";
        if (column == "dateLastModified" && got.Length == 0) return "status/dateLastModified not kept";
        if ((file, column) == ("users.csv", "grades") && got.Length == 0)
        {
            var records = files["studentYearRecords.csv"];
            return records.Rows.Any(r => Value(records, r, "StudentUniqueId") == row[0] && Value(records, r, "GradeLevel") == want) ? "grade kept in the year record" : null;
        }
        if (want.Length == 0)
            return (file, column, got) switch
            {
                ("bellSchedulePeriods.csv", "LunchMinutes", "0") => "default LunchMinutes 0",
                ("bellSchedulePeriods.csv", "IsInstructional", "true") => "default IsInstructional true",
                ("calendarDates.csv", "InSession" or "TakesAttendance", "true" or "false") => "derived InSession/TakesAttendance",
                ("attendanceCodes.csv", "EventCategory", _) when OwnFiles.EventCategories.Contains(got) => "derived EventCategory",
                ("enrollments.csv", "beginDate", _) when got == yearStart() => "enrolment beginDate = first day of the school year",
                _ => null,
            };
        if (want == district && got == "district" && column is "sourcedId" or "parentSourcedId") return "district org id";
        if ((file, column) == ("roles.csv", "sourcedId") && got == $"role-{Value(fixture, row, "userSourcedId")}") return "role id role-<student>";
        if ((file, column) == ("courses.csv", "orgSourcedId") && want == district && account.Notes.Any(n => n.Contains("one course per school", StringComparison.Ordinal)))
        {
            var classes = files["classes.csv"];
            return classes.Rows.Any(r => Value(classes, r, "courseSourcedId") == row[0] && Value(classes, r, "schoolSourcedId") == got) ? "district course owned by its school" : null;
        }
        return null;
    }

    private static string Value(OneRoster12.Table t, string[] row, string column)
    {
        var i = Array.IndexOf(t.Header, column);
        return i < row.Length ? row[i] ?? "" : "";
    }
}
