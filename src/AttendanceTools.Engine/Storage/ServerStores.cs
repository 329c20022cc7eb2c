using System.Data.Common;
using System.Net;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Connection strings of the server stores: the login of -Credential put in, a display name with no
/// secret taken out (host, port and database only: a password never reaches a message, the run log or
/// Get-AttendanceStore), and connections opened with failures named by that display name.
/// </summary>
internal static class ServerStores
{
    public static (ISqlDialect Dialect, string ConnectionString, string Location) Prepare(StoreProvider provider, string connectionString, NetworkCredential? credential)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new AttendanceException("StoreConnectionStringInvalid", FailureKind.InvalidArgument, $"The {provider} connection string is empty.", provider.ToString(),
                "Give -ConnectionString, for example 'Host=db.example.org;Database=attendance;Username=attendance'.");
        try
        {
            switch (provider)
            {
                case StoreProvider.PostgreSql:
                {
                    var b = new NpgsqlConnectionStringBuilder(connectionString);
                    if (credential is not null) { b.Username = credential.UserName; b.Password = credential.Password; }
                    // Keep the password out of the ConnectionString property of an open connection.
                    b.PersistSecurityInfo = false;
                    // Statements run per row are prepared by the driver once it has seen them a few times.
                    if (b.MaxAutoPrepare == 0) b.MaxAutoPrepare = 64;
                    var location = $"{b.Host ?? "localhost"}:{b.Port}/{b.Database ?? b.Username}";
                    return (PostgreSqlDialect.Instance, b.ConnectionString, location);
                }
                case StoreProvider.SqlServer:
                {
                    var b = new SqlConnectionStringBuilder(connectionString);
                    if (credential is not null) { b.UserID = credential.UserName; b.Password = credential.Password; }
                    b.PersistSecurityInfo = false;
                    var location = $"{b.DataSource}/{(string.IsNullOrEmpty(b.InitialCatalog) ? "(default database)" : b.InitialCatalog)}";
                    return (SqlServerDialect.Instance, b.ConnectionString, location);
                }
                default:
                    throw new AttendanceException("StoreProviderInvalid", FailureKind.InvalidArgument,
                        $"The provider '{provider}' does not take a connection string; a SQLite store is a file.", provider.ToString(), "Use -Path for a SQLite store.");
            }
        }
        catch (ArgumentException ex)
        {
            // The builder's message names the keyword, never a value; the connection string itself is not repeated.
            throw new AttendanceException("StoreConnectionStringInvalid", FailureKind.InvalidArgument,
                $"The {provider} connection string is not valid: {ex.Message}", provider.ToString(), "Check the connection string's keywords.", ex);
        }
    }

    public static DbConnection Open(AttendanceStore store, string connectionString, bool retryTransient = true)
    {
        DbConnection connection = store.Dialect is SqlServerDialect ? new SqlConnection(connectionString) : new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            connection.Dispose();
            // A transient fault (a server restarting, a dropped network) is left to the retry pipeline.
            if (!retryTransient || !store.Dialect.IsTransient(ex)) throw ConnectFailed(store, connectionString, ex);
            throw;
        }
    }

    private static AttendanceException ConnectFailed(AttendanceStore store, string connectionString, Exception ex) => new("StoreConnectionFailed", FailureKind.Connection,
        $"Cannot connect to the {store.Provider} store '{store.Location}': {Redact(ex.Message, connectionString)}", store.Location,
        "Check the server name, the database, the login and that the server accepts connections from this computer.", ex);

    /// <summary>Removes the password from a message, should a driver ever repeat it.</summary>
    internal static string Redact(string message, string connectionString)
    {
        var password = new DbConnectionStringBuilder { ConnectionString = connectionString }.TryGetValue("Password", out var p) ? p as string : null;
        return string.IsNullOrEmpty(password) ? message : message.Replace(password, "********", StringComparison.Ordinal);
    }
}
