using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A PostgreSQL session advisory lock for one lease, held by a connection the lease keeps open: when the
/// holder's process or host dies, the server ends its session and the lock goes with it, so the next run
/// knows at once that the lease row left behind has no live holder (instead of waiting for it to expire).
/// </summary>
internal sealed class PostgreSqlSessionLock : IDisposable
{
    private readonly DbConnection _connection;
    private readonly long _key;

    private PostgreSqlSessionLock(DbConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock's key: the first 8 bytes of the lease name's SHA-256 (stable across processes and machines).</summary>
    public static long Key(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("AttendanceTools.Lease:" + name)), 0);

    public static PostgreSqlSessionLock? TryTake(Func<DbConnection> open, string name)
    {
        var connection = open();
        try
        {
            var key = Key(name);
            using var cmd = connection.Command("SELECT pg_try_advisory_lock(@k)", null, ("k", key));
            if (cmd.ExecuteScalar() is true) return new PostgreSqlSessionLock(connection, key);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        connection.Dispose();
        return null;
    }

    /// <summary>
    /// Unlocks before the connection goes back to the pool: a pooled session stays open, and Npgsql resets
    /// it only when it is next used. A broken session has lost the lock with itself already.
    /// </summary>
    public void Dispose()
    {
        try { _connection.Execute("SELECT pg_advisory_unlock(@k)", null, ("k", _key)); }
        catch (DbException) { }
        catch (InvalidOperationException) { }
        _connection.Dispose();
    }
}
