using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A statement compiled once on a SQLite connection and run many times with integer bindings,
/// straight through SQLitePCL: the fastest way to write or read millions of narrow rows (it skips
/// ADO.NET's per-call parameter and reader machinery; where it can, it also skips SQLitePCL's per-call
/// dispatch through <see cref="SqliteNative"/>). It runs inside whatever transaction the connection has open.
/// SQLite only; other dialects use their own bulk paths.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    // The statement's pointer for SqliteNative's calls (zero: use SQLitePCL's); valid while _stmt is not disposed.
    private readonly IntPtr _native;

    private SqliteStatement(sqlite3 db, sqlite3_stmt stmt)
    {
        _db = db;
        _stmt = stmt;
        _native = SqliteNative.Available ? stmt.DangerousGetHandle() : IntPtr.Zero;
    }

    /// <summary>A compiled statement when <paramref name="connection"/> is SQLite; otherwise null (use ADO.NET).</summary>
    public static SqliteStatement? TryPrepare(DbConnection connection, string sql)
    {
        if (connection is not SqliteConnection { Handle: { } db }) return null;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return new SqliteStatement(db, stmt);
    }

    public void Bind(int index, int value) =>
        Bound(_native != IntPtr.Zero ? SqliteNative.BindInt(_native, index, value) : raw.sqlite3_bind_int(_stmt, index, value));

    public void Bind(int index, long value) =>
        Bound(_native != IntPtr.Zero ? SqliteNative.BindInt64(_native, index, value) : raw.sqlite3_bind_int64(_stmt, index, value));

    public void BindNull(int index) =>
        Bound(_native != IntPtr.Zero ? SqliteNative.BindNull(_native, index) : raw.sqlite3_bind_null(_stmt, index));

    // A bind fails only on a wrong index or a statement in use (a bug here): say so rather than insert a stale value.
    private void Bound(int rc)
    {
        if (rc != raw.SQLITE_OK) Check(_db, rc);
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next bindings.</summary>
    public void Execute()
    {
        var rc = Step();
        Reset();
        if (rc != raw.SQLITE_DONE) Check(_db, rc);
    }

    /// <summary>Steps to the next row; false (and reset) at the end.</summary>
    public bool Read()
    {
        var rc = Step();
        if (rc == raw.SQLITE_ROW) return true;
        Reset();
        if (rc != raw.SQLITE_DONE) Check(_db, rc);
        return false;
    }

    public int Int(int column) => _native != IntPtr.Zero ? SqliteNative.ColumnInt(_native, column) : raw.sqlite3_column_int(_stmt, column);

    public long Long(int column) => _native != IntPtr.Zero ? SqliteNative.ColumnInt64(_native, column) : raw.sqlite3_column_int64(_stmt, column);

    public bool IsNull(int column) => (_native != IntPtr.Zero ? SqliteNative.ColumnType(_native, column) : raw.sqlite3_column_type(_stmt, column)) == raw.SQLITE_NULL;

    private int Step() => _native != IntPtr.Zero ? SqliteNative.Step(_native) : raw.sqlite3_step(_stmt);

    // Reset repeats the last step's error, which Execute and Read have already checked.
    private void Reset() => _ = _native != IntPtr.Zero ? SqliteNative.Reset(_native) : raw.sqlite3_reset(_stmt);

    public void Dispose() => _stmt.Dispose();

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        // Same exception type ADO.NET throws, so retry classification and messages stay one path.
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }
}
