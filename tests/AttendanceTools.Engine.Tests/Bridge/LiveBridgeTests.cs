using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Bridge;

/// <summary>Single-record writes and the live bridge of domain §6.5, with BR4 row by row.</summary>
public sealed class LiveBridgeTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2025, 10, 14);
    private readonly TempStore _t = new(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero));

    public LiveBridgeTests() => DistrictStore.BulkLoad(_t.Store, BridgeDistrict.Build(), NullObserver.Instance, default);

    public void Dispose() => _t.Dispose();

    private AttendanceMarkResult Set(AttendanceMark mark) => Assert.Single(AttendanceRecordWriter.Apply(_t.Store, [mark], remove: false, null, NullObserver.Instance));

    private AttendanceMarkResult Remove(AttendanceMark mark) => Assert.Single(AttendanceRecordWriter.Apply(_t.Store, [mark], remove: true, null, NullObserver.Instance));

    private static AttendanceMark Meeting(string student, string period, string code) => new() { Student = student, Date = Tuesday, Period = period, Code = code };

    private static AttendanceMark Daily(string student, string code) => new() { Student = student, Date = Tuesday, Code = code };

    private List<string> Rows(string student)
    {
        using var c = _t.Store.OpenConnection();
        const string sql = """
            SELECT 'Daily', c.Code, d.TimeIn, d.TimeOut, d.Origin FROM DailyAttendance d JOIN AttendanceCode c ON c.CodeRef = d.CodeRef JOIN Student s ON s.StudentRef = d.StudentRef
             WHERE s.StudentUniqueId = @st AND d.Date = 20251014
            UNION ALL
            SELECT p.ClassPeriodName, c.Code, m.PresentMinutes, x.SectionIdentifier, m.Origin FROM MeetingAttendance m JOIN AttendanceCode c ON c.CodeRef = m.CodeRef
              JOIN Student s ON s.StudentRef = m.StudentRef JOIN ClassPeriod p ON p.ClassPeriodRef = m.ClassPeriodRef JOIN Section x ON x.SectionRef = m.SectionRef
             WHERE s.StudentUniqueId = @st AND m.Date = 20251014
            ORDER BY 1
            """;
        return c.Query(sql, r => string.Join(" ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))),
            null, ("st", student));
    }

    [Fact]
    public void BR4_live_one_way_bridge_row_by_row()
    {
        // Teacher marks P1 U: daily U, 08:00–14:50, Origin LiveBridge created.
        var r1 = Set(Meeting("ZOE", "P1", "U"));
        Assert.Equal(("Created", "Meeting", "S-P1", "P1", "OneWay", "Daily U created"), (r1.Action, r1.Kind, r1.Section, r1.Period, r1.BridgeMode, r1.Bridged));
        Assert.Equal(["Daily U 480 890 LiveBridge", "P1 U null S-P1 Entered"], Rows("ZOE"));

        // Teacher changes P1 to T: daily updated to T.
        var r2 = Set(Meeting("ZOE", "P1", "T"));
        Assert.Equal(("Updated", "U", "Daily T updated"), (r2.Action, r2.PreviousCode, r2.Bridged));
        Assert.Equal(["Daily T 480 890 LiveBridge", "P1 T null S-P1 Entered"], Rows("ZOE"));

        // Office changes daily to ILL: P1 stays T (one-way has no daily → meeting).
        var r3 = Set(Daily("ZOE", "ILL"));
        Assert.Equal(("Updated", "Daily", "T", ""), (r3.Action, r3.Kind, r3.PreviousCode, r3.Bridged));
        Assert.Empty(r3.BridgeChanges);
        Assert.Equal(["Daily ILL 480 890 Entered", "P1 T null S-P1 Entered"], Rows("ZOE"));

        // Teacher marks P3 U: no daily effect (not the bridge period).
        var r4 = Set(Meeting("ZOE", "P3", "U"));
        Assert.Equal(("Created", ""), (r4.Action, r4.Bridged));
        Assert.Equal(["Daily ILL 480 890 Entered", "P1 T null S-P1 Entered", "P3 U null S-P3 Entered"], Rows("ZOE"));
    }

    [Fact]
    public void BR4_with_two_way_the_office_change_reaches_the_bridge_period()
    {
        using (var c = _t.Store.OpenConnection()) c.Execute("UPDATE AttendanceSettings SET BridgeMode = 'TwoWay' WHERE SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = 'JHS')");
        Set(Meeting("ZOE", "P1", "U"));
        Set(Meeting("ZOE", "P1", "T"));
        var r3 = Set(Daily("ZOE", "ILL"));
        Assert.Equal(("TwoWay", "Meeting S-P1 P1 ILL updated"), (r3.BridgeMode, r3.Bridged));
        Assert.Equal(["Daily ILL 480 890 Entered", "P1 ILL null S-P1 LiveBridge"], Rows("ZOE"));
        Set(Meeting("ZOE", "P3", "U"));
        Assert.Equal(["Daily ILL 480 890 Entered", "P1 ILL null S-P1 LiveBridge", "P3 U null S-P3 Entered"], Rows("ZOE"));
    }

    [Fact]
    public void Two_way_an_absent_daily_mark_only_marks_the_bridge_period()
    {
        var r = Set(Daily("WES", "U") with { TimeIn = 600 });
        Assert.Equal(("Created", "Meeting S-P1 P1 U created"), (r.Action, r.Bridged));
        Assert.Equal(TimeSpan.FromHours(10), r.TimeIn);
        Assert.Equal(["Daily U 600 null Entered", "P1 U null S-P1 LiveBridge"], Rows("WES"));
    }

    [Fact]
    public void Two_way_a_student_not_scheduled_in_the_bridge_period_gets_no_meeting_record_and_a_warning()
    {
        var r = Set(Daily("VIC", "U"));
        Assert.Empty(r.BridgeChanges);
        Assert.Equal("NotScheduledInBridgePeriod: Student VIC is not scheduled in the bridge period P1 at Adams Middle on 2025-10-14; no meeting record was created.", Assert.Single(r.Warnings));
        Assert.Equal(["Daily U null null Entered"], Rows("VIC"));
    }

    [Fact]
    public void Removing_a_mark_deletes_its_twin_only_when_the_live_bridge_made_it()
    {
        Set(Meeting("ZOE", "P1", "U"));
        var removed = Remove(new AttendanceMark { Student = "ZOE", Date = Tuesday, Period = "P1" });
        Assert.Equal(("Removed", "U", "Daily U deleted"), (removed.Action, removed.Code, removed.Bridged));
        Assert.Empty(Rows("ZOE"));

        // A daily record the office entered is the office's: removing the P1 mark keeps it.
        Set(Daily("ZOE", "ILL"));
        using (var c = _t.Store.OpenConnection())
            c.Execute("INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin, RunId) " +
                      "SELECT d.SchoolRef, d.Date, d.StudentRef, x.SectionRef, x.SectionRef * 0 + p.ClassPeriodRef, d.CodeRef, NULL, 'Entered', NULL FROM DailyAttendance d " +
                      "JOIN Section x ON x.SchoolRef = d.SchoolRef AND x.SectionIdentifier = 'S-P1' JOIN ClassPeriod p ON p.SchoolRef = d.SchoolRef AND p.ClassPeriodName = 'P1' " +
                      "JOIN Student s ON s.StudentRef = d.StudentRef WHERE s.StudentUniqueId = 'ZOE' AND d.Date = 20251014");
        var kept = Remove(new AttendanceMark { Student = "ZOE", Date = Tuesday, Section = "S-P1" });
        Assert.Equal("Daily ILL kept", kept.Bridged);
        Assert.Equal(["Daily ILL null null Entered"], Rows("ZOE"));
    }

    [Fact]
    public void Two_way_removing_a_daily_mark_removes_the_bridge_periods_live_twin()
    {
        Set(Daily("WES", "U"));
        var removed = Remove(Daily("WES", "U"));
        Assert.Equal("Meeting S-P1 P1 U deleted", removed.Bridged);
        Assert.Empty(Rows("WES"));
    }

    [Fact]
    public void Many_marks_are_one_transaction_one_failure_writes_none_of_them()
    {
        var ex = Assert.Throws<AttendanceException>(() => AttendanceRecordWriter.Apply(_t.Store,
            [Meeting("ZOE", "P2", "U"), Meeting("YURI", "P2", "NOPE")], remove: false, null, NullObserver.Instance));
        Assert.Equal("AttendanceCodeNotFound", ex.ErrorId);
        Assert.Equal("Jefferson High defines no attendance code 'NOPE' for school year 2025-26 (record of student YURI on 2025-10-14).", ex.Message);
        Assert.Empty(Rows("ZOE"));

        var both = AttendanceRecordWriter.Apply(_t.Store, [Meeting("ZOE", "P2", "U"), Meeting("YURI", "P2", "U")], remove: false, null, NullObserver.Instance);
        Assert.Equal(2, both.Count);
        Assert.Equal(both[0].RunId, both[1].RunId);
        using var c = _t.Store.OpenConnection();
        Assert.Equal(2, c.ScalarLong($"SELECT Inserted FROM RunLog WHERE RunId = {both[0].RunId} AND Operation = 'AttendanceRecord'"));
    }

    [Fact]
    public void A_preview_reports_what_the_write_would_do_and_writes_nothing()
    {
        var preview = Assert.Single(AttendanceRecordWriter.Plan(_t.Store, [Meeting("ZOE", "P1", "U")], remove: false, null));
        Assert.Equal(("Created", "Daily U created", true), (preview.Action, preview.Bridged, preview.IsPreview));
        Assert.Empty(Rows("ZOE"));
        using var c = _t.Store.OpenConnection();
        Assert.Equal(0, c.ScalarLong("SELECT COUNT(*) FROM RunLog WHERE Operation = 'AttendanceRecord'"));
    }

    [Theory]
    [InlineData("NOBODY", null, null, "2025-10-14", "U", "StudentNotFound")]
    [InlineData("ZOE", null, null, "2025-10-10", "U", "NotAnAttendanceDay")]
    [InlineData("ZOE", null, null, "2025-06-01", "U", "StudentNotEnrolled")]
    [InlineData("ZOE", "S-P2", "P1", "2025-10-14", "U", "SectionPeriodMismatch")]
    [InlineData("ZOE", "S-NONE", null, "2025-10-14", "U", "SectionNotFound")]
    [InlineData("VIC", null, "P1", "2025-10-14", "U", "StudentNotRostered")]
    [InlineData("ZOE", null, "P9", "2025-10-14", "U", "ClassPeriodNotFound")]
    [InlineData("ZOE", "S-ADV", null, "2025-10-14", "U", "SectionNotAttendanceTaking")]
    [InlineData("XAVI", null, "P1", "2025-10-14", "U", "SectionRequired")]
    [InlineData("ZOE", null, null, "2025-10-14", null, "AttendanceCodeRequired")]
    public void Bad_marks_are_refused_naming_the_student_and_date(string student, string? section, string? period, string date, string? code, string errorId)
    {
        var mark = new AttendanceMark { Student = student, Section = section, Period = period, Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Code = code };
        var ex = Assert.Throws<AttendanceException>(() => AttendanceRecordWriter.Apply(_t.Store, [mark], remove: false, null, NullObserver.Instance));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains(student, ex.Message, StringComparison.OrdinalIgnoreCase);
        if (errorId != "StudentNotFound") Assert.Contains(date, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_record_that_is_not_there_is_refused()
    {
        var ex = Assert.Throws<AttendanceException>(() => Remove(Daily("ZOE", "U")));
        Assert.Equal(("AttendanceRecordNotFound", "Student ZOE has no daily record to remove on 2025-10-14."), (ex.ErrorId, ex.Message));
    }

    [Fact]
    public void Single_writes_feed_change_detection()
    {
        long Changes() { using var c = _t.Store.OpenConnection(); return c.ScalarLong("SELECT COUNT(*) FROM ChangeLog WHERE StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = 'ZOE')"); }
        var before = Changes();
        Set(Meeting("ZOE", "P1", "U"));
        Assert.True(Changes() >= before + 2); // the meeting mark and its bridged daily twin
    }
}
