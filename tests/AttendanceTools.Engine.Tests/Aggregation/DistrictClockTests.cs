using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>The district clock (domain §2.3): an explicit time zone, never silently UTC, and -AsOf.</summary>
public sealed class DistrictClockTests : IDisposable
{
    private readonly JeffersonStore _j = new();

    public void Dispose() => _j.Dispose();

    private string? Zone() { using var c = _j.Store.OpenConnection(); return StoreSettings.Get(c, StoreSettings.TimeZone); }

    private static AggregationRequest ManualAt(DateTime asOf) => JeffersonStore.Manual with { AsOf = asOf };

    [Fact]
    public void AsOf_as_an_instant_is_read_in_the_district_zone_for_the_11_am_rule()
    {
        Assert.Equal("UTC", StoreSettings.SetTimeZone(_j.Store, "America/Los_Angeles")); // returns the zone it replaced
        var plan1059 = AggregationOperation.Plan(_j.Store, ManualAt(new DateTime(2025, 10, 15, 17, 59, 0, DateTimeKind.Utc)), NullObserver.Instance, default);
        var plan1100 = AggregationOperation.Plan(_j.Store, ManualAt(new DateTime(2025, 10, 15, 18, 0, 0, DateTimeKind.Utc)), NullObserver.Instance, default);

        // 17:59 UTC is 10:59 in Los Angeles (UTC−7 in October): yesterday; 18:00 UTC is 11:00: today (C11).
        Assert.Equal(new DateOnly(2025, 10, 14), Assert.Single(plan1059.Calendars).Cutoff);
        Assert.Equal(new DateOnly(2025, 10, 15), Assert.Single(plan1100.Calendars).Cutoff);
    }

    [Fact]
    public void AsOf_as_wall_clock_time_is_the_districts_time_whatever_the_zone()
    {
        StoreSettings.SetTimeZone(_j.Store, "Pacific/Auckland");
        var plan = AggregationOperation.Plan(_j.Store, ManualAt(JeffersonStore.At("2025-10-15T10:59")), NullObserver.Instance, default);
        Assert.Equal(new DateOnly(2025, 10, 14), Assert.Single(plan.Calendars).Cutoff);
    }

    [Fact]
    public void Setting_the_zone_is_logged_with_the_old_and_new_value_and_setting_it_again_writes_nothing()
    {
        Assert.Equal("UTC", StoreSettings.SetTimeZone(_j.Store, "America/Chicago"));
        Assert.Equal("America/Chicago", StoreSettings.SetTimeZone(_j.Store, "America/Chicago"));

        Assert.Equal("America/Chicago", Zone());
        using var c = _j.Store.OpenConnection();
        var run = Assert.Single(RunLog.Read(c, StoreSettings.SettingsOperation));
        Assert.Equal(("TimeZone", 1L), (run.Scope, run.Updated));
        Assert.Equal("""{"Setting":"TimeZone","From":"UTC","To":"America/Chicago"}""", RunDetails.ToJson(run.Details));
    }

    [Fact]
    public void An_unknown_zone_is_refused_and_nothing_is_written()
    {
        var ex = Assert.Throws<AttendanceException>(() => StoreSettings.SetTimeZone(_j.Store, "Mars/Olympus_Mons"));
        Assert.Equal(("TimeZoneUnknown", "Mars/Olympus_Mons"), (ex.ErrorId, ex.Target as string));
        Assert.Contains("Set-AttendanceStore -TimeZone", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal("UTC", Zone());
        Assert.Equal(0, _j.Sql($"SELECT COUNT(*) FROM RunLog WHERE Operation = '{StoreSettings.SettingsOperation}'"));
    }

    [Fact]
    public void Under_a_maintenance_lock_the_zone_changes_only_with_the_token()
    {
        _j.Exec("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'ops', '2025-10-14T20:00:00.000Z', 'year end', 0, 'tok')");
        Assert.Equal("MaintenanceLocked", Assert.Throws<AttendanceException>(() => StoreSettings.SetTimeZone(_j.Store, "America/Denver")).ErrorId);
        StoreSettings.SetTimeZone(_j.Store, "America/Denver", "tok");
        Assert.Equal("America/Denver", Zone());
    }

    [Fact]
    public void A_store_with_no_zone_uses_the_computers_zone_and_warns_on_every_time_dependent_run()
    {
        _j.Exec("DELETE FROM Setting WHERE Name = 'TimeZone'");
        var log = new WarningLog();

        var plan = AggregationOperation.Plan(_j.Store, ManualAt(JeffersonStore.At("2025-10-15T10:59")), log, default);
        AggregationOperation.Plan(_j.Store, JeffersonStore.Manual, log, default);

        Assert.Equal(new DateOnly(2025, 10, 14), Assert.Single(plan.Calendars).Cutoff);
        Assert.Equal(["TimeZoneNotSet", "TimeZoneNotSet"], log.Warnings.Select(w => w.Id));
        Assert.Contains("this computer's zone 'UTC'", log.Warnings[0].Message, StringComparison.Ordinal); // the test clock's local zone
        Assert.Contains("Set-AttendanceStore -TimeZone", log.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zone_id_this_computer_does_not_know_refuses_the_run_instead_of_reading_utc()
    {
        _j.Exec("UPDATE Setting SET Value = 'Mars/Olympus_Mons' WHERE Name = 'TimeZone'");
        var ex = Assert.Throws<AttendanceException>(() => AggregationOperation.Plan(_j.Store, JeffersonStore.Manual, NullObserver.Instance, default));
        Assert.Equal(("TimeZoneUnknown", "Mars/Olympus_Mons"), (ex.ErrorId, ex.Target as string));
    }

    [Fact]
    public void A_new_store_has_no_zone_until_one_is_set()
    {
        using var t = new TempStore();
        using var c = t.Store.OpenConnection();
        Assert.Null(StoreSettings.Get(c, StoreSettings.TimeZone));
        Assert.False(StoreSettings.ReadTimeZone(c, t.Clock).IsSet);
    }
}
