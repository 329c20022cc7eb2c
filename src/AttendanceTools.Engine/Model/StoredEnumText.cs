using System.Globalization;

namespace AttendanceTools.Engine.Model;

/// <summary>
/// Enumeration text as the store holds it. The module writes names as declared ("Absent"), but a
/// district ETL job may write "absent" or "ABSENT ": that still names the value and is read as it
/// (issue #8 item 14). Text that names no value is refused with a clear error, never taken as the
/// default and never thrown as a raw exception in the middle of a run.
/// </summary>
public static class StoredEnumText
{
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return false;
        return Enum.TryParse(t, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The value <paramref name="text"/> names; <c>StoreBadValue</c> naming <paramref name="column"/> when it names none.</summary>
    public static TEnum Parse<TEnum>(string? text, string column) where TEnum : struct, Enum
    {
        if (TryParse<TEnum>(text, out var value)) return value;
        var names = string.Join(", ", Enum.GetNames<TEnum>());
        throw new AttendanceException("StoreBadValue", FailureKind.InvalidData,
            $"The store holds '{text}' in column {column}, which is not one of {names}. Something outside AttendanceTools wrote it.",
            text, $"Set {column} to one of {names} (any letter case is read), then run again.");
    }
}
