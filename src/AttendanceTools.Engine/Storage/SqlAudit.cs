using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The seam of the test that keeps SQLite- and PostgreSQL-only SQL away from SQL Server
/// (SqlServerSqlAuditTests): while a test sets them, every statement the engine runs on this async flow
/// is handed to <see cref="Recorder"/>, and SQLite stores use <see cref="Dialect"/>, a SQLite dialect
/// that marks where its hooks' text stands so the test can put SQL Server's text in its place. Both are
/// null in production: one AsyncLocal read per statement. SqliteStatement's statements are not recorded:
/// it compiles only for a SQLite connection (its ?N parameters are SQLite's). The ADO.NET fallbacks beside
/// them run only on a server, so this audit does not see them (the PostgreSQL conformance runs do).
/// </summary>
internal static class SqlAudit
{
    public static readonly AsyncLocal<Action<DbConnection, string>?> Recorder = new();

    public static readonly AsyncLocal<SqliteDialect?> Dialect = new();

    /// <summary>The dialect of a SQLite store or connection.</summary>
    public static SqliteDialect Sqlite => Dialect.Value ?? SqliteDialect.Instance;

    public static void Record(DbConnection connection, string sql) => Recorder.Value?.Invoke(connection, sql);
}
