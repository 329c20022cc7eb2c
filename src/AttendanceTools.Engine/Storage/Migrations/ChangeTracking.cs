using AttendanceTools.Engine.Storage.Schema;
using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 2: change tracking for the nightly aggregation refresh. Triggers on every input
/// of a day aggregate (attendance, rosters, enrolments, calendar days, period times, section and
/// code flags) append the region they may affect to <c>ChangeLog</c>, so a nightly run can
/// recompute exactly those student-days, whoever wrote the change (our cmdlets or a district ETL job).
/// </summary>
public static class ChangeTracking
{
    /// <summary>
    /// A region of day aggregates that may have changed: a school (null = every school), a calendar
    /// (null = every calendar of the school), a student (null = all), a date range (null = open),
    /// and optionally only the days that use one bell schedule.
    /// </summary>
    public static readonly TableDef ChangeLog = new()
    {
        Name = "ChangeLog", Bookkeeping = true,
        Columns = [Id("Seq"), Text("Kind", 30), Int("SchoolRef", true), Int("CalendarRef", true), Int("StudentRef", true),
            Date("FromDate", true), Date("ToDate", true), Int("BellScheduleRef", true)],
        PrimaryKey = ["Seq"],
    };

    /// <summary>Per calendar: the last change-log entry the nightly refresh consumed and the last day it passed.</summary>
    public static readonly TableDef AggregationState = new()
    {
        Name = "AggregationState", Bookkeeping = true,
        Columns = [Int("CalendarRef"), Long("Watermark"), Date("ComputedThrough", true), Long("LastRunId", true)],
        PrimaryKey = ["CalendarRef"],
    };

    public static readonly Migration Migration = new(2, "Change tracking for incremental aggregation", ctx =>
    {
        foreach (var table in new[] { ChangeLog, AggregationState })
            foreach (var sql in ctx.Dialect.CreateTable(table)) ctx.Execute(sql);
        foreach (var sql in ctx.Dialect.ChangeTrackingTriggers()) ctx.Execute(sql);
    });
}
