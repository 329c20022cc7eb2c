using System.Data.Common;
using System.Globalization;

namespace AttendanceTools.Engine.Storage;

/// <summary>The district's time zone as the store holds it: <see cref="Id"/> is null when none is set (then <see cref="Zone"/> is this computer's).</summary>
public sealed record DistrictTimeZone(TimeZoneInfo Zone, string? Id)
{
    public bool IsSet => Id is not null;
}

/// <summary>Store-wide settings (district name, time zone, store id) in the <c>Setting</c> table.</summary>
public static class StoreSettings
{
    public const string StoreId = "StoreId", DistrictName = "DistrictName", TimeZone = "TimeZone";
    public const string SettingsOperation = "StoreSettings";

    /// <summary>
    /// A new store gets an id and no time zone: the district's zone is said explicitly (Set-AttendanceStore
    /// -TimeZone, an import's metadata.timeZone, the demo), never guessed from the computer that made the file.
    /// </summary>
    internal static void InitializeNew(DbConnection connection, TimeProvider clock)
    {
        _ = clock;
        Set(connection, null, StoreId, Guid.NewGuid().ToString("D"));
    }

    public static string? Get(DbConnection connection, string name, DbTransaction? tx = null)
        => connection.ScalarString("SELECT Value FROM Setting WHERE Name = @n", tx, ("n", name));

    public static void Set(DbConnection connection, DbTransaction? tx, string name, string? value)
    {
        connection.Execute("DELETE FROM Setting WHERE Name = @n", tx, ("n", name));
        connection.Execute("INSERT INTO Setting (Name, Value) VALUES (@n, @v)", tx, ("n", name), ("v", value));
    }

    /// <summary>True when this computer knows the zone id (IANA, or Windows, which .NET maps to IANA).</summary>
    public static bool IsKnownTimeZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>Refuses (<c>TimeZoneUnknown</c>, naming the id) a zone id this computer does not know.</summary>
    public static void EnsureKnownTimeZone(string? id)
    {
        if (!IsKnownTimeZone(id)) throw UnknownZone(id ?? "", "The time zone");
    }

    /// <summary>
    /// The district's time zone. Not set: <paramref name="clock"/>'s local zone, with <see cref="DistrictTimeZone.IsSet"/>
    /// false so that callers warn. Set to an id this computer does not know: refused (<c>TimeZoneUnknown</c>), never UTC.
    /// </summary>
    public static DistrictTimeZone ReadTimeZone(DbConnection connection, TimeProvider clock, DbTransaction? tx = null)
    {
        var id = Get(connection, TimeZone, tx);
        if (string.IsNullOrWhiteSpace(id)) return new DistrictTimeZone(clock.LocalTimeZone, null);
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return new DistrictTimeZone(zone, id);
        throw UnknownZone(id, "The store's district time zone");
    }

    /// <summary>The district's time zone (this computer's when none is set; an unknown id is refused).</summary>
    public static TimeZoneInfo GetTimeZone(DbConnection connection) => ReadTimeZone(connection, TimeProvider.System).Zone;

    internal static AttendanceException UnknownZone(string id, string what) => new("TimeZoneUnknown", FailureKind.InvalidData,
        string.Create(CultureInfo.InvariantCulture, $"{what} '{id}' is not a time zone this computer knows."), id,
        "Use an IANA zone id such as America/Los_Angeles (or a Windows id such as Pacific Standard Time): Set-AttendanceStore -TimeZone <id>.");

    /// <summary>
    /// Sets the district's time zone (Set-AttendanceStore -TimeZone) through the engine's <see cref="WriteProtocol"/>: the store's
    /// writer lease, one transaction, maintenance lock honoured, one run-log row that records the old and the new zone.
    /// Returns the previous id (null when none was set); setting the same zone again writes nothing.
    /// </summary>
    public static string? SetTimeZone(AttendanceStore store, string id, string? lockToken = null, IOperationObserver? observer = null)
    {
        EnsureKnownTimeZone(id);
        return WriteProtocol.Apply(store, SettingsOperation, lockToken, tx =>
        {
            var previous = Get(tx.Connection, TimeZone, tx.Transaction);
            if (string.Equals(previous, id, StringComparison.Ordinal)) return previous;
            var now = store.Clock.GetUtcNow();
            Set(tx.Connection, tx.Transaction, TimeZone, id);
            RunLog.Write(tx.Connection, tx.Transaction, new RunInfo
            {
                Operation = SettingsOperation, Scope = "TimeZone", StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
                StartedAt = now, FinishedAt = now, Updated = 1,
                Details = System.Text.Json.JsonSerializer.Serialize(new { Setting = TimeZone, From = previous, To = id }),
            });
            return previous;
        }, observer ?? NullObserver.Instance, CancellationToken.None);
    }
}
