using System.Data.Common;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Updates and deletes of many rows of one table on a server store, set-based: the rows stream into a temporary
/// table of the session through <see cref="BulkInserter"/> (binary COPY, SqlBulkCopy), then one batch runs one
/// UPDATE joined to it, one DELETE joined to it and empties it, instead of a statement, and a round trip, per row.
/// Columns whose value is the same for every row of a write (a calendar, a stamp) are parameters rather than staged
/// columns: key ones limit both statements, the others are set. Only the statements' text differs per store
/// (<see cref="ISqlDialect.CreateTempTable"/>, <see cref="ISqlDialect.UpdateFrom"/>, <see cref="ISqlDialect.DeleteFrom"/>);
/// SQLite keeps its prepared row statements, which are its fastest path. Everything happens inside the caller's
/// transaction, so a failure anywhere leaves nothing written (the temporary table goes with a rollback too).
/// </summary>
internal sealed class StagedChanges : IDisposable
{
    /// <summary>The staged column that says what happens to a row's key.</summary>
    public const string KindColumn = "ChangeKind";

    /// <summary>The kinds a staged row has in <see cref="KindColumn"/>.</summary>
    internal const long UpdateKind = 1, DeleteKind = 0;

    private readonly DbConnection _c;
    private readonly DbTransaction _tx;
    private readonly ISqlDialect _dialect;
    private readonly StagedSql _sql;
    private readonly IReadOnlyList<string> _parameters;
    private readonly object?[] _staged;
    private BulkInserter? _rows;
    private bool _created;
    private int _updates, _deletes;

    /// <param name="c">The write transaction's connection.</param>
    /// <param name="tx">The write transaction.</param>
    /// <param name="dialect">The store's dialect (a server's).</param>
    /// <param name="target">The table written.</param>
    /// <param name="parameters">Columns of <paramref name="target"/> given once per <see cref="Apply"/> instead of per row.</param>
    public StagedChanges(DbConnection c, DbTransaction tx, ISqlDialect dialect, TableDef target, IReadOnlyList<string> parameters)
    {
        (_c, _tx, _dialect, _parameters) = (c, tx, dialect, parameters);
        _sql = StagedSql.For(dialect, target, parameters);
        Row = new object?[_sql.Staging.Columns.Count - 1];
        _staged = new object?[_sql.Staging.Columns.Count];
    }

    /// <summary>The statements this writer runs.</summary>
    public StagedSql Sql => _sql;

    /// <summary>The next row's staged values, in the order of <see cref="StagedSql.Staging"/>'s columns (the kind aside).</summary>
    public object?[] Row { get; }

    /// <summary>Stages <see cref="Row"/> as an update of the row with its key.</summary>
    public void AddUpdate() => Add(UpdateKind);

    /// <summary>Stages <see cref="Row"/>'s key as a delete (the other values are not used).</summary>
    public void AddDelete() => Add(DeleteKind);

    private void Add(long kind)
    {
        if (_rows is null)
        {
            if (!_created) _c.Execute(_sql.Create, _tx);
            _created = true;
            _rows = new BulkInserter(_c, _tx, _dialect, _sql.Staging, temporary: true);
        }
        Row.CopyTo(_staged, 0);
        _staged[^1] = kind;
        _rows.Add(_staged);
        if (kind == UpdateKind) _updates++;
        else _deletes++;
    }

    /// <summary>
    /// Writes the staged rows with <paramref name="values"/> for the parameter columns (in the constructor's order) in one
    /// batch and empties the temporary table; returns the rows updated and deleted. Nothing staged: no round trip.
    /// </summary>
    public int Apply(params object?[] values)
    {
        if (_rows is null) return 0;
        _rows.Complete();
        _rows.Dispose();
        _rows = null;
        var statements = new List<string>(3);
        if (_updates > 0) statements.Add(_sql.Update ?? throw new InvalidOperationException($"{_sql.Staging.Name} has no column to update."));
        if (_deletes > 0) statements.Add(_sql.Delete);
        statements.Add(_sql.Clear);
        (_updates, _deletes) = (0, 0);
        using var cmd = _c.Command(string.Join("; ", statements), _tx);
        for (var i = 0; i < _parameters.Count; i++) cmd.AddParameter(_parameters[i], values[i]);
        return cmd.ExecuteNonQuery();
    }

    public void Dispose() => _rows?.Dispose();
}

/// <summary>The statements of <see cref="StagedChanges"/> for one table and dialect; <see cref="Update"/> is null when every staged column is key (nothing to set).</summary>
internal sealed record StagedSql(TableDef Staging, string Create, string? Update, string Delete, string Clear)
{
    public static StagedSql For(ISqlDialect dialect, TableDef target, IReadOnlyList<string> parameters)
    {
        var key = target.PrimaryKey.ToHashSet(StringComparer.Ordinal);
        var given = parameters.ToHashSet(StringComparer.Ordinal);
        var staged = target.Columns.Where(c => !given.Contains(c.Name)).ToList();
        var staging = new TableDef
        {
            Name = target.Name + "Staging",
            // Surrogates are plain integers here; values the delete does not use may be null.
            Columns = [.. staged.Select(c => c with { Type = c.Type == ColumnType.Identity ? ColumnType.Long : c.Type, Nullable = c.Nullable || !key.Contains(c.Name) }),
                new ColumnDef(StagedChanges.KindColumn, ColumnType.Int)],
            PrimaryKey = [.. target.PrimaryKey.Where(k => !given.Contains(k))],
        };
        // Quoted: a column may be named by a keyword of one store (SQL Server's ROWCOUNT).
        string Q(string name) => dialect.Quote(name);
        var table = Q(target.Name);
        var temp = dialect.TempTable(staging.Name);
        var on = string.Join(" AND ", staging.PrimaryKey.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
        var fixedKeys = string.Concat(parameters.Where(key.Contains).Select(k => $" AND t.{Q(k)} = @{k}"));
        var set = string.Join(", ", staged.Where(c => !key.Contains(c.Name)).Select(c => $"{Q(c.Name)} = s.{Q(c.Name)}")
            .Concat(parameters.Where(p => !key.Contains(p)).Select(p => $"{Q(p)} = @{p}")));
        return new StagedSql(staging, dialect.CreateTempTable(staging),
            set.Length == 0 ? null : dialect.UpdateFrom(table, temp, on, set, $"s.{Q(StagedChanges.KindColumn)} = {StagedChanges.UpdateKind}{fixedKeys}"),
            dialect.DeleteFrom(table, temp, on, $"s.{Q(StagedChanges.KindColumn)} = {StagedChanges.DeleteKind}{fixedKeys}"),
            $"TRUNCATE TABLE {temp}");
    }
}
