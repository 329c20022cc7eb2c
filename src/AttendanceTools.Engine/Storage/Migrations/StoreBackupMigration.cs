using AttendanceTools.Engine.Storage.Schema;
using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 6: the list of whole-store backups (Backup-AttendanceStore). The copies are
/// files in a folder beside the store (<c>&lt;store&gt;.backups</c>); this table says which exist,
/// who took them, when and why, so Get-AttendanceBackup lists them from the store itself.
/// </summary>
public static class StoreBackupMigration
{
    public static readonly TableDef StoreBackup = new()
    {
        Name = "StoreBackup", Bookkeeping = true,
        Columns = [Text("BackupId", 60), Text("FileName", 400), Timestamp("CreatedAt"), Text("CreatedBy", 200), Int("SchoolYear", true),
            NText("Reason", 400), Long("SizeBytes")],
        PrimaryKey = ["BackupId"],
    };

    public static readonly Migration Migration = new(6, "Store backups", ctx =>
    {
        foreach (var sql in ctx.Dialect.CreateTable(StoreBackup)) ctx.Execute(sql);
    });
}
