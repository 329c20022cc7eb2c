using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Rollover;

/// <summary>
/// Takes and releases the store-wide maintenance lock (domain §4.5). The lock row is bookkeeping:
/// taking it is not a district change and never appears in a run's change set.
/// </summary>
public static class MaintenanceLockOperation
{
    /// <summary>
    /// Locks the store. The holder taking it again (a resumed runbook) gets the same lock back with
    /// its token; anyone else is refused with <c>MaintenanceLocked</c>.
    /// </summary>
    public static MaintenanceLockInfo Lock(AttendanceStore store, string reason, bool disableScheduledTasks, string? token = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
        var held = MaintenanceLockCheck.Read(tx.Connection, tx.Transaction);
        if (held is not null)
        {
            var mine = token is not null ? string.Equals(token, held.Token, StringComparison.Ordinal)
                : string.Equals(held.LockedBy, RunLog.CurrentUser, StringComparison.OrdinalIgnoreCase);
            if (!mine) throw MaintenanceLockCheck.Locked(held);
            if (held.DisableScheduledTasks == disableScheduledTasks && held.Reason == reason) return held;
            tx.Connection.Execute("UPDATE MaintenanceLock SET Reason = @r, DisableScheduledTasks = @d WHERE Id = 1", tx.Transaction,
                ("r", reason), ("d", disableScheduledTasks));
            tx.Commit();
            return held with { Reason = reason, DisableScheduledTasks = disableScheduledTasks };
        }
        var taken = new MaintenanceLockInfo(RunLog.CurrentUser, store.Clock.GetUtcNow(), reason, disableScheduledTasks, Guid.NewGuid().ToString("N"));
        MaintenanceLockCheck.Write(tx.Connection, tx.Transaction, taken);
        tx.Commit();
        return taken;
    }

    /// <summary>
    /// Removes the lock and returns what was removed (null: the store was not locked, a no-op).
    /// Only the holder (its token, or the user who took it) may unlock unless <paramref name="force"/>.
    /// </summary>
    public static MaintenanceLockInfo? Unlock(AttendanceStore store, string? token, bool force)
    {
        using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
        var held = MaintenanceLockCheck.Read(tx.Connection, tx.Transaction);
        if (held is null) return null;
        var mine = string.Equals(token, held.Token, StringComparison.Ordinal)
                   || (token is null && string.Equals(held.LockedBy, RunLog.CurrentUser, StringComparison.OrdinalIgnoreCase));
        if (!mine && !force)
            throw new AttendanceException("MaintenanceLocked", FailureKind.Busy,
                $"The store's maintenance lock is held by {held.LockedBy} since {held.LockedAt:yyyy-MM-dd HH:mm} UTC ({held.Reason}); this caller does not hold its token.",
                held.LockedBy, "Unlock from the session that took the lock, pass its -LockToken, or use -Force if that session is gone.");
        tx.Connection.Execute("DELETE FROM MaintenanceLock WHERE Id = 1", tx.Transaction);
        tx.Commit();
        return held;
    }

    /// <summary>The lock rollovers and restores run under: refuses with <c>RolloverLockRequired</c> when absent, <c>MaintenanceLocked</c> when not the caller's.</summary>
    public static MaintenanceLockInfo Require(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, string? token, string what)
    {
        var held = MaintenanceLockCheck.Read(connection, tx)
                   ?? throw new AttendanceException("RolloverLockRequired", FailureKind.InvalidOperation,
                       $"{what} needs the store's maintenance lock, and the store is not locked.", what,
                       "Run Lock-AttendanceStore -Reason 'Year-end rollover' -DisableScheduledTasks first.");
        if (!string.Equals(token, held.Token, StringComparison.Ordinal)) throw MaintenanceLockCheck.Locked(held);
        return held;
    }
}
