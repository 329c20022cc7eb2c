using AttendanceTools.Engine.Storage.Schema;
using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 4: the date a school changed its recording method during a year (domain §6.1: a
/// school that switches method is missing the other method's records from that day on), so the
/// bridge sync can default its range to the gap.
/// </summary>
public static class RecordingMethodChangeMigration
{
    /// <summary>One change: from <c>EffectiveDate</c> on the school records by <c>RecordingMethod</c> (before it, by <c>PreviousMethod</c>).</summary>
    public static readonly TableDef RecordingMethodChange = new()
    {
        Name = "RecordingMethodChange", Clustered = true,
        Columns = [Int("SchoolRef"), Int("SchoolYear"), Date("EffectiveDate"), Text("PreviousMethod", 10), Text("RecordingMethod", 10),
            Timestamp("RecordedAt"), Text("RecordedBy", 200)],
        PrimaryKey = ["SchoolRef", "SchoolYear", "EffectiveDate"],
    };

    public static readonly Migration Migration = new(4, "Recording-method changes for the attendance bridge", ctx =>
    {
        foreach (var sql in ctx.Dialect.CreateTable(RecordingMethodChange)) ctx.Execute(sql);
    });
}
