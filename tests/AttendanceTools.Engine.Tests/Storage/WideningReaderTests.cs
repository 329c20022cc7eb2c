using System.Data;
using System.Text.RegularExpressions;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>
/// SQL Server keeps integer columns as BIGINT and counts as INT, and its reader refuses a read of another width
/// (InvalidCastException) where SQLite's and Npgsql's convert. The engine's readers all open through Db.OpenReader,
/// which wraps SQL Server's in a WideningReader; a DataTable reader stands in for SqlDataReader's strictness here.
/// </summary>
public sealed class WideningReaderTests
{
    [Fact]
    public void Integers_read_at_the_width_asked_for_whatever_width_the_store_sent()
    {
        using var r = Reader((typeof(long), 20250902L), (typeof(int), 7), (typeof(decimal), 123m), (typeof(long), 0L), (typeof(short), (short)3));
        Assert.True(r.Read());

        Assert.Equal(20250902, r.GetInt32(0));
        Assert.Equal(7L, r.GetInt64(1));
        Assert.Equal(123L, r.GetInt64(2));
        Assert.Equal(123, r.GetInt32(2));
        Assert.False(r.GetBoolean(3));
        Assert.True(r.GetBoolean(1));
        Assert.Equal(3, r.GetInt32(4));
        Assert.Equal(20250902, r.GetFieldValue<int>(0));
        Assert.Equal(7L, r.GetFieldValue<long>(1));
        Assert.Equal(new DateOnly(2025, 9, 2), r.GetDate(0));
        Assert.Equal(7, r.NullableInt(1));
    }

    [Fact]
    public void The_inner_reader_alone_refuses_the_reads_the_wrapper_converts()
    {
        // What SqlDataReader does, and why the wrapper exists.
        using var raw = Table((typeof(long), 5L), (typeof(int), 6)).CreateDataReader();
        Assert.True(raw.Read());
        Assert.Throws<InvalidCastException>(() => raw.GetInt32(0));
        Assert.Throws<InvalidCastException>(() => raw.GetInt64(1));
    }

    [Fact]
    public void A_value_too_wide_or_not_whole_is_an_error_not_a_wrapped_number()
    {
        using var r = Reader((typeof(long), (long)int.MaxValue + 1), (typeof(decimal), 1.5m));
        Assert.True(r.Read());
        Assert.Throws<OverflowException>(() => r.GetInt32(0));
        var ex = Assert.Throws<InvalidCastException>(() => r.GetInt64(1));
        Assert.Contains("c1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reader_of_the_engine_opens_through_OpenReader()
    {
        var root = Path.Combine(RepositoryRoot(), "src");
        var direct = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(Path.Combine("Storage", "Db.cs"), StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"\.ExecuteReader(Async)?\("))
            .Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.Empty(direct);
    }

    private static WideningReader Reader(params (Type Type, object Value)[] columns) => new(Table(columns).CreateDataReader());

    private static DataTable Table(params (Type Type, object Value)[] columns)
    {
        var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        for (var i = 0; i < columns.Length; i++) table.Columns.Add("c" + i, columns[i].Type);
        table.Rows.Add([.. columns.Select(c => c.Value)]);
        return table;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AttendanceTools.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (AttendanceTools.sln) is not above the test folder.");
    }
}
