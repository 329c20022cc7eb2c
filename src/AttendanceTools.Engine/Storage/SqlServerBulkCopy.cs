using System.Data;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.SqlClient;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// SQL Server's bulk path for <see cref="BulkInserter"/>: rows gather in a <see cref="DataTable"/> shaped like
/// the table and go to the server through <see cref="SqlBulkCopy"/> (the TDS bulk-load stream, no statement per
/// row), a batch at a time so memory stays bounded, inside the caller's transaction. Rows that are appended
/// (aggregation inserts, a store copy into empty tables, a bulk load) go straight into the target, where a staging
/// table would only add a second copy of every row; updates and deletes go into a #temporary staging table
/// that one set-based statement per kind then joins to the target (<see cref="StagedChanges"/>).
/// </summary>
internal sealed class SqlServerBulkCopy : IDisposable
{
    /// <summary>
    /// Chosen so a bulk copy means exactly what the same rows inserted one by one would:
    /// KeepIdentity (the engine assigns surrogates itself; the server must not renumber them),
    /// KeepNulls (a null stays null, never a column default), CheckConstraints (constraints are checked and
    /// stay trusted), FireTriggers (change tracking logs bulk-copied rows as it logs inserted ones).
    /// Not TableLock: a bulk-update lock would block the readers that snapshot isolation lets run beside a writer.
    /// </summary>
    public const SqlBulkCopyOptions Options = SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls
                                              | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers;

    /// <summary>Rows sent per WriteToServer: large enough to amortise the round trip, small enough to keep memory flat.</summary>
    public const int BatchRows = 10_000;

    /// <summary>Seconds one batch may take before the copy fails (a stuck server is an error, not a hang).</summary>
    public const int TimeoutSeconds = 600;

    private readonly SqlBulkCopy _bulk;
    private readonly DataTable _batch;

    /// <param name="connection">The write transaction's connection.</param>
    /// <param name="transaction">The write transaction.</param>
    /// <param name="def">The table whose columns the rows have.</param>
    /// <param name="destination">Another table to copy into (a #temporary staging table); null: <paramref name="def"/>'s table in the store's schema.</param>
    public SqlServerBulkCopy(SqlConnection connection, SqlTransaction? transaction, TableDef def, string? destination = null)
    {
        _bulk = Create(connection, transaction, def, destination);
        _batch = Shape(def);
    }

    /// <summary>The in-memory table rows gather in: one column per table column, same name, the CLR type the store's readers return.</summary>
    public static DataTable Shape(TableDef def)
    {
        var table = new DataTable(def.Name) { Locale = System.Globalization.CultureInfo.InvariantCulture };
        foreach (var column in def.Columns)
            table.Columns.Add(new DataColumn(column.Name, ClrType(column.Type)) { AllowDBNull = column.Nullable || column.Type == ColumnType.Identity });
        return table;
    }

    /// <summary>A bulk copy into <paramref name="def"/>'s table in the store's schema (or <paramref name="destination"/>), every column mapped by name.</summary>
    public static SqlBulkCopy Create(SqlConnection connection, SqlTransaction? transaction, TableDef def, string? destination = null)
    {
        var bulk = new SqlBulkCopy(connection, Options, transaction)
        {
            DestinationTableName = destination ?? SqlServerDialect.Instance.Table(def.Name),
            // One batch per WriteToServer: the caller's transaction is the unit of work, not the batch.
            BatchSize = 0,
            BulkCopyTimeout = TimeoutSeconds,
            EnableStreaming = true,
        };
        // By name, not position: a column added by a later migration sits at the end of the server's table.
        foreach (var column in def.Columns) bulk.ColumnMappings.Add(column.Name, column.Name);
        return bulk;
    }

    public static Type ClrType(ColumnType type) => type is ColumnType.Text or ColumnType.Decimal or ColumnType.Timestamp ? typeof(string) : typeof(long);

    public void Add(object?[] values)
    {
        var row = _batch.NewRow();
        for (var i = 0; i < values.Length; i++)
            row[i] = values[i] switch
            {
                null or DBNull => DBNull.Value,
                string text => text,
                var number => Convert.ToInt64(number, System.Globalization.CultureInfo.InvariantCulture),
            };
        _batch.Rows.Add(row);
        if (_batch.Rows.Count >= BatchRows) Flush();
    }

    /// <summary>Sends the rows still gathered.</summary>
    public void Flush()
    {
        if (_batch.Rows.Count == 0) return;
        _bulk.WriteToServer(_batch);
        _batch.Clear();
    }

    public void Dispose()
    {
        ((IDisposable)_bulk).Dispose();
        _batch.Dispose();
    }
}
