using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// SQL Server's reader with the integer reads the engine makes on every store. The engine reads an integer column as
/// the width it means (a surrogate as Int32, a stamp as Int64) while a store keeps integers as wide as its dialect
/// chooses (SQL Server: <c>BIGINT</c>) and computes some as narrower ones (<c>COUNT(*)</c> is <c>INT</c>); SQLite and
/// Npgsql convert between the widths, SqlDataReader throws <see cref="InvalidCastException"/>. Here a read converts,
/// and a value that does not fit the width asked for is an <see cref="OverflowException"/>, never a wrapped number.
/// Everything else passes straight through.
/// </summary>
internal sealed class WideningReader(DbDataReader inner) : DbDataReader
{
    public override int GetInt32(int ordinal)
        => inner.GetFieldType(ordinal) == typeof(int) ? inner.GetInt32(ordinal) : checked((int)Wide(ordinal));

    public override long GetInt64(int ordinal)
        => inner.GetFieldType(ordinal) == typeof(long) ? inner.GetInt64(ordinal) : Wide(ordinal);

    public override short GetInt16(int ordinal)
        => inner.GetFieldType(ordinal) == typeof(short) ? inner.GetInt16(ordinal) : checked((short)Wide(ordinal));

    public override bool GetBoolean(int ordinal)
        => inner.GetFieldType(ordinal) == typeof(bool) ? inner.GetBoolean(ordinal) : Wide(ordinal) != 0;

    public override T GetFieldValue<T>(int ordinal)
    {
        if (typeof(T) == typeof(int)) return (T)(object)GetInt32(ordinal);
        if (typeof(T) == typeof(long)) return (T)(object)GetInt64(ordinal);
        return inner.GetFieldValue<T>(ordinal);
    }

    /// <summary>Any integer the server sent (or a decimal with no fraction: SUM of BIGINT can be one) as a long.</summary>
    private long Wide(int ordinal) => inner.GetValue(ordinal) switch
    {
        decimal d when decimal.Truncate(d) != d => throw new InvalidCastException(
            $"Column {inner.GetName(ordinal)} holds {d.ToString(CultureInfo.InvariantCulture)}, which is not a whole number."),
        var value => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public override bool Read() => inner.Read();
    public override bool NextResult() => inner.NextResult();
    public override int FieldCount => inner.FieldCount;
    public override int Depth => inner.Depth;
    public override bool HasRows => inner.HasRows;
    public override bool IsClosed => inner.IsClosed;
    public override int RecordsAffected => inner.RecordsAffected;
    public override object this[int ordinal] => inner[ordinal];
    public override object this[string name] => inner[name];
    public override string GetName(int ordinal) => inner.GetName(ordinal);
    public override int GetOrdinal(string name) => inner.GetOrdinal(name);
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
    public override object GetValue(int ordinal) => inner.GetValue(ordinal);
    public override int GetValues(object[] values) => inner.GetValues(values);
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
    public override string GetString(int ordinal) => inner.GetString(ordinal);
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
    public override char GetChar(int ordinal) => inner.GetChar(ordinal);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
    public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();
    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
