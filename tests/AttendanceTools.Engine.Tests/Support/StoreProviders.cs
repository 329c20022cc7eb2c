using System.Reflection;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Tests.Shared;
using Microsoft.Data.SqlClient;
using Xunit.Sdk;

namespace AttendanceTools.Engine.Tests.Support;

/// <summary>
/// The stores the conformance suite runs on. A test is written once as a theory taking the provider
/// name, with one data attribute per store: <c>[Theory, Sqlite, PostgreSql, SqlServer]</c>. SQLite always
/// runs; PostgreSQL when a server is available (<see cref="PostgreSqlServer"/>); SQL Server when
/// ATTENDANCETOOLS_SQLSERVER holds a connection string. A store that is not available shows as a
/// skipped test with the reason.
/// </summary>
public static class StoreProviders
{
    public const string Sqlite = "Sqlite", PostgreSql = "PostgreSql", SqlServer = "SqlServer";
    public const string SqlServerVariable = "ATTENDANCETOOLS_SQLSERVER";

    public static string? SqlServerSkipReason => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerVariable))
        ? $"No SQL Server: set {SqlServerVariable} to a connection string whose login may create databases (README, Stores)."
        : null;
}

/// <summary>Runs the theory on a SQLite store file.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreProviders.Sqlite]];
}

/// <summary>Runs the theory on a PostgreSQL database; skipped with the reason when no server is available.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlAttribute : DataAttribute
{
    public PostgreSqlAttribute() => Skip = PostgreSqlServer.SkipReason!;
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreProviders.PostgreSql]];
}

/// <summary>Runs the theory on a SQL Server database; skipped with the reason unless ATTENDANCETOOLS_SQLSERVER is set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqlServerAttribute : DataAttribute
{
    public SqlServerAttribute() => Skip = StoreProviders.SqlServerSkipReason!;
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreProviders.SqlServer]];
}

/// <summary>A new, empty database on the test server, dropped on dispose.</summary>
public sealed class ServerDatabase : IDisposable
{
    private readonly string _admin;
    private readonly PostgreSqlDatabase? _postgres;

    private ServerDatabase(StoreProvider provider, string name, string admin, string connectionString, PostgreSqlDatabase? postgres = null)
    {
        _postgres = postgres;
        Provider = provider;
        Name = name;
        _admin = admin;
        ConnectionString = connectionString;
    }

    public StoreProvider Provider { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    public static ServerDatabase Create(string provider)
    {
        var name = "at_" + Guid.NewGuid().ToString("N")[..16];
        if (provider == StoreProviders.PostgreSql)
        {
            var db = PostgreSqlDatabase.Create();
            return new ServerDatabase(StoreProvider.PostgreSql, db.Name, "", db.ConnectionString, db);
        }
        if (provider == StoreProviders.SqlServer)
        {
            var server = Environment.GetEnvironmentVariable(StoreProviders.SqlServerVariable)!;
            var admin = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
            using (var c = new SqlConnection(admin)) { c.Open(); c.Execute($"CREATE DATABASE [{name}]"); }
            // The store's SQL is unqualified: the login's default schema must be the store's (README, Stores).
            var cs = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
            using (var c = new SqlConnection(cs))
            {
                c.Open();
                c.Execute($"EXEC('CREATE SCHEMA [{SqlServerDialect.Schema}]'); EXEC('ALTER USER dbo WITH DEFAULT_SCHEMA = [{SqlServerDialect.Schema}]')");
            }
            return new ServerDatabase(StoreProvider.SqlServer, name, admin, cs);
        }
        throw new ArgumentException($"'{provider}' is not a server store.", nameof(provider));
    }

    public void Dispose()
    {
        try
        {
            if (_postgres is not null) _postgres.Dispose();
            else
            {
                SqlConnection.ClearPool(new SqlConnection(ConnectionString));
                using var c = new SqlConnection(_admin);
                c.Open();
                c.Execute($"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]");
            }
        }
        catch (System.Data.Common.DbException) { }
    }
}
