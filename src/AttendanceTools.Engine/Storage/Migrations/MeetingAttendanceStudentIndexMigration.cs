using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 10 (issue 16): an index on meeting attendance by (StudentRef, Date). The table is
/// clustered by school and date, so a read by student (Get-AttendanceRecord -Student, one student's
/// year) scanned every school's marks; daily attendance has had the same index since version 1.
/// </summary>
public static class MeetingAttendanceStudentIndexMigration
{
    public const int Version = 10;

    public static readonly IndexDef Index = new("IX_MeetingAttendance_Student", ["StudentRef", "Date"]);

    public static readonly Migration Migration = new(Version, "Meeting attendance by student and date", ctx =>
    {
        // Plain CREATE INDEX: the same statement on every dialect the store supports.
        var d = ctx.Dialect;
        ctx.Execute($"CREATE INDEX {d.Quote(Index.Name)} ON {d.Quote(Tables.MeetingAttendance.Name)} ({string.Join(", ", Index.Columns.Select(d.Quote))})");
    });
}
