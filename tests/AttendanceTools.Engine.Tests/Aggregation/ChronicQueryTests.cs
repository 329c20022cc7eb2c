using AttendanceTools.Engine.Aggregation;

namespace AttendanceTools.Engine.Tests.Aggregation;

/// <summary>
/// Get-ChronicAbsenteeism's query (domain §7.5) through the store: who is listed, exact arithmetic,
/// and the WholeHalf rule with the calendar's own thresholds.
/// </summary>
public sealed class ChronicQueryTests : IDisposable
{
    private readonly JeffersonStore _j = new();

    public void Dispose() => _j.Dispose();

    /// <summary>Writes <paramref name="absences"/>.Length rows for a student, one a day from 2025-09-01, each of 330 scheduled minutes.</summary>
    private void Rows(string student, params int[] absences)
    {
        var values = string.Join(", ", absences.Select((a, i) =>
            $"((SELECT CalendarRef FROM Calendar WHERE CalendarCode = 'REG'), {JeffersonStore.Date(new DateOnly(2025, 9, 1).AddDays(i))}, {_j.StudentRef(student)}, 330, {a}, 0, NULL, 0)"));
        _j.Exec("INSERT INTO DayAggregate (CalendarRef, Date, StudentRef, ScheduledMinutes, AbsentMinutes, UnexcusedAbsentMinutes, MostCommonExcuseRef, LastModified) VALUES " + values);
    }

    private List<ChronicAbsenteeismInfo> Chronic(DayAbsentRule rule = DayAbsentRule.HalfDay, params string[] students)
        => AggregationQueries.Chronic(_j.Store, new ChronicRequest { Rule = rule, Students = students, AsOf = new DateOnly(2025, 12, 31) });

    private static readonly int[] Uma = [330, 165, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Fractional_12_of_120_days_is_exactly_10_percent_and_chronic()
    {
        Rows("ZOE", [.. Enumerable.Range(0, 120).Select(i => i < 99 ? 40 : 0)]); // 99 × 40/330 = 12 days

        var zoe = Assert.Single(Chronic(DayAbsentRule.Fractional, "ZOE"));

        Assert.Equal((120, 12m, 0.1m, 0.1m, true, (string?)null), (zoe.EnrolledDays, zoe.DaysAbsent, zoe.Rate, zoe.Threshold, zoe.IsChronic, zoe.Reason));
    }

    [Fact]
    public void A4_through_the_store_for_every_rule()
    {
        Rows("ZOE", Uma);
        var half = Assert.Single(Chronic(DayAbsentRule.HalfDay, "ZOE"));
        var fractional = Assert.Single(Chronic(DayAbsentRule.Fractional, "ZOE"));
        var wholeHalf = Assert.Single(Chronic(DayAbsentRule.WholeHalf, "ZOE"));

        Assert.Equal((20, 2m, 0.1m, true), (half.EnrolledDays, half.DaysAbsent, half.Rate, half.IsChronic));
        Assert.Equal((20, 1.8333333333333333333333333333m, 0.0916666666666666666666666667m, false),
            (fractional.EnrolledDays, fractional.DaysAbsent, fractional.Rate, fractional.IsChronic));
        Assert.Equal((20, 2m, 0.1m, true), (wholeHalf.EnrolledDays, wholeHalf.DaysAbsent, wholeHalf.Rate, wholeHalf.IsChronic));
    }

    [Fact]
    public void WholeHalf_reads_the_thresholds_of_the_calendar_in_the_store()
    {
        Rows("ZOE", Uma);
        _j.Exec("UPDATE Calendar SET WholeDayAbsenceMinutes = 300, HalfDayAbsenceMinutes = 120");

        var zoe = Assert.Single(Chronic(DayAbsentRule.WholeHalf, "ZOE"));

        // 330 ≥ 300: 1; 165 ≥ 120: 0.5; 110 < 120: 0 → 1.5 of 20 days.
        Assert.Equal((1.5m, 0.075m, false), (zoe.DaysAbsent, zoe.Rate, zoe.IsChronic));
    }

    [Fact]
    public void WholeHalf_without_thresholds_is_refused_naming_the_calendar()
    {
        Rows("ZOE", Uma);
        _j.Exec("UPDATE Calendar SET HalfDayAbsenceMinutes = NULL");

        var ex = Assert.Throws<AttendanceException>(() => Chronic(DayAbsentRule.WholeHalf));

        Assert.Equal(("ChronicThresholdsMissing", FailureKind.InvalidData, "Jefferson High REG 2025-26"), (ex.ErrorId, ex.Kind, ex.Target as string));
        Assert.Contains("HalfDayAbsenceMinutes", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public void Every_enrolled_student_is_listed_even_with_no_aggregated_day()
    {
        Rows("ZOE", Uma);

        var rows = Chronic();

        Assert.Equal(["XAVI", "YURI", "ZOE"], rows.Select(r => r.Student));
        var xavi = rows[0];
        Assert.Equal((0, 0m, 0m, false, "BelowMinimumDays"), (xavi.EnrolledDays, xavi.DaysAbsent, xavi.Rate, xavi.IsChronic, xavi.Reason));
        Assert.Equal((new DateTime(2025, 7, 1), new DateTime(2025, 12, 31)), (xavi.From, xavi.To));
    }

    [Fact]
    public void Deleted_students_are_neither_counted_nor_listed_and_a_vanished_student_row_does_not_break_the_query()
    {
        Rows("ZOE", Uma);
        Rows("XAVI", Uma);
        Rows("YURI", Uma);
        _j.Exec("UPDATE Student SET IsDeleted = 1 WHERE StudentUniqueId = 'XAVI'");
        _j.Exec("DELETE FROM Student WHERE StudentUniqueId = 'YURI'"); // an ETL job removed the row, not its aggregates

        var rows = Chronic();

        var zoe = Assert.Single(rows);
        Assert.Equal(("ZOE", 20, 2m), (zoe.Student, zoe.EnrolledDays, zoe.DaysAbsent));
    }

    [Fact]
    public void A_student_id_that_names_nobody_is_refused()
    {
        var ex = Assert.Throws<AttendanceException>(() => Chronic(DayAbsentRule.HalfDay, "NOBODY"));
        Assert.Equal(("StudentNotFound", "NOBODY"), (ex.ErrorId, ex.Target as string));
    }
}
