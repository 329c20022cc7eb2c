namespace AttendanceTools.Engine.Import;

/// <summary>
/// OneRoster 1.1/1.2 enumeration values, matched as the standard writes them (case-sensitive, issue #8
/// item 13). A value the standard marks as an extension (<c>ext:…</c>) is accepted; a near miss such as
/// <c>Student</c> is refused with the value it probably meant, never silently read as something else.
/// </summary>
internal static class OneRosterVocabulary
{
    public static readonly string[] OrgTypes = ["department", "district", "local", "national", "school", "state"];
    public static readonly string[] SessionTypes = ["gradingPeriod", "schoolYear", "semester", "term"];
    public static readonly string[] Roles =
        ["administrator", "aide", "districtAdministrator", "guardian", "parent", "principal", "proctor", "relative", "siteAdministrator", "student",
         "systemAdministrator", "teacher"];
    public static readonly string[] RoleTypes = ["primary", "secondary"];
    public static readonly string[] ClassTypes = ["homeroom", "scheduled"];
    // 1.0 also wrote "inactive"; it marks nothing as deleted.
    public static readonly string[] Statuses = ["active", "inactive", "tobedeleted"];

    /// <summary>The value when the standard knows it (or it is an ext: value); otherwise a problem on the row and null.</summary>
    public static string? Check(CsvRow r, string column, string? value, string[] allowed, string what)
    {
        if (value is null || Array.IndexOf(allowed, value) >= 0 || value.StartsWith("ext:", StringComparison.Ordinal)) return value;
        var sameLetters = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
        var hint = sameLetters ?? Nearest.Of(value, allowed);
        r.Problem(ImportErrorIds.BadValue, column, value,
            $"'{value}' is not a OneRoster {what}" + (sameLetters is not null ? " (OneRoster values are case-sensitive)" : "") +
            (hint is not null ? $"; did you mean '{hint}'?" : $"; use one of {string.Join(", ", allowed)} (or an ext: value)."));
        return null;
    }
}
