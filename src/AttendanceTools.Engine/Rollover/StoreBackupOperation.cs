using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Engine.Rollover;

/// <summary>
/// Whole-store backups: consistent online copies made with SQLite's backup API (never a file copy,
/// which can miss pages still in the WAL), kept in the folder <c>&lt;store file&gt;.backups</c> beside the
/// store and listed in the store's <c>StoreBackup</c> table.
/// </summary>
public static class StoreBackupOperation
{
    public static string BackupFolder(AttendanceStore store) => store.Location + ".backups";

    public static AttendanceBackupInfo Backup(AttendanceStore store, string? reason, string? lockToken, IOperationObserver observer)
    {
        RequireSqlite(store);
        var now = store.Clock.GetUtcNow();
        var folder = BackupFolder(store);
        Directory.CreateDirectory(folder);
        var id = "store-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        using (var c = store.OpenConnection())
        {
            var taken = c.Query("SELECT BackupId FROM StoreBackup WHERE BackupId LIKE @p", r => r.GetString(0), null, ("p", id + "%"));
            if (taken.Count > 0) id += "-" + (taken.Count + 1).ToString(CultureInfo.InvariantCulture);
        }
        var file = Path.Combine(folder, id + ".db");

        // Checked before the copy, so a refused caller leaves no file behind.
        using (var probe = WriteTransaction.Begin(store, lockToken)) { }
        observer.Verbose($"Copying the store '{store.Location}' to '{file}' with the SQLite backup API.");
        using (var source = (SqliteConnection)store.OpenConnection())
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            target.Open();
            source.BackupDatabase(target);
            // The copy is a closed file: a rollback journal keeps it one self-contained file.
            target.Execute("PRAGMA journal_mode = DELETE;");
        }

        using var tx = WriteTransaction.Begin(store, lockToken);
        var year = CurrentYear(tx.Connection, tx.Transaction);
        var info = new AttendanceBackupInfo
        {
            BackupId = id, Kind = "Store", SchoolYear = year, CreatedAt = now, CreatedBy = RunLog.CurrentUser, Reason = reason,
            Path = file, SizeBytes = new FileInfo(file).Length,
        };
        Insert(tx.Connection, tx.Transaction, info);
        tx.Commit();
        return info;
    }

    private static void Insert(DbConnection c, DbTransaction tx, AttendanceBackupInfo info)
        => c.Execute("INSERT INTO StoreBackup (BackupId, FileName, CreatedAt, CreatedBy, SchoolYear, Reason, SizeBytes) VALUES (@id, @f, @at, @by, @y, @r, @s)", tx,
            ("id", info.BackupId), ("f", Path.GetFileName(info.Path)), ("at", DbValue.Timestamp(info.CreatedAt)), ("by", info.CreatedBy),
            ("y", info.SchoolYear), ("r", info.Reason), ("s", info.SizeBytes));

    private static int? CurrentYear(DbConnection c, DbTransaction? tx)
    {
        var y = c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1", tx);
        return y == 0 ? null : (int)y;
    }

    /// <summary>The store backups listed in the store, newest first.</summary>
    public static List<AttendanceBackupInfo> List(AttendanceStore store, DbConnection c, DbTransaction? tx = null)
    {
        var folder = BackupFolder(store);
        return c.Query("SELECT BackupId, FileName, CreatedAt, CreatedBy, SchoolYear, Reason, SizeBytes FROM StoreBackup ORDER BY CreatedAt DESC, BackupId DESC", r =>
        {
            var file = Path.Combine(folder, r.GetString(1));
            return new AttendanceBackupInfo
            {
                BackupId = r.GetString(0), Kind = "Store", Path = file, CreatedAt = DbValue.Timestamp(r.GetString(2)), CreatedBy = r.GetString(3),
                SchoolYear = r.NullableInt(4), Reason = r.NullableString(5), SizeBytes = r.GetInt64(6), Restorable = File.Exists(file),
            };
        }, tx);
    }

    /// <summary>Deletes a store backup's file and its entry.</summary>
    public static void Remove(AttendanceStore store, AttendanceBackupInfo backup, string? lockToken)
    {
        using var tx = WriteTransaction.Begin(store, lockToken);
        tx.Connection.Execute("DELETE FROM StoreBackup WHERE BackupId = @id", tx.Transaction, ("id", backup.BackupId));
        if (backup.Path is { } file && File.Exists(file)) File.Delete(file);
        tx.Commit();
    }

    /// <summary>
    /// Puts a backup's content back into the live store with the backup API (page by page, inside
    /// SQLite's own locking). The maintenance lock and the backup list are the present ones: a
    /// restore never unlocks the store nor forgets the backups taken after the copy.
    /// </summary>
    public static void Restore(AttendanceStore store, AttendanceBackupInfo backup, string? lockToken, IOperationObserver observer)
    {
        RequireSqlite(store);
        if (backup.Path is null || !File.Exists(backup.Path))
            throw new AttendanceException("BackupFileMissing", FailureKind.NotFound,
                $"The backup {backup.BackupId} cannot be restored: its file '{backup.Path}' does not exist.", backup.BackupId,
                "Pick another backup (Get-AttendanceBackup), or remove this entry with Remove-AttendanceBackup.");
        MaintenanceLockInfo? lockRow;
        List<AttendanceBackupInfo> backups;
        using (var check = WriteTransaction.Begin(store, lockToken))
        {
            lockRow = MaintenanceLockCheck.Read(check.Connection, check.Transaction);
            backups = List(store, check.Connection, check.Transaction);
        }
        observer.Verbose($"Restoring the store '{store.Location}' from '{backup.Path}'.");
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backup.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var target = (SqliteConnection)store.OpenConnection())
        {
            source.Open();
            source.BackupDatabase(target);
        }
        using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
        var version = SchemaMigrator.CurrentVersion(tx.Connection, store.Dialect, store.Location);
        tx.Connection.Execute("DELETE FROM MaintenanceLock", tx.Transaction);
        if (lockRow is not null) MaintenanceLockCheck.Write(tx.Connection, tx.Transaction, lockRow);
        if (version >= StoreBackupMigration.Migration.Version)
        {
            tx.Connection.Execute("DELETE FROM StoreBackup", tx.Transaction);
            foreach (var b in backups) Insert(tx.Connection, tx.Transaction, b);
        }
        tx.Commit();
    }

    private static void RequireSqlite(AttendanceStore store)
    {
        if (store.Provider != "SQLite")
            throw new AttendanceException("BackupNotSupported", FailureKind.InvalidOperation,
                $"Backup-AttendanceStore copies SQLite stores; the store '{store.Location}' is {store.Provider}.", store.Location,
                $"Back up a {store.Provider} store with the server's own tools (pg_dump for PostgreSQL, BACKUP DATABASE for SQL Server), or copy it into a SQLite file with Copy-AttendanceStore.");
    }
}
