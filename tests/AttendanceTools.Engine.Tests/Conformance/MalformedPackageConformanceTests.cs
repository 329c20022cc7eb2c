using System.Globalization;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// Issue #9's table-driven malformed-package test on the server stores: every case of
/// <see cref="MalformedPackageTests"/> (which runs them on SQLite, one theory row each) refused with the same error
/// id, file, line and column, and the store's content unchanged afterwards. One store per provider serves
/// every case, since none of them may write.
/// </summary>
public sealed class MalformedPackageConformanceTests
{
    [Theory, PostgreSql, SqlServer]
    public void Every_malformed_package_is_refused_as_on_SQLite_and_leaves_the_store_as_it_was(string provider)
    {
        using var t = new TempStore(provider: provider);
        ImportRun.Import(t.Store, PackageFolder.FixturePath);
        var before = StoreContent.Of(t.Store);
        var wrong = new List<string>();
        var cases = 0;

        foreach (MalformedPackageTests.Case c in MalformedPackageTests.Cases)
        {
            cases++;
            using var p = new PackageFolder();
            c.Break(p);
            var problems = ImportRun.Refused(t.Store, p.Path).Problems.Select(x => (x.ErrorId, x.File, x.Line, x.Column)).ToList();
            if (problems.Count != 1 || problems[0] != (c.ErrorId, c.File, c.Line, c.Column))
                wrong.Add($"{c.Name}: expected {(c.ErrorId, c.File, c.Line, c.Column)}, got {string.Join("; ", problems)}");
            if (StoreContent.Of(t.Store) != before) wrong.Add($"{c.Name}: the store changed");
        }

        Assert.Empty(wrong);
        Assert.True(cases > 30, $"Only {cases} cases ran.");
    }
}

/// <summary>
/// A store's whole content as text, the same way on every provider: every table of the schema, each row's
/// values in column order, rows sorted. Two reads are equal exactly when no row was added, removed or changed.
/// </summary>
internal static class StoreContent
{
    public static string Of(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var parts = new List<string>();
        foreach (var table in StoreCopy.Tables.Select(x => x.Name).Append("Lease").Append("SchemaVersion"))
        {
            var rows = c.Query($"SELECT * FROM {table}",
                r => string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
            rows.Sort(StringComparer.Ordinal);
            parts.Add($"{table} ({rows.Count}): {string.Join(";", rows)}");
        }
        return string.Join(Environment.NewLine, parts);
    }
}
