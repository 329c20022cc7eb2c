using System.Globalization;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Conversions between model values and their stored form. One place, so a dialect that
/// stores dates natively only has to change these.
/// </summary>
public static class DbValue
{
    public static int Date(DateOnly d) => (d.Year * 10000) + (d.Month * 100) + d.Day;

    public static DateOnly Date(int yyyymmdd) => new(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);

    public static object DateOrNull(DateOnly? d) => d is { } v ? Date(v) : DBNull.Value;

    public static DateOnly? NullableDate(object? value) => value is null or DBNull ? null : Date(Convert.ToInt32(value, CultureInfo.InvariantCulture));

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Timestamp(string text)
        => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Decimal(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    public static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static object OrNull(object? value) => value ?? DBNull.Value;

    public static int Bool(bool b) => b ? 1 : 0;
}
