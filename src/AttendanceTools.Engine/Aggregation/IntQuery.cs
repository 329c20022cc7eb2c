using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// A read of narrow integer rows that is compiled once and run many times with new bindings (a loader's
/// per-student seeks, a school's range scans). On SQLite it steps a <see cref="SqliteStatement"/>: the
/// aggregation inputs of a nightly run are hundreds of thousands of rows, and ADO.NET's reader costs
/// several times SQLite's own work per row. Other stores run the same SQL through ADO.NET, with the
/// positional parameters <c>?1</c>…<c>?9</c> renamed <c>@p1</c>…<c>@p9</c>.
/// </summary>
internal sealed partial class IntQuery : IDisposable
{
    private readonly SqliteStatement? _fast;
    private readonly DbCommand? _command;
    private DbDataReader? _reader;

    private IntQuery(DbConnection c, string sql)
    {
        _fast = SqliteStatement.TryPrepare(c, sql);
        if (_fast is not null) return;
        _command = c.Command(Positional().Replace(sql, "@p$1"));
        for (var i = 1; i <= Positional().Matches(sql).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max(); i++)
            _command.AddParameter("p" + i.ToString(CultureInfo.InvariantCulture), 0);
    }

    /// <summary>Compiles <paramref name="sql"/> (parameters <c>?1</c>…<c>?9</c>, bound as integers) on <paramref name="c"/>.</summary>
    public static IntQuery Prepare(DbConnection c, string sql) => new(c, sql);

    /// <summary>Binds parameter <c>?index</c>; call before the first <see cref="Read"/> of a run, after the previous run was read to its end.</summary>
    public IntQuery Bind(int index, int value)
    {
        if (_fast is not null) _fast.Bind(index, value);
        else _command!.Parameters[index - 1].Value = value;
        return this;
    }

    /// <summary>The next row of the current run; false at its end (the query can then be bound and run again).</summary>
    public bool Read()
    {
        if (_fast is not null) return _fast.Read();
        _reader ??= _command!.OpenReader();
        if (_reader.Read()) return true;
        _reader.Dispose();
        _reader = null;
        return false;
    }

    public int Int(int column) => _fast?.Int(column) ?? Convert.ToInt32(_reader!.GetValue(column), CultureInfo.InvariantCulture);

    public bool IsNull(int column) => _fast?.IsNull(column) ?? _reader!.IsDBNull(column);

    public int? NullableInt(int column) => IsNull(column) ? null : Int(column);

    public void Dispose()
    {
        _fast?.Dispose();
        _reader?.Dispose();
        _command?.Dispose();
    }

    [GeneratedRegex(@"\?([1-9])")]
    private static partial Regex Positional();
}
