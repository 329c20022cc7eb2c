using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.SqlClient;
using Npgsql;
using NpgsqlTypes;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Appends rows to one table inside the caller's transaction by the fastest path of the store:
/// PostgreSQL's binary COPY (one stream, no statement per row), SQL Server's SqlBulkCopy
/// (<see cref="SqlServerBulkCopy"/>), else one prepared INSERT reused for every row
/// (<see cref="PreparedRowCommand"/>, SQLite's raw bind). Rows are laid out in the table's column order;
/// <see cref="Complete"/> finishes the stream (a COPY that is not completed writes nothing; SQL Server's last
/// batch is sent there).
/// </summary>
internal sealed class BulkInserter : IDisposable
{
    private readonly NpgsqlBinaryImporter? _copy;
    private readonly NpgsqlDbType[] _types = [];
    private readonly PreparedRowCommand? _insert;
    private readonly SqlServerBulkCopy? _bulk;

    /// <summary>True when rows to <paramref name="c"/> go through a bulk stream (COPY, SqlBulkCopy) rather than statements.</summary>
    public static bool Streams(DbConnection c) => c is NpgsqlConnection or SqlConnection;

    /// <param name="c">The write transaction's connection.</param>
    /// <param name="tx">The write transaction.</param>
    /// <param name="dialect">The store's dialect.</param>
    /// <param name="def">The table written; its columns give the rows' layout.</param>
    /// <param name="temporary">The table is a temporary table of the session (<see cref="ISqlDialect.TempTable"/>), a server store's staging table.</param>
    public BulkInserter(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef def, bool temporary = false)
    {
        if (c is NpgsqlConnection pg)
        {
            _types = [.. def.Columns.Select(x => x.Type is ColumnType.Text or ColumnType.Decimal or ColumnType.Timestamp ? NpgsqlDbType.Text : NpgsqlDbType.Bigint)];
            var table = temporary ? dialect.TempTable(def.Name) : dialect.Quote(def.Name);
            _copy = pg.BeginBinaryImport($"COPY {table} ({string.Join(", ", def.Columns.Select(x => dialect.Quote(x.Name)))}) FROM STDIN (FORMAT BINARY)");
            return;
        }
        if (c is SqlConnection sql)
        {
            _bulk = new SqlServerBulkCopy(sql, (SqlTransaction)tx, def, temporary ? ((ISqlDialect)SqlServerDialect.Instance).TempTable(def.Name) : null);
            return;
        }
        _insert = PreparedRowCommand.Insert(c, tx, dialect, def);
    }

    public void Add(object?[] values)
    {
        if (_bulk is not null)
        {
            _bulk.Add(values);
            return;
        }
        if (_copy is null)
        {
            _insert!.Execute(values);
            return;
        }
        _copy.StartRow();
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i])
            {
                case null or DBNull: _copy.WriteNull(); break;
                case string text: _copy.Write(text, _types[i]); break;
                case var number: _copy.Write(Convert.ToInt64(number, System.Globalization.CultureInfo.InvariantCulture), _types[i]); break;
            }
        }
    }

    public void Complete()
    {
        _copy?.Complete();
        _bulk?.Flush();
    }

    public void Dispose()
    {
        _copy?.Dispose();
        _bulk?.Dispose();
        _insert?.Dispose();
    }
}
