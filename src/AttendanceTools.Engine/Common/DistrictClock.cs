using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine;

/// <summary>
/// "Now" and "today" in the district's time zone (domain §2.3): the store's injected clock, or the
/// instant a run's <c>-AsOf</c> names, read in the zone the store says.
/// </summary>
public static class DistrictClock
{
    /// <summary>
    /// The district's wall-clock time. <paramref name="asOf"/> replaces the clock: a DateTime of kind
    /// Unspecified is read as district wall-clock time (what a person types: 2025-10-15 11:30); Utc and
    /// Local name an instant, converted to the district's zone. When the store has no zone set, this
    /// computer's zone is used and <paramref name="observer"/> gets a <c>TimeZoneNotSet</c> warning.
    /// </summary>
    public static DateTime LocalNow(AttendanceStore store, DbConnection connection, DateTime? asOf = null, IOperationObserver? observer = null)
    {
        var zone = StoreSettings.ReadTimeZone(connection, store.Clock);
        if (!zone.IsSet)
            observer?.Warning("TimeZoneNotSet",
                $"The store '{store.Location}' has no district time zone; this run reads the clock in this computer's zone '{zone.Zone.Id}'. " +
                "Set the district's zone with Set-AttendanceStore -TimeZone <id> so that 'today' and the 11 AM rule do not depend on where the job runs.");
        return asOf is { } at ? ToLocal(at, zone.Zone) : TimeZoneInfo.ConvertTime(store.Clock.GetUtcNow(), zone.Zone).DateTime;
    }

    /// <summary>An -AsOf value as district wall-clock time (see <see cref="LocalNow"/>).</summary>
    public static DateTime ToLocal(DateTime asOf, TimeZoneInfo zone) => asOf.Kind == DateTimeKind.Unspecified
        ? asOf
        : TimeZoneInfo.ConvertTime(new DateTimeOffset(asOf.ToUniversalTime(), TimeSpan.Zero), zone).DateTime;
}
