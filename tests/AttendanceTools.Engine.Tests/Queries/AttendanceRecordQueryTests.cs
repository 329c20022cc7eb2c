using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class AttendanceRecordQueryTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<AttendanceException> _errors = [];

    public AttendanceRecordQueryTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private List<AttendanceRecordInfo> Find(AttendanceRecordFilter filter) => [.. AttendanceRecordQuery.Find(_t.Store, filter, _errors.Add)];

    private static string Key(AttendanceRecordInfo r) => $"{r.Kind} {r.Date:MM-dd} {r.Student} {r.Code}";

    [Fact]
    public void All_merges_daily_and_meeting_records_by_school_date_and_student_daily_first()
    {
        Assert.Equal(
        [
            "Daily 09-02 S1001 A", "Daily 09-03 S1001 ILL", "Daily 10-01 S1001 A",
            "Daily 09-02 S1002 U", "Meeting 09-02 S1002 U", "Meeting 09-02 S1003 P", "Meeting 09-03 S1003 U",
        ], Find(new AttendanceRecordFilter()).Select(Key));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Daily_records_carry_times_code_meaning_and_origin()
    {
        var lincoln = Find(new AttendanceRecordFilter { Kind = AttendanceRecordKind.Daily, Schools = ["Lincoln Elementary"] });
        Assert.Equal(3, lincoln.Count);
        var oct = lincoln[2];
        Assert.Equal(("Daily", "S1001", "Adams, Avery", "Lincoln Elementary", "100", new DateTime(2025, 10, 1)),
            (oct.Kind, oct.Student, oct.StudentName, oct.School, oct.SchoolId, oct.Date));
        Assert.Equal(("A", "Absent", "Unexcused", new TimeSpan(8, 0, 0), new TimeSpan(10, 0, 0), "Entered"),
            (oct.Code, oct.PresenceStatus, oct.Excuse, oct.TimeIn, oct.TimeOut, oct.Origin));
        Assert.Equal((null, null, null, null), (oct.Section, oct.Period, oct.PresentMinutes, oct.RunId));
        Assert.Null(lincoln[0].TimeIn);
    }

    [Fact]
    public void Meeting_records_carry_section_period_present_minutes_and_run()
    {
        var casey = Find(new AttendanceRecordFilter { Kind = AttendanceRecordKind.Meeting, StudentIds = ["S1003"] });
        Assert.Equal(2, casey.Count);
        Assert.Equal(("ENG9-1", "P1", "P", "Present", "Sync", 4L), (casey[0].Section, casey[0].Period, casey[0].Code, casey[0].PresenceStatus, casey[0].Origin, casey[0].RunId));
        Assert.Equal(("MATH-2", "P2", "U", 40, (TimeSpan?)null), (casey[1].Section, casey[1].Period, casey[1].Code, casey[1].PresentMinutes, casey[1].TimeIn));
    }

    [Fact]
    public void Date_range_is_inclusive_at_both_ends()
    {
        Assert.Equal(["Daily 09-03 S1001 ILL", "Meeting 09-03 S1003 U"],
            Find(new AttendanceRecordFilter { From = new DateOnly(2025, 9, 3), To = new DateOnly(2025, 10, 1).AddDays(-1) }).Select(Key));
        Assert.Equal(["Daily 10-01 S1001 A"], Find(new AttendanceRecordFilter { From = new DateOnly(2025, 10, 1), To = new DateOnly(2025, 10, 1) }).Select(Key));
    }

    [Fact]
    public void Codes_and_student_ids_match_with_wildcards()
    {
        Assert.Equal(["Daily 09-02 S1002 U", "Meeting 09-02 S1002 U", "Meeting 09-03 S1003 U"], Find(new AttendanceRecordFilter { Codes = ["u"] }).Select(Key));
        Assert.Equal(["Daily 09-03 S1001 ILL"], Find(new AttendanceRecordFilter { Codes = ["I*"] }).Select(Key));
        Assert.Equal(5, Find(new AttendanceRecordFilter { StudentIds = ["S100[12]"] }).Count);
        Assert.Empty(_errors);
    }

    [Fact]
    public void Unknown_students_schools_and_codes_are_reported_and_the_known_ones_still_read()
    {
        Assert.Equal(["Daily 09-02 S1002 U", "Meeting 09-02 S1002 U"], Find(new AttendanceRecordFilter { StudentIds = ["S9999", "s1002"] }).Select(Key));
        Assert.Empty(Find(new AttendanceRecordFilter { Schools = ["Nowhere"] }));
        Assert.Empty(Find(new AttendanceRecordFilter { Codes = ["ZZ"] }));
        Assert.Equal([("StudentNotFound", "S9999"), ("SchoolNotFound", "Nowhere"), ("AttendanceCodeNotFound", "ZZ")],
            _errors.Select(e => (e.ErrorId, (string)e.Target!)));
        Assert.All(_errors, e => Assert.Equal(FailureKind.NotFound, e.Kind));
    }

    [Fact]
    public void A_student_with_no_records_gives_nothing_and_no_error()
    {
        Assert.Empty(Find(new AttendanceRecordFilter { StudentIds = ["S1005"] }));
        Assert.Empty(_errors);
    }

    [Fact]
    public void From_after_To_is_refused_at_once()
    {
        var e = Assert.Throws<AttendanceException>(() => AttendanceRecordQuery.Find(_t.Store,
            new AttendanceRecordFilter { From = new DateOnly(2025, 10, 2), To = new DateOnly(2025, 10, 1) }));
        Assert.Equal(("DateRangeInvalid", FailureKind.InvalidArgument), (e.ErrorId, e.Kind));
    }

    [Fact]
    public void Streams_many_records_in_order_without_loading_them_first()
    {
        // 3 000 daily records for one student: read lazily, stop after the first ten.
        using (var c = _t.Store.OpenConnection())
        using (var tx = c.BeginTransaction())
        {
            using var cmd = c.Command("INSERT INTO DailyAttendance (SchoolRef, Date, StudentRef, CodeRef, Origin) VALUES (4, @d, 5, 1, 'Entered')", tx);
            var p = cmd.AddParameter("d", 0);
            for (var day = new DateOnly(2030, 1, 1); day < new DateOnly(2030, 1, 1).AddDays(3000); day = day.AddDays(1))
            {
                p.Value = DbValue.Date(day);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        var first = AttendanceRecordQuery.Find(_t.Store, new AttendanceRecordFilter { StudentIds = ["S1005"] }).Take(10).ToList();
        Assert.Equal(new DateTime(2030, 1, 10), first[^1].Date);
        Assert.Equal(3000, AttendanceRecordQuery.Find(_t.Store, new AttendanceRecordFilter { Kind = AttendanceRecordKind.Daily, Schools = ["300"] }).Count());
    }
}
