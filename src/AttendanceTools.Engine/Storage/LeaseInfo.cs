using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>What a lease is worth now.</summary>
public enum LeaseState
{
    /// <summary>Its holder runs (or runs on another host, which this host cannot check) and renews it.</summary>
    Held,
    /// <summary>Not renewed in time: the next run takes it over.</summary>
    Expired,
    /// <summary>Its holder process no longer runs on this host: the next run takes it over.</summary>
    HolderGone,
}

/// <summary>A lease as Get-AttendanceLease shows it.</summary>
public sealed record LeaseInfo
{
    public required string Name { get; init; }
    public required string Holder { get; init; }
    public required string Host { get; init; }
    public int ProcessId { get; init; }
    public required DateTimeOffset AcquiredAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public LeaseState State { get; init; }
    /// <summary>The holder runs on this machine, so its liveness could be checked.</summary>
    public bool IsOnThisHost { get; init; }

    /// <summary>Every lease of the store (or the one named), with its state as of the store's clock.</summary>
    public static List<LeaseInfo> Read(DbConnection connection, DbTransaction? transaction, TimeProvider clock, string? name = null)
    {
        var now = clock.GetUtcNow();
        var sql = "SELECT Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, ProcessStartedAt, Token FROM Lease" + (name is null ? "" : " WHERE Name = @n") + " ORDER BY Name";
        return connection.Query(sql, r =>
        {
            var host = r.GetString(2);
            var pid = r.GetInt32(3);
            var expires = DbValue.Timestamp(r.GetString(5));
            var state = expires < now ? LeaseState.Expired
                : HolderProcess.IsGone(host, pid, r.NullableString(6), r.GetString(7)) ? LeaseState.HolderGone
                : LeaseState.Held;
            return new LeaseInfo
            {
                Name = r.GetString(0), Holder = r.GetString(1), Host = host, ProcessId = pid, AcquiredAt = DbValue.Timestamp(r.GetString(4)),
                ExpiresAt = expires, State = state, IsOnThisHost = HolderProcess.IsOnThisHost(host),
            };
        }, transaction, name is null ? [] : [("n", name)]);
    }

    public static List<LeaseInfo> Read(AttendanceStore store, string? name = null)
    {
        using var c = store.OpenConnection();
        return Read(c, null, store.Clock, name);
    }

    /// <summary>
    /// Removes a lease by hand (Remove-AttendanceLease), with an audit row in the run log in the same
    /// transaction. Without <paramref name="force"/> only a lease nobody can still be using (expired,
    /// or its holder gone from this host) is removed; a live or unverifiable holder needs force.
    /// </summary>
    public static LeaseInfo Remove(AttendanceStore store, string name, bool force, IOperationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(observer);
        using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
        var lease = Read(tx.Connection, tx.Transaction, store.Clock, name).FirstOrDefault()
            ?? throw new AttendanceException("LeaseNotFound", FailureKind.NotFound, $"The store '{store.Location}' has no lease named '{name}'.", name,
                "Run Get-AttendanceLease to see the leases the store holds.");
        if (lease.State == LeaseState.Held && !force)
            throw new AttendanceException("LeaseHeld", FailureKind.Busy,
                $"The '{name}' lease is held by {lease.Holder} on {lease.Host} since {lease.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC and is still valid" +
                (lease.IsOnThisHost ? " (that process still runs)." : $" (it expires at {lease.ExpiresAt:HH:mm:ss} UTC unless renewed; its host cannot be checked from here)."),
                name, lease.IsOnThisHost ? "Wait for that run to finish." : "If that host or process is gone for good, run Remove-AttendanceLease again with -Force.");
        tx.Connection.Execute("DELETE FROM Lease WHERE Name = @n", tx.Transaction, ("n", name));
        var now = store.Clock.GetUtcNow();
        var scope = $"lease '{name}' of {lease.Holder} on {lease.Host} (acquired {DbValue.Timestamp(lease.AcquiredAt)}, {lease.State})";
        RunLog.Write(tx.Connection, tx.Transaction, new RunInfo
        {
            Operation = "LeaseRemoved", Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = now, FinishedAt = now,
            Warnings = force && lease.State == LeaseState.Held ? [$"Removed with -Force while the lease was still valid (held by {lease.Holder} on {lease.Host})."] : [],
        });
        tx.Commit();
        observer.Verbose($"Removed the {scope}.");
        return lease;
    }
}
