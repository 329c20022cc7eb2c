using System.Data.Common;
using System.Globalization;

namespace AttendanceTools.Tests.Reliability;

/// <summary>Rows of a query as text ("value|value|..."), read with the tests' own ADO.NET providers (SQLite, Npgsql).</summary>
internal static class DbRows
{
    /// <summary>Every row of <paramref name="sql"/> on the open <paramref name="c"/>; columns for which <paramref name="skip"/> is true are left out.</summary>
    public static List<string> Read(DbConnection c, string sql, Func<string, bool>? skip = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var columns = Enumerable.Range(0, r.FieldCount).Where(i => skip is null || !skip(r.GetName(i))).ToList();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join("|", columns.Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }
}
