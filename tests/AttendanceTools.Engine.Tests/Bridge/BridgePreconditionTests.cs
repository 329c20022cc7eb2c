using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Bridge;

/// <summary>Domain §6.3 in order, and the refusals of BR3: each names its object and writes nothing.</summary>
public sealed class BridgePreconditionTests : IDisposable
{
    private readonly TempStore _t = new(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero));

    public BridgePreconditionTests() => DistrictStore.BulkLoad(_t.Store, BridgeDistrict.Build(lateStart: true), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    private static readonly BridgeSyncRequest Jefferson = new()
    {
        School = "Jefferson High", Direction = BridgeDirection.MeetingToDaily, From = new(2025, 10, 6), To = new(2025, 10, 10),
    };

    private AttendanceException Refused(BridgeSyncRequest request)
    {
        var before = Snapshot();
        var ex = Assert.Throws<AttendanceException>(() =>
            BridgeSyncOperation.Apply(_t.Store, BridgeSyncOperation.Plan(_t.Store, request, NullObserver.Instance, default), NullObserver.Instance, default, out _));
        Assert.Equal(before, Snapshot());
        return ex;
    }

    private string Snapshot()
    {
        using var c = _t.Store.OpenConnection();
        return string.Join("|", new[] { "DailyAttendance", "MeetingAttendance", "RunLog", "RunChange" }.Select(t => c.ScalarLong($"SELECT COUNT(*) FROM {t}")));
    }

    private void Exec(string sql)
    {
        using var c = _t.Store.OpenConnection();
        c.Execute(sql);
    }

    [Fact]
    public void BR3_school_not_found()
        => Assert.Equal(("BridgeSchoolNotFound", "Nowhere High"), Id(Refused(Jefferson with { School = "Nowhere High" })));

    [Fact]
    public void BR3_the_district_office()
        => Assert.Equal(("BridgeDistrictOffice", "District Office"), Id(Refused(Jefferson with { School = "District Office" })));

    [Fact]
    public void BR3_a_school_year_before_2004_05()
    {
        var ex = Refused(Jefferson with { SchoolYear = 2004 });
        Assert.Equal("BridgeSchoolYearTooOld", ex.ErrorId);
        Assert.Contains("2003-04", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-10-10", "2025-10-06")]
    [InlineData("2025-06-30", "2025-10-06")]
    [InlineData("2025-10-06", "2026-07-01")]
    public void A_range_that_is_reversed_or_leaves_the_year(string from, string to)
        => Assert.Equal("BridgeDateRangeInvalid", Refused(Jefferson with { From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture) }).ErrorId);

    [Fact]
    public void BR3_bridge_mode_none()
    {
        Exec("UPDATE AttendanceSettings SET BridgeMode = 'None' WHERE SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = 'JHS')");
        Assert.Equal(("BridgeNotConfigured", "Jefferson High"), Id(Refused(Jefferson)));
    }

    [Fact]
    public void BR3_a_daily_school_asked_to_build_daily_from_meeting()
    {
        var ex = Refused(Jefferson with { School = "Adams Middle" });
        Assert.Equal(("BridgeDirectionMismatch", "Adams Middle"), Id(ex));
        Assert.Contains("-Direction DailyToMeeting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BR3_a_bell_schedule_without_a_bridge_period_is_named_with_its_first_date()
    {
        var ex = Refused(Jefferson with { To = new(2025, 10, 17) });
        Assert.Equal(("BridgePeriodMissing", "Late Start"), Id(ex));
        Assert.Equal("Jefferson High: bell schedule 'Late Start' (first used 2025-10-15) has no bridge period.", ex.Message);
        // Outside the range the schedule is not used, so the week of BR1 runs.
        Assert.Equal(3, BridgeSyncOperation.Plan(_t.Store, Jefferson, NullObserver.Instance, default).Changes.Created);
    }

    [Fact]
    public void Every_offending_bell_schedule_is_listed_and_a_bridge_period_outside_the_schedule_counts()
    {
        Exec("UPDATE BellSchedule SET BridgePeriodName = 'ADV2' WHERE BellScheduleName = 'Regular' AND SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = 'JHS')");
        var ex = Refused(Jefferson with { To = new(2025, 10, 17) });
        Assert.Equal("Jefferson High: bell schedule 'Regular' (first used 2025-10-06) has bridge period 'ADV2', which is not one of its periods; " +
                     "bell schedule 'Late Start' (first used 2025-10-15) has no bridge period.", ex.Message);
        Assert.Equal("Regular, Late Start", ex.Target);
    }

    [Fact]
    public void Default_times_missing_or_reversed()
    {
        Exec("UPDATE BellSchedule SET DailyTimeOut = NULL WHERE BellScheduleName = 'Regular'");
        Assert.Equal(("BridgeDefaultTimesMissing", "Regular"), Id(Refused(Jefferson)));
        Exec("UPDATE BellSchedule SET DailyTimeOut = 470 WHERE BellScheduleName = 'Regular'");
        Assert.Contains("ends its day (07:50) before it starts (08:00)", Refused(Jefferson).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_maintenance_lock_comes_last_and_its_token_lets_the_run_through()
    {
        Exec("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'ops', '2025-10-20T08:00:00.000Z', 'Year end', 0, 'tok')");
        Assert.Equal("MaintenanceLocked", Refused(Jefferson).ErrorId);
        // An earlier precondition is reported first even under the lock.
        Assert.Equal("BridgeDistrictOffice", Refused(Jefferson with { School = "DO" }).ErrorId);
        var plan = BridgeSyncOperation.Plan(_t.Store, Jefferson with { LockToken = "tok" }, NullObserver.Instance, default);
        Assert.Equal(3, BridgeSyncOperation.Apply(_t.Store, plan, NullObserver.Instance, default, out _).Changes.Created);
    }

    [Fact]
    public void The_preconditions_are_checked_in_the_order_of_the_table()
    {
        // Everything wrong at once: the district office is reported before the year, the year before the range.
        Assert.Equal("BridgeDistrictOffice", Refused(Jefferson with { School = "DO", SchoolYear = 2004, From = new(2025, 10, 10), To = new(2025, 10, 6) }).ErrorId);
        Assert.Equal("BridgeSchoolYearTooOld", Refused(Jefferson with { SchoolYear = 2004, From = new(2025, 10, 10), To = new(2025, 10, 6) }).ErrorId);
        Exec("UPDATE AttendanceSettings SET BridgeMode = 'None' WHERE SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = 'AMS')");
        Assert.Equal("BridgeDateRangeInvalid", Refused(Jefferson with { School = "AMS", From = new(2025, 10, 10), To = new(2025, 10, 6) }).ErrorId);
        Assert.Equal("BridgeNotConfigured", Refused(Jefferson with { School = "AMS" }).ErrorId); // before the direction mismatch
        Exec("UPDATE BellSchedule SET BridgePeriodName = NULL, DailyTimeIn = NULL");
        Exec("UPDATE AttendanceSettings SET BridgeMode = 'TwoWay'");
        Assert.Equal("BridgeDirectionMismatch", Refused(Jefferson with { School = "AMS" }).ErrorId); // before the bell schedules
        Assert.Equal("BridgePeriodMissing", Refused(Jefferson).ErrorId); // before the default times
    }

    private static (string, object?) Id(AttendanceException ex) => (ex.ErrorId, ex.Target);
}
