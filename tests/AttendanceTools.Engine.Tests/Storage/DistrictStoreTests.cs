using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Storage;

public sealed class DistrictStoreTests
{
    [Fact]
    public void BulkLoad_then_Read_gives_back_the_same_district()
    {
        using var t = new TempStore();
        var data = SampleDistrict.Build();

        var result = DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None);
        var back = DistrictStore.Read(t.Store, CancellationToken.None);

        DistrictAssert.Equal(data, back);
        Assert.Equal(2, result.Rows["School"]);
        Assert.Equal(4, result.Rows["CalendarDate"]);
        Assert.Equal(3, result.Rows["StudentSectionAssociation"]);
        Assert.Equal(DistrictTables.All.Sum(x => x.Rows(data).Count), result.TotalRows);
        Assert.Equal(25, result.Rows.Count); // the 24 tables of schema v1 and AcademicSession (v9)
    }

    [Fact]
    public void BulkLoad_assigns_surrogates_in_list_order_and_resolves_every_reference()
    {
        using var t = new TempStore();
        DistrictStore.BulkLoad(t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None);

        using var c = t.Store.OpenConnection();
        Assert.Equal(1, c.ScalarLong("SELECT SchoolRef FROM School WHERE SchoolId = 'DO'"));
        Assert.Equal(2, c.ScalarLong("SELECT SchoolRef FROM School WHERE SchoolId = 'HS'"));
        Assert.Equal(2, c.ScalarLong("SELECT SectionRef FROM Section WHERE SectionIdentifier = 'ENG9-2'"));
        // The meeting record of S1 in ENG9-2, period P3, with code T (the third code).
        Assert.Equal(1, c.ScalarLong(
            "SELECT COUNT(*) FROM MeetingAttendance m JOIN Section s ON s.SectionRef = m.SectionRef JOIN ClassPeriod p ON p.ClassPeriodRef = m.ClassPeriodRef " +
            "JOIN AttendanceCode a ON a.CodeRef = m.CodeRef JOIN Student st ON st.StudentRef = m.StudentRef " +
            "WHERE s.SectionIdentifier = 'ENG9-2' AND p.ClassPeriodName = 'P3' AND a.Code = 'T' AND st.StudentUniqueId = 'S1' AND m.Date = 20250903"));
        // A daily record's code is the code of the school year that contains its date.
        Assert.Equal("U", c.ScalarString(
            "SELECT a.Code FROM DailyAttendance d JOIN AttendanceCode a ON a.CodeRef = d.CodeRef WHERE d.Date = 20250902"));
        Assert.Equal("Regular", c.ScalarString(
            "SELECT b.BellScheduleName FROM CalendarDate d JOIN BellSchedule b ON b.BellScheduleRef = d.BellScheduleRef WHERE d.Date = 20250902"));
        Assert.Equal(0, c.ScalarLong("SELECT COUNT(*) FROM CalendarDate WHERE Date = 20250901 AND BellScheduleRef IS NOT NULL"));
    }

    [Fact]
    public void BulkLoad_records_one_coarse_change_and_restores_the_triggers()
    {
        using var t = new TempStore();
        DistrictStore.BulkLoad(t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None);

        using var c = t.Store.OpenConnection();
        Assert.Equal(1, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog"));
        Assert.Equal(1, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog WHERE Kind = 'BulkLoad' AND SchoolRef IS NULL AND CalendarRef IS NULL " +
                                     "AND StudentRef IS NULL AND FromDate IS NULL AND ToDate IS NULL AND BellScheduleRef IS NULL"));
        Assert.Equal(SqliteChangeTriggers.Names().Count(), c.ScalarLong("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"));
        // The triggers work again: a later write is tracked row by row.
        c.Execute("UPDATE DailyAttendance SET CodeRef = 1 WHERE Date = 20250902");
        Assert.Equal(3, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog"));
    }

    [Fact]
    public void BulkLoad_stores_the_district_settings_and_a_run_log_row()
    {
        using var t = new TempStore();
        var data = SampleDistrict.Build();
        var result = DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None);

        using var c = t.Store.OpenConnection();
        Assert.Equal("Sample Unified", StoreSettings.Get(c, StoreSettings.DistrictName));
        Assert.Equal("America/Los_Angeles", StoreSettings.Get(c, StoreSettings.TimeZone));
        var run = Assert.Single(RunLog.Read(c, "BulkLoad"));
        Assert.Equal(result.RunId, run.RunId);
        Assert.Equal(result.TotalRows, run.Inserted);
        Assert.Equal("Succeeded", run.Status);
        // Attendance rows carry the run that wrote them.
        Assert.Equal(2, c.ScalarLong("SELECT COUNT(*) FROM DailyAttendance WHERE RunId = @r", null, ("r", result.RunId)));
    }

    [Fact]
    public void BulkLoad_refuses_an_unresolvable_reference_and_writes_nothing()
    {
        using var t = new TempStore();
        var data = SampleDistrict.Build();
        data.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "S2", SchoolId = "HS", SchoolYear = 2026, SectionIdentifier = "BIO-9", BeginDate = new(2025, 8, 20) });

        var ex = Assert.Throws<AttendanceException>(() => DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("ImportBrokenReference", ex.ErrorId);
        Assert.Contains("StudentSectionAssociation 'S2', 'HS', 2026, 'BIO-9', 2025-08-20", ex.Message, StringComparison.Ordinal);
        Assert.Contains("section 'BIO-9' of school 'HS' in 2026", ex.Message, StringComparison.Ordinal);
        AssertNothingWritten(t.Store);
    }

    [Fact]
    public void BulkLoad_refuses_a_daily_record_on_a_date_outside_every_school_year()
    {
        using var t = new TempStore();
        var data = SampleDistrict.Build();
        data.DailyAttendance.Add(new DailyAttendance { StudentUniqueId = "S1", SchoolId = "HS", Date = new(2026, 7, 15), Code = "P" });

        var ex = Assert.Throws<AttendanceException>(() => DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("ImportBrokenReference", ex.ErrorId);
        Assert.Contains("a school year containing 2026-07-15", ex.Message, StringComparison.Ordinal);
        AssertNothingWritten(t.Store);
    }

    // On a server the rows stream (COPY, SqlBulkCopy) and the store reports the duplicate for a batch: the message still names the row.
    [Theory, Sqlite, PostgreSql, SqlServer]
    public void BulkLoad_refuses_a_duplicate_key_and_writes_nothing(string provider)
    {
        using var t = new TempStore(provider: provider);
        var data = SampleDistrict.Build();
        data.Students.Add(new Student { StudentUniqueId = "S1", FirstName = "Again", LastSurname = "Lee" });

        var ex = Assert.Throws<AttendanceException>(() => DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("ImportDuplicateKey", ex.ErrorId);
        Assert.Equal("Student 'S1' appears more than once. Nothing was written.", ex.Message);
        Assert.Same(data.Students[^1], ex.Target);
        AssertNothingWritten(t.Store);
    }

    [Fact]
    public void BulkLoad_refuses_a_store_that_already_holds_data()
    {
        using var t = new TempStore();
        DistrictStore.BulkLoad(t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None);

        var ex = Assert.Throws<AttendanceException>(() => DistrictStore.BulkLoad(t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None));

        Assert.Equal("StoreNotEmpty", ex.ErrorId);
    }

    [Fact]
    public void A_cancelled_bulk_load_writes_nothing()
    {
        using var t = new TempStore();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DistrictStore.BulkLoad(t.Store, SampleDistrict.Build(), NullObserver.Instance, cts.Token));

        AssertNothingWritten(t.Store);
        using var c = t.Store.OpenConnection();
        Assert.Equal(SqliteChangeTriggers.Names().Count(), c.ScalarLong("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"));
    }

    [Fact]
    public void BulkLoad_derives_the_event_category_of_a_code_that_has_none()
    {
        using var t = new TempStore();
        var data = SampleDistrict.Build();
        data.AttendanceCodes.Add(new AttendanceCode { SchoolId = "HS", SchoolYear = 2026, Code = "X", PresenceStatus = PresenceStatus.Absent, Excuse = Excuse.Exempt });

        DistrictStore.BulkLoad(t.Store, data, NullObserver.Instance, CancellationToken.None);

        var back = DistrictStore.Read(t.Store, CancellationToken.None);
        Assert.Equal("Excused Absence", back.AttendanceCodes.Single(c => c.Code == "X").EventCategory);
    }

    private static void AssertNothingWritten(AttendanceStore store)
    {
        var info = StoreInfo.Read(store);
        Assert.All(info.RowCounts, kv => Assert.True(kv.Value == 0, $"{kv.Key} has {kv.Value} rows."));
        using var c = store.OpenConnection();
        Assert.Equal(0, c.ScalarLong("SELECT COUNT(*) FROM RunLog"));
        Assert.Equal(0, c.ScalarLong("SELECT COUNT(*) FROM ChangeLog"));
    }
}
