using System.Data.Common;
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

    /// <summary>
    /// For a bulk write inside <paramref name="tx"/>: drops the per-row triggers so millions of rows
    /// do not each log a change. Always pair with <see cref="ResumeWithCoarseChange"/> in the same transaction.
    /// </summary>
    public static void Suspend(DbConnection connection, DbTransaction tx, ISqlDialect dialect)
    {
        foreach (var sql in dialect.DropChangeTrackingTriggers()) connection.Execute(sql, tx);
    }

    /// <summary>Re-creates the triggers and logs one change covering everything (the next nightly refresh recomputes it all).</summary>
    public static void ResumeWithCoarseChange(DbConnection connection, DbTransaction tx, ISqlDialect dialect, string kind)
    {
        foreach (var sql in dialect.ChangeTrackingTriggers()) connection.Execute(sql, tx);
        connection.Execute("INSERT INTO ChangeLog (Kind, SchoolRef, CalendarRef, StudentRef, FromDate, ToDate, BellScheduleRef) " +
                           "VALUES (@kind, NULL, NULL, NULL, NULL, NULL, NULL)", tx, ("kind", kind));
    }
}
