using System.Data.Common;
using System.Globalization;
using System.Text.Json;
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

        // Under the store's writer lease, with the maintenance lock checked first, so a refused caller leaves no file behind.
        return WriteProtocol.Apply(store, "StoreBackup", lockToken, tx =>
        {
            observer.Verbose($"Copying the store '{store.Location}' to '{file}' with the SQLite backup API.");
            try
            {
                using (var source = (SqliteConnection)store.OpenConnection())
                using (var target = Open(file, SqliteOpenMode.ReadWriteCreate))
                {
                    source.BackupDatabase(target);
                    // The copy is a closed file: a rollback journal keeps it one self-contained file.
                    target.Execute("PRAGMA journal_mode = DELETE;");
                }
                var info = new AttendanceBackupInfo
                {
                    BackupId = id, Kind = "Store", SchoolYear = CurrentYear(tx.Connection, tx.Transaction), CreatedAt = now, CreatedBy = RunLog.CurrentUser,
                    Reason = reason, Path = file, SizeBytes = new FileInfo(file).Length,
                };
                Insert(tx.Connection, tx.Transaction, info);
                return info;
            }
            catch
            {
                if (File.Exists(file)) File.Delete(file);
                throw;
            }
        }, observer, CancellationToken.None);
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
        => WriteProtocol.Apply(store, "RemoveBackup", lockToken, tx =>
        {
            tx.Connection.Execute("DELETE FROM StoreBackup WHERE BackupId = @id", tx.Transaction, ("id", backup.BackupId));
            if (backup.Path is { } file && File.Exists(file)) File.Delete(file);
            return backup.BackupId;
        }, NullObserver.Instance, CancellationToken.None);

    /// <summary>Restore-AttendanceStore's run-log operation name.</summary>
    public const string RestoreOperationName = "StoreRestore";

    /// <summary>
    /// Puts a backup's content back into the live store through the engine's <see cref="WriteProtocol"/>: under the
    /// store's writer lease and with the store unchanged since <paramref name="planned"/> (when the person confirmed;
    /// default: now), else refused with <c>StoreChangedSincePlan</c>. The backup is copied to a staging file first, which
    /// takes the present maintenance lock and backup list (a restore never unlocks the store nor forgets the backups
    /// taken after the copy), the restore's run-log row and no lease; that file then replaces the store's pages in
    /// one step with SQLite's backup API, so the data, the run log and the lease release land together.
    /// </summary>
    public static void Restore(AttendanceStore store, AttendanceBackupInfo backup, string? lockToken, IOperationObserver observer,
        StoreStamp? planned = null, CancellationToken ct = default)
    {
        RequireSqlite(store);
        if (backup.Path is null || !File.Exists(backup.Path))
            throw new AttendanceException("BackupFileMissing", FailureKind.NotFound,
                $"The backup {backup.BackupId} cannot be restored: its file '{backup.Path}' does not exist.", backup.BackupId,
                "Pick another backup (Get-AttendanceBackup), or remove this entry with Remove-AttendanceBackup.");
        var staging = Path.Combine(BackupFolder(store), $".restore-{Guid.NewGuid():N}.db");
        int schemaVersion;
        using (var c = store.OpenConnection()) schemaVersion = SchemaMigrator.CurrentVersion(c, store.Dialect, store.Location);
        try
        {
            WriteProtocol.Apply(store, new WriteSteps<StoreStamp>
            {
                Operation = RestoreOperationName, StampOf = stamp => stamp, CountsOf = _ => $"the store replaced by {backup.BackupId}", LockToken = lockToken,
                CommitBy = tx =>
                {
                    tx.Rollback();
                    using var source = Open(staging, SqliteOpenMode.ReadOnly);
                    using var target = (SqliteConnection)store.OpenConnection();
                    source.BackupDatabase(target);
                },
            }, planned ?? StoreStamp.Read(store), (tx, _) =>
            {
                Stage(store, tx, backup, staging, schemaVersion, observer);
                return 0;
            }, observer, ct);
        }
        finally
        {
            if (File.Exists(staging)) File.Delete(staging);
        }
    }

    /// <summary>The backup's copy in <paramref name="staging"/>, with the store's present bookkeeping and the restore's run-log row.</summary>
    private static void Stage(AttendanceStore store, WriteTransaction tx, AttendanceBackupInfo backup, string staging, int schemaVersion, IOperationObserver observer)
    {
        var started = store.Clock.GetUtcNow();
        var lockRow = MaintenanceLockCheck.Read(tx.Connection, tx.Transaction);
        var backups = List(store, tx.Connection, tx.Transaction);
        observer.Verbose($"Restoring the store '{store.Location}' from '{backup.Path}'.");
        using (var source = Open(backup.Path!, SqliteOpenMode.ReadOnly))
        using (var copy = Open(staging, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(copy);
            // An older backup is brought to the store's schema, as a connect would, so the rows below fit it.
            var version = SchemaMigrator.Migrate(copy, store.Dialect, staging, observer, store.Clock, schemaVersion);
            using var t = copy.BeginTransaction();
            copy.Execute("DELETE FROM MaintenanceLock", t);
            if (lockRow is not null) MaintenanceLockCheck.Write(copy, t, lockRow);
            if (version >= StoreBackupMigration.Migration.Version)
            {
                copy.Execute("DELETE FROM StoreBackup", t);
                foreach (var b in backups) Insert(copy, t, b);
            }
            // Leases in the copy are of runs long over; this run's own goes with the copy, as a commit releases it.
            copy.Execute("DELETE FROM Lease", t);
            RunLog.Write(copy, t, new RunInfo
            {
                Operation = RestoreOperationName, Scope = $"{backup.BackupId} taken {backup.CreatedAt:yyyy-MM-dd HH:mm} UTC", StartedBy = RunLog.CurrentUser,
                Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = store.Clock.GetUtcNow(),
                Details = JsonSerializer.Serialize(new { backup.BackupId, backup.CreatedAt, backup.CreatedBy, backup.SchoolYear }),
            });
            t.Commit();
        }
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static void RequireSqlite(AttendanceStore store)
    {
        if (store.Provider != "SQLite")
            throw new AttendanceException("BackupNotSupported", FailureKind.InvalidOperation,
                $"Backup-AttendanceStore copies SQLite stores; the store '{store.Location}' is {store.Provider}.", store.Location,
                $"Back up a {store.Provider} store with the server's own tools (pg_dump for PostgreSQL, BACKUP DATABASE for SQL Server), or copy it into a SQLite file with Copy-AttendanceStore.");
    }
}
