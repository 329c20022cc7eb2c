using System.Data.Common;
using System.Globalization;

namespace AttendanceTools.Engine.Storage;

/// <summary>Small ADO.NET helpers: parameterized commands without ceremony. Never string-concatenate values.</summary>
public static class Db
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        SqlAudit.Record(connection, sql);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        // A null transaction keeps the one the provider enlisted (SQLite: the connection's open
        // transaction), so readers shared with plans also run inside an apply's transaction.
        if (transaction is not null) cmd.Transaction = transaction;
        foreach (var (name, value) in parameters) cmd.AddParameter(name, value);
        return cmd;
    }

    public static DbParameter AddParameter(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name.StartsWith('@') ? name : "@" + name;
        // Flags are stored as 0/1 integers in every store (a server would refuse a boolean for them).
        p.Value = value is bool flag ? DbValue.Bool(flag) : value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    /// <summary>
    /// Prepares a command that is run many times. SQLite compiles it once here. A server store leaves it to
    /// the driver's automatic preparation (Npgsql's Max Auto Prepare), keyed by the values' actual types:
    /// commands are built with placeholder values whose types are not the ones they run with.
    /// </summary>
    public static void PrepareForReuse(this DbCommand cmd)
    {
        if (cmd.Connection is Microsoft.Data.Sqlite.SqliteConnection) cmd.Prepare();
    }

    /// <summary>
    /// A query answering 1 when <paramref name="select"/> returns a row, else 0, stopping at the first row.
    /// Written in the SQL all three stores share (no LIMIT, which SQL Server lacks).
    /// </summary>
    public static string Exists(string select) => $"SELECT CASE WHEN EXISTS ({select}) THEN 1 ELSE 0 END";

    public static int Execute(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(sql, transaction, parameters);
        return cmd.ExecuteNonQuery();
    }

    public static long ScalarLong(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(sql, transaction, parameters);
        var value = cmd.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public static string? ScalarString(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(sql, transaction, parameters);
        var value = cmd.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs a query for its rows: every reader of the engine opens here, so the integer reads mean the same on every store
    /// (SQL Server's reader is wrapped in a <see cref="WideningReader"/>; SQLite's and Npgsql's convert already).
    /// </summary>
    public static DbDataReader OpenReader(this DbCommand cmd)
        => cmd is Microsoft.Data.SqlClient.SqlCommand ? new WideningReader(cmd.ExecuteReader()) : cmd.ExecuteReader();

    public static List<T> Query<T>(this DbConnection connection, string sql, Func<DbDataReader, T> map, DbTransaction? transaction = null,
        params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(sql, transaction, parameters);
        using var reader = cmd.OpenReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }

    public static string? NullableString(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static int? NullableInt(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    public static long? NullableLong(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    public static bool GetBool(this DbDataReader r, int i) => r.GetInt64(i) != 0;
    public static DateOnly GetDate(this DbDataReader r, int i) => DbValue.Date(r.GetInt32(i));
    public static DateOnly? NullableDate(this DbDataReader r, int i) => r.IsDBNull(i) ? null : DbValue.Date(r.GetInt32(i));
}
