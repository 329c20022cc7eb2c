using System.Text.Json;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A run's details travel as JSON in the store but reach people as plain objects: dictionaries
/// (name to value), lists, numbers, text and booleans, which PowerShell dots into
/// (<c>$run.Details.Tables.DailyAttendance</c>) and <c>ConvertTo-Json</c> writes back as JSON.
/// </summary>
public static class RunDetails
{
    /// <summary>The stored text of what a writer put in <see cref="RunInfo.Details"/>: JSON text as is, anything else serialised.</summary>
    public static string? ToJson(object? details) => details switch
    {
        null => null,
        string s => s,
        _ => JsonSerializer.Serialize(details),
    };

    /// <summary>Stored JSON back as plain objects (null for no details; unreadable text stays text).</summary>
    public static object? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Convert(doc.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.OrdinalIgnoreCase),
        JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToArray(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : (object)e.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

}
