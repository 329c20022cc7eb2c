using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>What Get-AttendanceStore shows: where the store is, its schema, its size and its lock.</summary>
public sealed record StoreInfo
{
    public required string Provider { get; init; }
    public required string Path { get; init; }
    public required int SchemaVersion { get; init; }
    public required int ModuleSchemaVersion { get; init; }
    public required bool IsReadOnly { get; init; }
    public string? StoreId { get; init; }
    public string? DistrictName { get; init; }
    public string? TimeZone { get; init; }
    /// <summary>The current school year as shown to people ("2025-26"), or null when none is current.</summary>
    public string? CurrentSchoolYear { get; init; }
    public bool IsLocked { get; init; }
    public string? LockedBy { get; init; }
    public DateTimeOffset? LockedAt { get; init; }
    public string? LockReason { get; init; }
    /// <summary>True while the lock switches scheduled jobs off (they write nothing and succeed).</summary>
    public bool ScheduledTasksDisabled { get; init; }
    /// <summary>Rows per district-data table (bookkeeping tables left out).</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }
    public long SizeBytes { get; init; }

    public static StoreInfo Read(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables.DistrictData)
            counts[table.Name] = c.ScalarLong($"SELECT COUNT(*) FROM {store.Dialect.Quote(table.Name)}");
        var current = c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1");
        var lockInfo = MaintenanceLockCheck.Read(c);
        return new StoreInfo
        {
            Provider = store.Provider,
            Path = store.Location,
            SchemaVersion = SchemaMigrator.CurrentVersion(c, store.Dialect, store.Location),
            ModuleSchemaVersion = SchemaMigrator.LatestVersion,
            IsReadOnly = store.IsReadOnly,
            StoreId = StoreSettings.Get(c, StoreSettings.StoreId),
            DistrictName = StoreSettings.Get(c, StoreSettings.DistrictName),
            TimeZone = StoreSettings.Get(c, StoreSettings.TimeZone),
            CurrentSchoolYear = current == 0 ? null : SchoolYearText.Format((int)current),
            IsLocked = lockInfo is not null,
            LockedBy = lockInfo?.LockedBy,
            LockedAt = lockInfo?.LockedAt,
            LockReason = lockInfo?.Reason,
            ScheduledTasksDisabled = lockInfo?.DisableScheduledTasks ?? false,
            RowCounts = counts,
            SizeBytes = File.Exists(store.Location) ? new FileInfo(store.Location).Length : 0,
        };
    }
}
