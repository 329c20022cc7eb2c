using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A named lease on a scope of the store, so two runbooks that overlap cannot interleave: the
/// second waits (bounded) and then fails naming the holder. A lease expires on its own, so a
/// crashed job cannot block the store for longer than <see cref="DefaultDuration"/>.
/// </summary>
public sealed class Lease : IDisposable
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(2);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly AttendanceStore _store;
    private bool _released;

    private Lease(AttendanceStore store, string name, string token)
    {
        _store = store;
        Name = name;
        Token = token;
    }

    public string Name { get; }
    public string Token { get; }

    public static Lease Acquire(AttendanceStore store, string name, IOperationObserver observer, CancellationToken ct, TimeSpan? wait = null)
    {
        var deadline = store.Clock.GetUtcNow() + (wait ?? DefaultWait);
        var token = Guid.NewGuid().ToString("N");
        var announced = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var holder = TryTake(store, name, token);
            if (holder is null) return new Lease(store, name, token);
            if (store.Clock.GetUtcNow() >= deadline)
                throw new AttendanceException("LeaseHeld", FailureKind.Busy,
                    $"Another run holds the '{name}' lease: {holder.Value.Holder} on {holder.Value.Host} since {holder.Value.AcquiredAt:yyyy-MM-dd HH:mm:ss} UTC (expires {holder.Value.ExpiresAt:HH:mm} UTC).",
                    name, "Wait for that run to finish and try again.");
            if (!announced)
            {
                observer.Verbose($"Waiting for the '{name}' lease held by {holder.Value.Holder} on {holder.Value.Host}.");
                announced = true;
            }
            ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
        }
    }

    private static (string Holder, string Host, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt)? TryTake(AttendanceStore store, string name, string token)
    {
        using var tx = WriteTransaction.Begin(store, ignoreMaintenanceLock: true);
        var now = store.Clock.GetUtcNow();
        tx.Connection.Execute("DELETE FROM Lease WHERE Name = @n AND ExpiresAt < @now", tx.Transaction, ("n", name), ("now", DbValue.Timestamp(now)));
        var held = tx.Connection.Query("SELECT Holder, Host, AcquiredAt, ExpiresAt FROM Lease WHERE Name = @n",
            (DbDataReader r) => (r.GetString(0), r.GetString(1), DbValue.Timestamp(r.GetString(2)), DbValue.Timestamp(r.GetString(3))),
            tx.Transaction, ("n", name));
        if (held.Count > 0) return held[0];
        tx.Connection.Execute("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES (@n, @h, @host, @pid, @at, @exp, @t)",
            tx.Transaction, ("n", name), ("h", RunLog.CurrentUser), ("host", RunLog.CurrentHost), ("pid", Environment.ProcessId),
            ("at", DbValue.Timestamp(now)), ("exp", DbValue.Timestamp(now + DefaultDuration)), ("t", token));
        tx.Commit();
        return null;
    }

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        using var tx = WriteTransaction.Begin(_store, ignoreMaintenanceLock: true);
        tx.Connection.Execute("DELETE FROM Lease WHERE Name = @n AND Token = @t", tx.Transaction, ("n", Name), ("t", Token));
        tx.Commit();
    }
}
