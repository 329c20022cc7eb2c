using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>The year-end maintenance lock as every writer sees it (domain §4.5).</summary>
public sealed record MaintenanceLockInfo(string LockedBy, DateTimeOffset LockedAt, string? Reason, bool DisableScheduledTasks, string Token);

public static class MaintenanceLockCheck
{
    public static MaintenanceLockInfo? Read(DbConnection connection, DbTransaction? tx = null)
    {
        var rows = connection.Query("SELECT LockedBy, LockedAt, Reason, DisableScheduledTasks, Token FROM MaintenanceLock WHERE Id = 1",
            r => new MaintenanceLockInfo(r.GetString(0), DbValue.Timestamp(r.GetString(1)), r.NullableString(2), r.GetBool(3), r.GetString(4)), tx);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Writes the lock row (taking the lock, or putting it back after a whole-store restore).</summary>
    public static void Write(DbConnection connection, DbTransaction tx, MaintenanceLockInfo info)
        => connection.Execute("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, @by, @at, @r, @d, @t)",
            tx, ("by", info.LockedBy), ("at", DbValue.Timestamp(info.LockedAt)), ("r", info.Reason), ("d", info.DisableScheduledTasks), ("t", info.Token));

    /// <summary>Fails with <c>MaintenanceLocked</c> when the store is locked and <paramref name="token"/> is not the lock's.</summary>
    public static void EnsureWritable(DbConnection connection, DbTransaction tx, string? token)
    {
        var held = Read(connection, tx);
        if (held is null || (token is not null && string.Equals(token, held.Token, StringComparison.Ordinal))) return;
        throw Locked(held);
    }

    public static AttendanceException Locked(MaintenanceLockInfo held) => new("MaintenanceLocked", FailureKind.Busy,
        $"The store is under a maintenance lock held by {held.LockedBy} since {held.LockedAt:yyyy-MM-dd HH:mm} UTC" +
        (string.IsNullOrEmpty(held.Reason) ? "." : $" ({held.Reason})."),
        held.LockedBy, "Wait until the year-end work is done, or pass the lock's token if you are part of it.");
}
