using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine;

/// <summary>"Now" and "today" in the district's time zone, from the store's injected clock (domain §2.3).</summary>
public static class DistrictClock
{
    public static DateTime LocalNow(AttendanceStore store, DbConnection connection)
        => TimeZoneInfo.ConvertTime(store.Clock.GetUtcNow(), StoreSettings.GetTimeZone(connection)).DateTime;
}
