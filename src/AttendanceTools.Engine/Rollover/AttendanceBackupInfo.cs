namespace AttendanceTools.Engine.Rollover;

/// <summary>
/// One backup as Get-AttendanceBackup lists it: a whole-store copy (<c>Kind = Store</c>, a file in the
/// store's backup folder) or the before-images a rollover run kept (<c>Kind = Rollover</c>, inside the store).
/// </summary>
public sealed record AttendanceBackupInfo
{
    /// <summary>"store-20260612T180000Z" or "Registration-2026-1".</summary>
    public required string BackupId { get; init; }
    /// <summary><c>Store</c> or <c>Rollover</c>.</summary>
    public required string Kind { get; init; }
    public int? SchoolYear { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public string? Reason { get; init; }
    /// <summary>The copy's file (Store backups only).</summary>
    public string? Path { get; init; }
    public long SizeBytes { get; init; }
    /// <summary>Rollover backups: the run they belong to.</summary>
    public string? RunType { get; init; }
    public int? RunNumber { get; init; }
    /// <summary>Rollover backups: "Table: rows saved" per table, as the backup log records them.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Rows saved (Rollover) — the sum over <see cref="Tables"/>.</summary>
    public long Rows { get; init; }
    /// <summary>False when the file is missing or the run was already restored.</summary>
    public bool Restorable { get; init; } = true;
}
