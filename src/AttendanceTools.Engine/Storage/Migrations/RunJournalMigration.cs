using AttendanceTools.Engine.Storage.Schema;
using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 3: the run journal. A reversible run (backfill, bridge sync, rollover) records
/// the before- and after-image of every district row it changes, in its own apply transaction, so
/// <c>Undo-AttendanceRun</c> can put exactly those rows back and see which were changed since.
/// </summary>
public static class RunJournalMigration
{
    /// <summary>
    /// One changed row: <c>Before</c> is null for an inserted row, <c>After</c> null for a deleted
    /// one. Images are JSON objects of column name to stored value (numbers, text, null).
    /// </summary>
    public static readonly TableDef RunChange = new()
    {
        Name = "RunChange", Bookkeeping = true, Clustered = true,
        Columns = [Long("RunId"), Int("Seq"), Text("TableName", 100), NText("Before"), NText("After")],
        PrimaryKey = ["RunId", "Seq"],
    };

    public static readonly Migration Migration = new(3, "Run journal for undo", ctx =>
    {
        foreach (var sql in ctx.Dialect.CreateTable(RunChange)) ctx.Execute(sql);
    });
}
