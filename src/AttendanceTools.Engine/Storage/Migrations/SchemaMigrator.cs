using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Brings a store to the schema this module knows, on connect. An older store is upgraded in
/// one transaction; a newer one is refused (the module is older than the data).
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Every migration, in order. The last one's number is the module's schema version.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "Canonical data model (domain.md §3)", ctx =>
        {
            foreach (var table in Tables.Version1)
                foreach (var sql in ctx.Dialect.CreateTable(table.AsOf(1))) ctx.Execute(sql);
        }),
        ChangeTracking.Migration,
        RunJournalMigration.Migration,
        RecordingMethodChangeMigration.Migration,
        StoreIdentityMigration.Migration,
        StoreBackupMigration.Migration,
        OneRosterInterchangeMigration.Migration,
        MeetingAttendanceStudentIndexMigration.Migration,
    ];

    public static int LatestVersion => All[^1].Version;

    /// <summary>The schema version of the connected store; 0 for an empty database.</summary>
    public static int CurrentVersion(DbConnection connection, ISqlDialect dialect, string displayName)
    {
        if (!dialect.TableExists(connection, Tables.SchemaVersion.Name))
        {
            if (!dialect.IsEmptyDatabase(connection))
                throw new AttendanceException("StoreNotRecognized", FailureKind.InvalidData,
                    $"'{displayName}' is a database, but not an AttendanceTools store (it has no SchemaVersion table).", displayName,
                    "Point -Path at an AttendanceTools store, or at a new file name to create one.");
            return 0;
        }
        return (int)connection.ScalarLong("SELECT MAX(Version) FROM SchemaVersion");
    }

    /// <summary>Applies every step above the store's version up to <paramref name="targetVersion"/>.</summary>
    public static int Migrate(DbConnection connection, ISqlDialect dialect, string displayName, IOperationObserver observer,
        TimeProvider clock, int? targetVersion = null)
    {
        var target = targetVersion ?? LatestVersion;
        var current = CurrentVersion(connection, dialect, displayName);
        if (current > LatestVersion)
            throw TooNew(displayName, current);
        if (current >= target) return current;

        using var tx = connection.BeginTransaction();
        var ctx = new MigrationContext(connection, tx, dialect);
        foreach (var step in All.Where(m => m.Version > current && m.Version <= target))
        {
            observer.Verbose($"Upgrading store '{displayName}' to schema version {step.Version}: {step.Description}.");
            step.Apply(ctx);
            connection.Execute("INSERT INTO SchemaVersion (Version, Description, AppliedAt, ModuleVersion) VALUES (@v, @d, @t, @m)", tx,
                ("v", step.Version), ("d", step.Description), ("t", DbValue.Timestamp(clock.GetUtcNow())), ("m", EngineInfo.Version));
        }
        tx.Commit();
        return target;
    }

    public static AttendanceException TooNew(string displayName, int version) => new("StoreSchemaTooNew", FailureKind.InvalidOperation,
        $"The store '{displayName}' has schema version {version}, but this module (AttendanceTools {EngineInfo.Version}) understands versions up to {LatestVersion}. It was written by a newer AttendanceTools.",
        displayName, "Update the AttendanceTools module (Update-Module AttendanceTools) before using this store.");
}
