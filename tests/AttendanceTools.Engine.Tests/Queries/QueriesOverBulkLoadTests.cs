using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

/// <summary>The read queries over a store written by the importer's bulk load, not by hand-made SQL: same values, same spelling.</summary>
public sealed class QueriesOverBulkLoadTests : IDisposable
{
    private readonly TempStore _t = new();

    public QueriesOverBulkLoadTests() => DistrictStore.BulkLoad(_t.Store, SampleDistrict.Build(), NullObserver.Instance, CancellationToken.None);

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Schools_show_the_loaded_settings_and_count()
    {
        var hs = SchoolQuery.Find(_t.Store, new SchoolFilter { Names = ["HS"] }).Single();
        // S2 is deleted, so only S1 counts.
        Assert.Equal(("Sample High", "Meeting", "OneWay", 1, false), (hs.Name, hs.RecordingMethod, hs.BridgeMode, hs.Students, hs.IsDistrictOffice));
        Assert.True(SchoolQuery.Find(_t.Store, new SchoolFilter { Names = ["DO"] }).Single().IsDistrictOffice);
    }

    [Fact]
    public void Calendar_days_include_the_holiday_as_a_dated_day_but_not_in_session()
    {
        var reg = CalendarQuery.Find(_t.Store, new CalendarFilter { Calendars = ["REG"] }).Single();
        Assert.Equal((new DateTime(2025, 9, 1), new DateTime(2025, 9, 4), 3, "2025-26"), (reg.StartDate, reg.EndDate, reg.InSessionDays, reg.SchoolYear));
    }

    [Fact]
    public void Students_show_year_record_enum_values_as_loaded()
    {
        var avery = StudentQuery.Find(_t.Store, new StudentFilter()).Single();
        Assert.Equal(("S1", "1001", "Lee, Avery", "09", "Sample High", 2029, "Stored", "Active"),
            (avery.StudentId, avery.LocalId, avery.Name, avery.Grade, avery.School, avery.GraduationYear, avery.GraduationYearSource, avery.Status));
        Assert.Equal(["CE"], avery.Programs);
        var blake = StudentQuery.Find(_t.Store, new StudentFilter { StudentIds = ["S2"], IncludeDeleted = true }).Single();
        Assert.Equal(("Inactive", true, "10"), (blake.Status, blake.IsDeleted, blake.Grade));
    }

    [Fact]
    public void Records_merge_in_date_and_student_order_with_loaded_codes_times_and_origins()
    {
        var records = AttendanceRecordQuery.Find(_t.Store, new AttendanceRecordFilter()).ToList();
        Assert.Equal(["Daily 09-02 S1 U Entered", "Meeting 09-03 S1 U Entered", "Meeting 09-03 S1 T Sync", "Daily 09-03 S2 P LiveBridge"],
            records.Select(r => $"{r.Kind} {r.Date:MM-dd} {r.Student} {r.Code} {r.Origin}"));
        Assert.Equal((new TimeSpan(8, 20, 0), new TimeSpan(11, 40, 0)), (records[3].TimeIn, records[3].TimeOut));
        Assert.Equal(("ALG1-1", "P1", 20, "Absent", "Unexcused"), (records[1].Section, records[1].Period, records[1].PresentMinutes, records[1].PresenceStatus, records[1].Excuse));
    }
}
