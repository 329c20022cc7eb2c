using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// A statement compiled once on a SQLite connection and run many times with integer bindings,
/// straight through SQLitePCL: the fastest way to write or read millions of narrow rows (it skips
/// ADO.NET's per-call parameter and reader machinery). It runs inside whatever transaction the
/// connection has open. SQLite only; other dialects use their own bulk paths.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    private SqliteStatement(sqlite3 db, sqlite3_stmt stmt)
    {
        _db = db;
        _stmt = stmt;
    }

    /// <summary>A compiled statement when <paramref name="connection"/> is SQLite; otherwise null (use ADO.NET).</summary>
    public static SqliteStatement? TryPrepare(DbConnection connection, string sql)
    {
        if (connection is not SqliteConnection { Handle: { } db }) return null;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return new SqliteStatement(db, stmt);
    }

    public void Bind(int index, int value) => raw.sqlite3_bind_int(_stmt, index, value);

    public void Bind(int index, long value) => raw.sqlite3_bind_int64(_stmt, index, value);

    public void BindNull(int index) => raw.sqlite3_bind_null(_stmt, index);

    /// <summary>Runs a statement that returns no rows, then resets it for the next bindings.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(_db, rc);
    }

    /// <summary>Steps to the next row; false (and reset) at the end.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(_db, rc);
        return false;
    }

    public int Int(int column) => raw.sqlite3_column_int(_stmt, column);

    public long Long(int column) => raw.sqlite3_column_int64(_stmt, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public void Dispose() => _stmt.Dispose();

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        // Same exception type ADO.NET throws, so retry classification and messages stay one path.
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }
}
