using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Undo;

/// <summary>
/// Shows a stored row to people: surrogate refs become the natural ids they stand for, dates
/// become ISO dates. Conflict reports must name what a data administrator can look up.
/// </summary>
internal sealed class RowDescriber(DbConnection connection, DbTransaction? transaction)
{
    private static readonly Dictionary<string, (string Label, string Table, string KeyColumn, string NaturalColumn)> Refs = new(StringComparer.Ordinal)
    {
        ["SchoolRef"] = ("School", "School", "SchoolRef", "SchoolId"),
        ["StudentRef"] = ("Student", "Student", "StudentRef", "StudentUniqueId"),
        ["SectionRef"] = ("Section", "Section", "SectionRef", "SectionIdentifier"),
        ["ClassPeriodRef"] = ("Period", "ClassPeriod", "ClassPeriodRef", "ClassPeriodName"),
        ["CodeRef"] = ("Code", "AttendanceCode", "CodeRef", "Code"),
        ["MostCommonExcuseRef"] = ("MostCommonExcuse", "AttendanceCode", "CodeRef", "Code"),
        ["CalendarRef"] = ("Calendar", "Calendar", "CalendarRef", "CalendarCode"),
        ["ProgramRef"] = ("Program", "Program", "ProgramRef", "ProgramName"),
        ["BellScheduleRef"] = ("BellSchedule", "BellSchedule", "BellScheduleRef", "BellScheduleName"),
        ["CourseRef"] = ("Course", "Course", "CourseRef", "LocalCourseCode"),
    };

    private readonly Dictionary<(string, long), string> _names = [];

    public string Key(TableDef table, RowImage row) => Describe(table, row, table.PrimaryKey);

    public string Row(TableDef table, RowImage? row) =>
        row is null ? "(absent)" : Describe(table, row, table.Columns.Select(c => c.Name).Where(n => !table.PrimaryKey.Contains(n)).ToList());

    private string Describe(TableDef table, RowImage row, IReadOnlyList<string> columns) =>
        string.Join(", ", columns.Select(name => $"{Label(name)}={Value(table.Column(name), row.GetValueOrDefault(name))}"));

    private static string Label(string column) => Refs.TryGetValue(column, out var r) ? r.Label : column;

    private string Value(ColumnDef column, object? value)
    {
        if (value is null) return "null";
        if (Refs.TryGetValue(column.Name, out var r) && value is long id) return Natural(r.Table, r.KeyColumn, r.NaturalColumn, id);
        if (column.Type == ColumnType.Date && value is long d)
            return DbValue.Date((int)d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }

    private string Natural(string table, string keyColumn, string naturalColumn, long id)
    {
        if (_names.TryGetValue((table, id), out var name)) return name;
        // Identifiers come from the fixed map above, never from data.
        name = connection.ScalarString($"SELECT {naturalColumn} FROM {table} WHERE {keyColumn} = @id", transaction, ("id", id))
               ?? $"#{id.ToString(CultureInfo.InvariantCulture)}";
        _names[(table, id)] = name;
        return name;
    }
}
