using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>A school row as the read queries need it.</summary>
internal sealed record SchoolRow(int SchoolRef, string SchoolId, string Name, bool IsDistrictOffice, string? SchoolCategory, string? GradeLevels);

/// <summary>
/// Small reference lookups shared by the read queries: schools, school years, and the JSON
/// id lists that pass a set of surrogate keys as one parameter (no parameter-count limit, no
/// values spliced into SQL).
/// </summary>
internal static class Lookups
{
    public static List<SchoolRow> Schools(DbConnection c) => c.Query(
        "SELECT SchoolRef, SchoolId, Name, IsDistrictOffice, SchoolCategory, GradeLevels FROM School ORDER BY Name, SchoolId",
        r => new SchoolRow(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetBool(3), r.NullableString(4), r.NullableString(5)));

    /// <summary>
    /// The schools the patterns name (by name or id), or null when no pattern was given (no filter).
    /// Each literal pattern that names no school is reported as <c>SchoolNotFound</c>.
    /// </summary>
    public static HashSet<int>? ResolveSchools(IReadOnlyList<string> patterns, IEnumerable<SchoolRow> schools, Action<AttendanceException>? notFound)
    {
        if (patterns.Count == 0) return null;
        var list = schools as IReadOnlyCollection<SchoolRow> ?? schools.ToList();
        var refs = list.Where(s => NameMatch.AnyOf(patterns, s.Name, s.SchoolId)).Select(s => s.SchoolRef).ToHashSet();
        foreach (var p in patterns.Where(NameMatch.IsLiteral))
            if (!list.Any(s => NameMatch.AnyOf([p], s.Name, s.SchoolId))) notFound?.Invoke(NotFound.School(p));
        return refs;
    }

    /// <summary>Throws <c>DateRangeInvalid</c> when both ends are given and <paramref name="from"/> is after <paramref name="to"/>.</summary>
    public static void CheckRange(DateOnly? from, DateOnly? to, string fromName = "-From", string toName = "-To")
    {
        if (from is { } f && to is { } t && f > t) throw NotFound.DateRange(f, t, fromName, toName);
    }

    public static int? CurrentYear(DbConnection c)
    {
        var y = c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1");
        return y == 0 ? null : (int)y;
    }

    public static (DateOnly Begin, DateOnly End)? YearBounds(DbConnection c, int schoolYear)
    {
        var rows = c.Query("SELECT BeginDate, EndDate FROM SchoolYear WHERE SchoolYear = @y",
            r => (r.GetDate(0), r.GetDate(1)), null, ("y", schoolYear));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The year a query shows: the one asked for, else the current one. A year the store does not
    /// know is reported as <c>SchoolYearNotFound</c> and yields null; so does "no year asked and none current".
    /// </summary>
    public static (int Year, DateOnly Begin, DateOnly End)? ChosenYear(DbConnection c, int? asked, Action<AttendanceException>? notFound)
    {
        var year = asked ?? CurrentYear(c);
        if (year is null) return null;
        if (YearBounds(c, year.Value) is { } b) return (year.Value, b.Begin, b.End);
        if (asked is not null) notFound?.Invoke(NotFound.SchoolYear(SchoolYearText.Format(asked.Value)));
        return null;
    }

    /// <summary>
    /// "<paramref name="expression"/> is one of the values of the JSON array in <paramref name="parameter"/>":
    /// any number of keys in one parameter. Each store reads the array its own way (<see cref="ISqlDialect.InJsonSet"/>);
    /// <paramref name="ignoreCase"/> compares text values case-insensitively (ids), otherwise the values are integer keys.
    /// </summary>
    public static string InSet(DbConnection connection, string expression, string parameter, bool ignoreCase = false)
        => Dialects.Of(connection).InJsonSet(expression, parameter, ignoreCase);

    /// <summary>A set of integer keys as a JSON array, for <see cref="InSet"/>.</summary>
    public static string Json(IEnumerable<int> refs) => "[" + string.Join(",", refs.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "]";

    public static string Json(IEnumerable<long> ids) => "[" + string.Join(",", ids.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "]";
}
