using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A named lease on a scope of the store (<see cref="WriteProtocol.StoreLease"/> for the store's
/// writers), so two runs that overlap cannot interleave: the second waits (bounded) and then fails
/// naming the holder. Leases die with their holder:
/// <list type="bullet">
/// <item>they are short (<see cref="DefaultDuration"/>) and renewed in the background while the run works,
/// so a holder that stops renewing (killed, or its host lost) frees the store within minutes;</item>
/// <item>a lease whose holder process no longer runs on this host is taken over at once, with a
/// <c>LeaseTakenOver</c> warning (the holder's process start time tells a reused process id apart);</item>
/// <item><see cref="WriteProtocol"/> releases it in the transaction that commits the run's data, so a
/// crash after the commit leaves no lease behind.</item>
/// </list>
/// </summary>
public sealed class Lease : IDisposable
{
    /// <summary>How long a lease lasts without renewal. A live holder renews it every quarter of this.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    // Tokens of the leases some Lease object of this process holds (or is taking). A row of this process whose
    // token is not here was left behind (its release failed) and is taken over like a dead process's lease.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    /// <summary>True while a lease object of this process holds (or is taking) the lease with <paramref name="token"/>.</summary>
    internal static bool IsLive(string token) => Live.ContainsKey(token);

    private readonly AttendanceStore _store;
    private readonly Timer _renewal;
    private volatile bool _released;
    private volatile bool _renewalPaused;
    // PostgreSQL/SQL Server: a session lock the lease holds for its life (ISqlDialect.TryTakeSessionLock).
    private readonly IDisposable _sessionLock;

    private Lease(AttendanceStore store, string name, string token, IDisposable sessionLock)
    {
        _store = store;
        _sessionLock = sessionLock;
        Name = name;
        Token = token;
        var every = DefaultDuration / 4;
        _renewal = new Timer(_ => Renew(), null, every, every);
    }

    public string Name { get; }
    public string Token { get; }

    public static Lease Acquire(AttendanceStore store, string name, IOperationObserver observer, CancellationToken ct, TimeSpan? wait = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(observer);
        // A server store with an older schema refuses every writer up front (Update-AttendanceStoreSchema first).
        if (store.IsOutdated) throw store.Outdated();
        var deadline = DateTimeOffset.UtcNow + (wait ?? DefaultWait);
        var token = Guid.NewGuid().ToString("N");
        Live[token] = 0;
        var taken = false;
        try
        {
            var lease = AcquireAs(store, name, token, observer, deadline, ct);
            taken = true;
            return lease;
        }
        finally
        {
            if (!taken) Live.TryRemove(token, out _);
        }
    }

    private static Lease AcquireAs(AttendanceStore store, string name, string token, IOperationObserver observer, DateTimeOffset deadline, CancellationToken ct)
    {
        var announced = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var sessionLock = TryTakeSessionLock(store, name);
            var attempt = sessionLock is null ? HeldBySession(store, name) : TryTake(store, name, token, sessionLock is not NoSessionLock);
            if (attempt.Taken) return Announce(new Lease(store, name, token, sessionLock!), attempt.Removed, observer);
            sessionLock?.Dispose();
            // The wait is measured on the real clock: a test clock that stands still must not make it endless.
            if (DateTimeOffset.UtcNow >= deadline)
                throw attempt.Holder is { } h ? Held(name, h) : Busy(store, name);
            if (!announced)
            {
                observer.Verbose(attempt.Holder is { } holder
                    ? $"Waiting for the '{name}' lease held by {holder.Holder} on {holder.Host}."
                    : $"Waiting for the store '{store.Location}': another connection is writing.");
                announced = true;
            }
            ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>
    /// Reports the lease a take-over removed, once the new lease is an object that releases its row. The warning can throw
    /// (-WarningAction Stop, a stopped pipeline): the row committed a moment ago must then go too, not stay behind as a
    /// lease of this process that no run holds (and, on a server store, with its session lock still taken).
    /// </summary>
    private static Lease Announce(Lease lease, string? removed, IOperationObserver observer)
    {
        if (removed is null) return lease;
        try
        {
            observer.Warning("LeaseTakenOver", removed);
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private readonly record struct Attempt(bool Taken, LeaseInfo? Holder, string? Removed);

    /// <summary>The store's session lock for the lease; null when a live session holds it (or the store is busy).</summary>
    private static IDisposable? TryTakeSessionLock(AttendanceStore store, string name)
    {
        try
        {
            return store.Dialect.TryTakeSessionLock(store.OpenConnection, name);
        }
        catch (DbException ex) when (store.Dialect.IsTransient(ex))
        {
            return null;
        }
    }

    /// <summary>A live session holds the lease's session lock: its row names the holder (absent for a moment while it commits).</summary>
    private static Attempt HeldBySession(AttendanceStore store, string name)
    {
        try
        {
            return new Attempt(false, LeaseInfo.Read(store, name).FirstOrDefault() is { } held ? held with { State = LeaseState.Held } : null, null);
        }
        catch (DbException ex) when (store.Dialect.IsTransient(ex))
        {
            return new Attempt(false, null, null);
        }
    }

    // sessionChecked: the caller holds the lease's session lock, so a row whose holder still looks live was left by a session that ended.
    private static Attempt TryTake(AttendanceStore store, string name, string token, bool sessionChecked = false)
    {
        try
        {
            using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
            var now = store.Clock.GetUtcNow();
            string? removed = null;
            if (LeaseInfo.Read(tx.Connection, tx.Transaction, store.Clock, name).FirstOrDefault() is { } held)
            {
                if (held.State == LeaseState.Held && !sessionChecked) return new Attempt(false, held, null);
                tx.Connection.Execute("DELETE FROM Lease WHERE Name = @n", tx.Transaction, ("n", name));
                removed = held.State == LeaseState.Held
                    ? $"Took over the '{name}' lease of {held.Holder} on {held.Host}: its database session has ended (it held the lease since {held.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC)."
                    : held.State == LeaseState.HolderGone && held.ProcessId == Environment.ProcessId && held.IsOnThisHost
                    ? $"Took over the '{name}' lease of {held.Holder} on {held.Host}: it was left behind by a run of this process that has ended (it held the lease since {held.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC)."
                    : held.State == LeaseState.HolderGone
                    ? $"Took over the '{name}' lease of {held.Holder} on {held.Host}: that process no longer runs on this host (it held the lease since {held.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC)."
                    : $"Took over the '{name}' lease of {held.Holder} on {held.Host}: it expired at {held.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC without being renewed.";
            }
            tx.Connection.Execute(
                "INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token, ProcessStartedAt) VALUES (@n, @h, @host, @pid, @at, @exp, @t, @ps)",
                tx.Transaction, ("n", name), ("h", RunLog.CurrentUser), ("host", RunLog.CurrentHost), ("pid", Environment.ProcessId),
                ("at", DbValue.Timestamp(now)), ("exp", DbValue.Timestamp(now + DefaultDuration)), ("t", token), ("ps", HolderProcess.CurrentStart));
            tx.Commit();
            return new Attempt(true, null, removed);
        }
        catch (DbException ex) when (store.Dialect.IsTransient(ex))
        {
            // Another connection holds the write lock (a run committing): that is a busy store, not a failure.
            return new Attempt(false, null, null);
        }
    }

    /// <summary>
    /// Inside the run's write transaction: fails with <c>LeaseLost</c> when the lease is no longer
    /// ours (it expired and another run took it), else extends it and stops background renewal,
    /// which would only wait on this transaction's write lock.
    /// </summary>
    internal void Confirm(WriteTransaction tx)
    {
        var now = _store.Clock.GetUtcNow();
        var renewed = tx.Connection.Execute("UPDATE Lease SET ExpiresAt = @e WHERE Name = @n AND Token = @t", tx.Transaction,
            ("e", DbValue.Timestamp(now + DefaultDuration)), ("n", Name), ("t", Token));
        if (renewed != 1)
            throw new AttendanceException("LeaseLost", FailureKind.Busy,
                $"This run lost the '{Name}' lease on the store '{_store.Location}' before writing (it was not renewed in time and another run took it over). Nothing was written.",
                Name, "Run the command again.");
        _renewalPaused = true;
    }

    /// <summary>Deletes the lease inside <paramref name="tx"/>: it goes exactly when the run's data is committed.</summary>
    internal void ReleaseWith(WriteTransaction tx)
        => tx.Connection.Execute("DELETE FROM Lease WHERE Name = @n AND Token = @t", tx.Transaction, ("n", Name), ("t", Token));

    /// <summary>The transaction that deleted the lease committed.</summary>
    internal void MarkReleased()
    {
        _released = true;
        Live.TryRemove(Token, out _);
        _renewal.Dispose();
        _sessionLock.Dispose();
    }

    /// <summary>Background renewal failed or was refused (write protected, store busy): the next tick tries again.</summary>
    private void Renew()
    {
        if (_released || _renewalPaused) return;
        try
        {
            using var c = _store.OpenConnection();
            using var cmd = c.Command("UPDATE Lease SET ExpiresAt = @e WHERE Name = @n AND Token = @t", null,
                ("e", DbValue.Timestamp(_store.Clock.GetUtcNow() + DefaultDuration)), ("n", Name), ("t", Token));
            cmd.CommandTimeout = 5;
            cmd.ExecuteNonQuery();
        }
        catch (DbException) { }
        catch (AttendanceException) { }
    }

    /// <summary>Releases the lease (a run that did not commit); best effort, since it expires on its own.</summary>
    public void Dispose()
    {
        _renewal.Dispose();
        if (_released) return;
        _released = true;
        // From here on the row, if the release below fails, is one this process no longer holds: the next run takes it over.
        Live.TryRemove(Token, out _);
        try
        {
            using var tx = WriteTransaction.Begin(_store, ignoreMaintenanceLock: true);
            ReleaseWith(tx);
            tx.Commit();
        }
        catch (DbException) { }
        catch (AttendanceException) { }
        finally
        {
            _sessionLock.Dispose();
        }
    }

    private static AttendanceException Held(string name, LeaseInfo holder) => new("LeaseHeld", FailureKind.Busy,
        $"Another run holds the '{name}' lease: {holder.Holder} on {holder.Host} since {holder.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC (expires {holder.ExpiresAt:HH:mm:ss} UTC unless that run renews it).",
        name, holder.IsOnThisHost
            ? "Wait for that run to finish and try again."
            : "Wait for that run to finish and try again. If that host or process is gone for good, clear the lease with Remove-AttendanceLease -Force.");

    private static AttendanceException Busy(AttendanceStore store, string name) => new("LeaseHeld", FailureKind.Busy,
        $"The '{name}' lease on the store '{store.Location}' could not be taken: another connection kept the store's write lock for the whole wait.",
        name, "Wait for the other writer to finish and try again.");
}
