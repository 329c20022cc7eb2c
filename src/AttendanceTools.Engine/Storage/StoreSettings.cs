using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>Store-wide settings (district name, time zone, store id) in the <c>Setting</c> table.</summary>
public static class StoreSettings
{
    public const string StoreId = "StoreId", DistrictName = "DistrictName", TimeZone = "TimeZone";

    internal static void InitializeNew(DbConnection connection, TimeProvider clock)
    {
        Set(connection, null, StoreId, Guid.NewGuid().ToString("D"));
        // The district's zone decides "today" and the 11 AM rule; a new store takes the machine's zone.
        Set(connection, null, TimeZone, clock.LocalTimeZone.Id);
    }

    public static string? Get(DbConnection connection, string name, DbTransaction? tx = null)
        => connection.ScalarString("SELECT Value FROM Setting WHERE Name = @n", tx, ("n", name));

    public static void Set(DbConnection connection, DbTransaction? tx, string name, string? value)
    {
        connection.Execute("DELETE FROM Setting WHERE Name = @n", tx, ("n", name));
        connection.Execute("INSERT INTO Setting (Name, Value) VALUES (@n, @v)", tx, ("n", name), ("v", value));
    }

    /// <summary>The district's time zone; UTC when the setting is missing or unknown on this machine.</summary>
    public static TimeZoneInfo GetTimeZone(DbConnection connection)
    {
        var id = Get(connection, TimeZone);
        if (string.IsNullOrEmpty(id)) return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }
}
