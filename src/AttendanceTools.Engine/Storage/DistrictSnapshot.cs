using System.Data.Common;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The district as stored at one moment: one connection and one read transaction, so tables read now and
/// tables read later (the import streams its largest tables after the rest) come from the same snapshot.
/// The surrogate maps grow as tables are read, in dependency order.
/// </summary>
internal sealed class DistrictSnapshot : IDisposable
{
    private readonly AttendanceStore _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private DistrictSnapshot(AttendanceStore store, DbConnection connection, DbTransaction transaction)
        => (_store, _connection, _transaction) = (store, connection, transaction);

    /// <summary>Surrogate ↔ natural-key maps of every identity table read so far.</summary>
    public DistrictRefs Refs { get; } = new(ThrowingReferenceSink.Instance);

    public static DistrictSnapshot Open(AttendanceStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var c = store.OpenConnection();
        try
        {
            return new DistrictSnapshot(store, c, DistrictStore.BeginSnapshot(c));
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>Every district table except <paramref name="later"/> (settings included); those stay empty for <see cref="Rows"/>.</summary>
    public DistrictData Read(IReadOnlyCollection<DistrictTable> later, CancellationToken ct)
    {
        var data = new DistrictData
        {
            DistrictName = StoreSettings.Get(_connection, StoreSettings.DistrictName, _transaction),
            TimeZone = StoreSettings.Get(_connection, StoreSettings.TimeZone, _transaction),
        };
        foreach (var table in DistrictTables.All.Where(t => !later.Contains(t)))
            DistrictStore.ReadTable(_store, _connection, _transaction, table, Refs, table.Rows(data), ct);
        return data;
    }

    /// <summary>One table's rows, one at a time and none kept; the tables it refers to must have been read.</summary>
    public IEnumerable<object> Rows(DistrictTable table, CancellationToken ct) => DistrictStore.ReadRows(_store, _connection, _transaction, table, Refs, ct);

    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
    }
}
