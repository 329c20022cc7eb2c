using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>
/// One small demo store per test class, made once with New-AttendanceDemoStore; each test works
/// on its own copy. Also reads and edits a store with the tests' own SQLite, to check what was
/// written: only while the module holds no connection to that file (two SQLite libraries in one
/// process must never have the same file open at once), so callers disconnect first.
/// </summary>
public sealed class DemoTemplate : IDisposable
{
    public const int Students = 120, Seed = 3;

    public DemoTemplate()
    {
        Folder = Directory.CreateTempSubdirectory("attendancetools-demo-").FullName;
        Path = System.IO.Path.Combine(Folder, "template.db");
        using var s = new PsSession();
        s.Run("New-AttendanceDemoStore -Path $p -Students $n -Seed $seed -NoConnect -Confirm:$false",
            new Dictionary<string, object?> { ["p"] = Path, ["n"] = Students, ["seed"] = Seed }).ShouldSucceed();
        SqliteConnection.ClearAllPools();
    }

    public string Folder { get; }
    public string Path { get; }

    /// <summary>A private copy of the template in <paramref name="folder"/>.</summary>
    public string CopyTo(string folder, string name = "district.db")
    {
        var target = System.IO.Path.Combine(folder, name);
        File.Copy(Path, target, overwrite: true);
        return target;
    }

    public static long Scalar(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query, each as its column values.</summary>
    public static List<object[]> Rows(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object[]>();
        while (r.Read())
        {
            var values = new object[r.FieldCount];
            r.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }

    public static void Execute(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Everything a refresh could write, as one string (run log and bookkeeping included).</summary>
    public static string Checksum(string store)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        c.Open();
        var parts = new List<string>();
        foreach (var table in new[] { "DayAggregate", "AggregationState", "RunLog", "ChangeLog", "Lease" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            using var r = cmd.ExecuteReader();
            while (r.Read()) parts.Add(string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i))));
        }
        return string.Join("|", parts);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
