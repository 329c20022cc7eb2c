using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using E = AttendanceTools.Engine.Import.ImportErrorIds;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Checks a package against the district it would produce: the store with every table of the package
/// replaced by the package's rows. Keys must be unique within a file; every reference must resolve in
/// that district, whether the referring row comes from the package or stays in the store (a deletion
/// that would strand stored rows is refused, naming them).
/// </summary>
internal static class ImportValidator
{
    // The tables each table refers to; a table is re-checked when it or one of these comes from the package.
    internal static readonly Dictionary<string, string[]> Parents = new(StringComparer.Ordinal)
    {
        ["AcademicSession"] = ["SchoolYear"], ["Calendar"] = ["School", "SchoolYear"], ["ClassPeriod"] = ["School"], ["BellSchedule"] = ["School"],
        ["BellSchedulePeriod"] = ["BellSchedule", "ClassPeriod"], ["CalendarDate"] = ["Calendar", "BellSchedule"], ["Course"] = ["School"],
        ["Section"] = ["School", "SchoolYear", "Course", "ClassPeriod"], ["StudentSchoolAssociation"] = ["Student", "School", "Calendar"],
        ["StudentYearRecord"] = ["Student", "School"], ["StudentSectionAssociation"] = ["Section", "Student"], ["Program"] = ["School"],
        ["StudentProgramAssociation"] = ["Student", "Program"], ["AttendanceCode"] = ["School", "SchoolYear"],
        ["DailyAttendance"] = ["School", "Student", "AttendanceCode", "SchoolYear"],
        ["MeetingAttendance"] = ["School", "Student", "Section", "ClassPeriod", "AttendanceCode"], ["AttendanceTime"] = ["Student", "School"],
        ["AttendanceSettings"] = ["School"], ["BackfillPreference"] = ["School"], ["CourseRequest"] = ["Student", "School"],
        ["ReportCardMark"] = ["Student", "School"], ["SuccessPlan"] = ["Student"],
    };

    /// <summary>The district after the import: package tables replace the store's, the others stay.</summary>
    public static DistrictData Merge(DistrictData current, ImportPackage package)
    {
        var merged = new DistrictData { DistrictName = package.DistrictName ?? current.DistrictName, TimeZone = package.TimeZone ?? current.TimeZone };
        foreach (var table in DistrictTables.All)
        {
            var into = table.Rows(merged);
            foreach (var row in table.Rows(package.Has(table) ? package.Data : current)) into.Add(row);
        }
        return merged;
    }

    /// <summary>
    /// Checks every reference of the merged district, table by table in dependency order, and returns the maps it built
    /// (every key of the district after the import), with which <see cref="Walk"/> checks tables read later.
    /// </summary>
    public static DistrictRefs CheckReferences(DistrictData merged, ImportPackage package, ImportProblems problems, CancellationToken ct)
    {
        var refs = new DistrictRefs(new Sink(package, problems));
        foreach (var table in DistrictTables.All)
            Walk(table, table.Rows(merged).Cast<object>(), NeedsCheck(table, package), refs, ct);
        return refs;
    }

    /// <summary>True when the import may break <paramref name="table"/>'s references: it or a table it refers to comes from the package.</summary>
    public static bool NeedsCheck(DistrictTable table, ImportPackage package)
        => package.Has(table) || (Parents.TryGetValue(table.Name, out var parents) && parents.Any(p => package.Has(DistrictTables.ByName(p))));

    /// <summary>
    /// One table's rows of the district after the import, in order (a package table's index is its row's index in the package):
    /// each row's references checked when <paramref name="check"/>, and its key registered for the tables after it.
    /// </summary>
    public static void Walk(DistrictTable table, IEnumerable<object> rows, bool check, DistrictRefs refs, CancellationToken ct)
    {
        var values = new object?[table.Def.Columns.Count];
        var i = 0;
        foreach (var row in rows)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (check)
            {
                refs.Row = new DistrictRefs.RowContext(table, i, row);
                table.Bind(row, refs, values);
            }
            table.Register(row, refs, table.HasIdentity ? refs.NextId(table) : 0);
            i++;
        }
    }

    /// <summary>Issue #9: a calendar day must fall inside its school year (<c>ImportBadRange</c> on its Date).</summary>
    public static void CheckCalendarDatesInYear(DistrictData merged, ImportPackage package, ImportProblems problems)
    {
        var table = DistrictTables.CalendarDates;
        if (!package.Has(table)) return;
        var years = merged.SchoolYears.ToDictionary(y => y.SchoolYear);
        var days = package.Data.CalendarDates;
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            if (!years.TryGetValue(d.SchoolYear, out var y) || (d.Date >= y.BeginDate && d.Date <= y.EndDate)) continue;
            problems.Add(E.BadRange, package.FileOf(table), package.LineOf(table, i), "Date", CsvFormat.Date(d.Date),
                $"{CsvFormat.Date(d.Date)} is outside school year {y.SchoolYear} ({CsvFormat.Date(y.BeginDate)} to {CsvFormat.Date(y.EndDate)}), to which calendar '{d.CalendarCode}' belongs.");
        }
    }

    /// <summary>Turns an unresolved reference into a problem that names the file and line, or the stored row.</summary>
    private sealed class Sink(ImportPackage package, ImportProblems problems) : IReferenceSink
    {
        public void Missing(DistrictRefs.RowContext row, string column, string value, string reference)
        {
            if (package.Has(row.Table))
            {
                var id = row.Row is CalendarDate { InSession: true } or CalendarDate { TakesAttendance: true } && column == "BellScheduleName"
                    ? E.CalendarDateWithoutBellSchedule : E.BrokenReference;
                problems.Add(id, package.FileOf(row.Table), package.LineOf(row.Table, row.Index), package.ColumnOf(row.Table, column), value,
                    $"{row.Entity} {row.Key} refers to {reference}, which is neither in the package nor in the store.");
                return;
            }
            problems.Add(new ImportProblem
            {
                ErrorId = E.BrokenReference, Table = row.Entity, Key = row.Key, Column = column, Value = value,
                Reason = $"this row, already in the store and not in the package, refers to {reference}, which the import would delete. " +
                         $"Keep {reference} in the package, or include a {FileHint(row.Table)} without the row.",
            });
        }

        private static string FileHint(DistrictTable table)
            => OwnFiles.All.FirstOrDefault(f => f.Table == table)?.FileName ?? table.Name switch
            {
                "School" => "orgs.csv", "Course" => "courses.csv", "Section" => "classes.csv", "Student" => "users.csv",
                "StudentSectionAssociation" => "enrollments.csv", _ => table.Name,
            };
    }
}
