using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Aggregation;
using AttendanceTools.Engine.Tests.Backfill;
using AttendanceTools.Engine.Tests.Bridge;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// domain.md's worked examples through each store, with their exact values: A1–A4 (aggregation and
/// chronic absence), B4 (backfill Validate, the store-level backfill example) and BR1 (bridge). R1 (rollover) runs on
/// every store in <see cref="Rollover.RegistrationRolloverTests"/>.
/// </summary>
public sealed class WorkedExampleConformanceTests
{
    private static readonly DateOnly Wed = new(2025, 10, 8), Thu = new(2025, 10, 9), Fri = new(2025, 10, 10);

    private static MeetingAttendance Mark(string student, DateOnly date, string period, string code, int? presentMinutes = null)
        => JeffersonDistrict.Mark(student, date, period, code) with { PresentMinutes = presentMinutes };

    private static JeffersonStore AExamples(string provider) => new(d =>
    {
        foreach (var (code, presence, excuse) in new[] { ("AU", PresenceStatus.Absent, Excuse.Unexcused), ("AE", PresenceStatus.Absent, Excuse.Excused),
                     ("FT", PresenceStatus.Absent, Excuse.Exempt) })
            d.AttendanceCodes.Add(new AttendanceCode { SchoolId = JeffersonDistrict.School, SchoolYear = 2026, Code = code, PresenceStatus = presence, Excuse = excuse });
        // A1: Zoe U in P2, ILL in P5 and P6.
        d.MeetingAttendance.AddRange([Mark("ZOE", Wed, "P2", "U"), Mark("ZOE", Wed, "P5", "ILL"), Mark("ZOE", Wed, "P6", "ILL")]);
        // A2: Yuri's daily AU with a meeting P in P6.
        d.DailyAttendance.Add(new DailyAttendance { StudentUniqueId = "YURI", SchoolId = JeffersonDistrict.School, Date = Thu, Code = "AU" });
        d.MeetingAttendance.Add(Mark("YURI", Thu, "P6", "P"));
        // A3: Xavi AE with 20 present minutes in P1, FT in P3, T in P4.
        d.MeetingAttendance.AddRange([Mark("XAVI", Fri, "P1", "AE", 20), Mark("XAVI", Fri, "P3", "FT"), Mark("XAVI", Fri, "P4", "T")]);
    }, provider);

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void A1_A2_A3_day_aggregates_through_the_store(string provider)
    {
        using var j = AExamples(provider);
        j.Run(JeffersonStore.Manual);

        Assert.Equal((330L, 165L, 55L, "ILL"), j.Row("ZOE", 20251008));
        Assert.Equal((330L, 275L, 275L, "AU"), j.Row("YURI", 20251009));
        Assert.Equal((330L, 35L, 0L, "AE"), j.Row("XAVI", 20251010));
        Assert.Equal((330L, 0L, 0L, (string?)null), j.Row("ZOE", 20251009));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void A4_chronic_absence_through_the_store_for_every_rule(string provider)
    {
        using var j = new JeffersonStore(provider: provider);
        int[] uma = [330, 165, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var values = string.Join(", ", uma.Select((a, i) =>
            $"((SELECT CalendarRef FROM Calendar WHERE CalendarCode = 'REG'), {JeffersonStore.Date(new DateOnly(2025, 9, 1).AddDays(i))}, {j.StudentRef("ZOE")}, 330, {a}, 0, NULL, 0)"));
        j.Exec("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) VALUES " + values);
        ChronicAbsenteeismInfo Zoe(DayAbsentRule rule)
            => Assert.Single(AggregationQueries.Chronic(j.Store, new ChronicRequest { Rule = rule, Students = ["ZOE"], AsOf = new DateOnly(2025, 12, 31) }));

        var half = Zoe(DayAbsentRule.HalfDay);
        var fractional = Zoe(DayAbsentRule.Fractional);
        var wholeHalf = Zoe(DayAbsentRule.WholeHalf);

        Assert.Equal((20, 2m, 0.1m, true), (half.EnrolledDays, half.DaysAbsent, half.Rate, half.IsChronic));
        Assert.Equal((20, 1.8333333333333333333333333333m, 0.0916666666666666666666666667m, false),
            (fractional.EnrolledDays, fractional.DaysAbsent, fractional.Rate, fractional.IsChronic));
        Assert.Equal((20, 2m, 0.1m, true), (wholeHalf.EnrolledDays, wholeHalf.DaysAbsent, wholeHalf.Rate, wholeHalf.IsChronic));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void B4_backfill_validate_through_the_store(string provider)
    {
        using var f = new BackfillStoreFixture(RedwoodDistrict.B4(), provider);
        var first = f.Run();
        Assert.Equal(["BEN 20260112→20260105 Class 300", "CLEO 20260112→20260105 IndependentStudy 60"], f.Moves());
        f.Exec($"UPDATE StudentSectionAssociation SET EndDate = 20260114 WHERE StudentRef = {BackfillStoreFixture.StudentRef("BEN")} AND SectionRef = (SELECT SectionRef FROM Section WHERE SectionIdentifier = 'S-P4')");
        f.Exec($"DELETE FROM StudentProgramAssociation WHERE StudentRef = {BackfillStoreFixture.StudentRef("CLEO")}");

        var result = f.Run();

        var ben = Assert.Single(result.Students, s => s.Student == "BEN");
        Assert.Equal(("AttendanceChanged", 0, 1, 0, 0, 180, 1680, 1680),
            (ben.Reason, ben.MovesInserted, ben.MovesUpdated, ben.MovesDeleted, ben.OrphanMovesDeleted, ben.MovedMinutes, ben.ClaimableMinutesBefore, ben.ClaimableMinutes));
        var cleo = Assert.Single(result.Students, s => s.Student == "CLEO");
        Assert.Equal(("MembershipChanged", 0, 0, 1, 1, 0), (cleo.Reason, cleo.MovesInserted, cleo.MovesUpdated, cleo.MovesDeleted, cleo.OrphanMovesDeleted, cleo.MovedMinutes));
        Assert.Equal(["BEN 20260112→20260105 Class 180"], f.Moves());
        Assert.Equal(1, first.Students.Count(s => s.Student == "BEN"));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void BR1_bridge_from_meeting_builds_daily_over_a_week(string provider)
    {
        using var t = new TempStore(new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero), provider: provider);
        DistrictStore.BulkLoad(t.Store, BridgeDistrict.Build(), NullObserver.Instance, default);
        var request = new BridgeSyncRequest { School = "Jefferson High", Direction = BridgeDirection.MeetingToDaily, From = new(2025, 10, 6), To = new(2025, 10, 10) };

        var plan = BridgeSyncOperation.Plan(t.Store, request, NullObserver.Instance, default);
        var r = BridgeSyncOperation.Apply(t.Store, plan, NullObserver.Instance, default, out var runId).ToResult(runId);

        Assert.Equal((4, 3, 1, 1), (r.DaysProcessed, r.Created, r.AlreadyPresent, r.Conflicts));
        var conflict = Assert.Single(r.ConflictList);
        Assert.Equal(("YURI", new DateTime(2025, 10, 9), "Daily", "P", "U"), (conflict.StudentId, conflict.Date, conflict.Kind, conflict.SyncCode, conflict.ExistingCode));
        using var c = t.Store.OpenConnection();
        Assert.Equal(
        [
            "YURI 20251006 ILL 480 890 Sync", "YURI 20251009 U null null Entered",
            "ZOE 20251006 P 480 890 Sync", "ZOE 20251007 U null null Entered", "ZOE 20251009 T 480 890 Sync",
        ], c.Query("SELECT s.StudentUniqueId, d.Date, c.Code, d.TimeIn, d.TimeOut, d.Origin FROM DailyAttendance d JOIN Student s ON s.StudentRef = d.StudentRef " +
                   "JOIN AttendanceCode c ON c.CodeRef = d.CodeRef JOIN School k ON k.SchoolRef = d.SchoolRef WHERE k.SchoolId = 'JHS' ORDER BY s.StudentUniqueId, d.Date",
            x => string.Join(" ", Enumerable.Range(0, x.FieldCount).Select(i => x.IsDBNull(i) ? "null" : Convert.ToString(x.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
