using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The one way the engine writes: a connection with an immediate (write-locking) transaction,
/// opened only after the store is known writable and not under someone else's maintenance lock.
/// Disposing without <see cref="Commit"/> rolls back, so a failed or cancelled apply leaves the
/// store as it was. Operations write through <see cref="WriteProtocol"/>, which opens this for them
/// with the writer lease held and the plan checked against the store.
/// </summary>
public sealed class WriteTransaction : IDisposable
{
    private bool _ended;

    private WriteTransaction(AttendanceStore store, DbConnection connection, DbTransaction transaction)
    {
        Store = store;
        Connection = connection;
        Transaction = transaction;
    }

    public AttendanceStore Store { get; }
    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }

    /// <param name="store">The store to write.</param>
    /// <param name="lockToken">The maintenance-lock token, when the caller holds the lock.</param>
    /// <param name="ignoreMaintenanceLock">Only for the lock/unlock operations themselves.</param>
    public static WriteTransaction Begin(AttendanceStore store, string? lockToken = null, bool ignoreMaintenanceLock = false)
    {
        if (store.IsReadOnly)
            throw new AttendanceException("StoreReadOnly", FailureKind.PermissionDenied,
                $"The store '{store.Location}' is connected read-only; this operation writes.", store.Location,
                "Connect again without -ReadOnly.");
        if (store.IsOutdated) throw store.Outdated();
        var connection = store.OpenConnection();
        try
        {
            if (SqliteDialect.IsReadOnlyFile(connection)) throw StoreFiles.ReadOnly(store.Location);
            DbTransaction transaction;
            try
            {
                transaction = connection.BeginTransaction();
            }
            catch (DbException ex) when (SqliteDialect.IsWriteRefused(ex))
            {
                throw StoreFiles.ReadOnly(store.Location, ex);
            }
            // Server stores queue writers here as SQLite's BEGIN IMMEDIATE does.
            if (store.Dialect.BeginWrite is { } begin) connection.Execute(begin, transaction);
            if (!ignoreMaintenanceLock) MaintenanceLockCheck.EnsureWritable(connection, transaction, lockToken);
            return new WriteTransaction(store, connection, transaction);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Commit()
    {
        try
        {
            Transaction.Commit();
        }
        catch (DbException ex) when (SqliteDialect.IsWriteRefused(ex))
        {
            throw StoreFiles.ReadOnly(Store.Location, ex);
        }
        _ended = true;
    }

    /// <summary>Ends the transaction writing nothing (a whole-store restore then commits by copying pages, see <see cref="WriteSteps{TPlan}.CommitBy"/>).</summary>
    public void Rollback()
    {
        Transaction.Rollback();
        _ended = true;
    }

    public void Dispose()
    {
        if (!_ended)
        {
            try { Transaction.Rollback(); }
            catch (DbException) { /* the connection may already be broken; disposing rolls back */ }
            // A server connection that broke (a dropped session) has already ended its transaction; the run's own error is the one to report.
            catch (InvalidOperationException) { }
        }
        Transaction.Dispose();
        Connection.Dispose();
    }
}
