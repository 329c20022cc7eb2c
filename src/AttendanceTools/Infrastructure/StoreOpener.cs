using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>Opens stores with the session's clock (a test hook may replace it), from whatever -Store was given.</summary>
internal static class StoreOpener
{
    /// <summary>
    /// Opens a store; only New-AttendanceStore passes <paramref name="createIfMissing"/> (a mistyped path
    /// elsewhere is StoreNotFound, never a new empty district).
    /// </summary>
    public static AttendanceStore Open(string path, bool readOnly, bool createIfMissing, IOperationObserver? observer = null)
    {
        WritePointPause.InstallFromEnvironment();
        return AttendanceStore.OpenSqlite(path, new StoreOpenOptions
        {
            ReadOnly = readOnly,
            CreateIfMissing = createIfMissing,
            Clock = TestHooks.EffectiveClock,
            Observer = observer ?? NullObserver.Instance,
        });
    }

    /// <summary>
    /// Opens a server store (or, for -Provider Sqlite, the file its connection string names). The connection
    /// string goes to the driver as given; only the engine's display name (host and database) is ever shown.
    /// </summary>
    public static AttendanceStore OpenServer(StoreProvider provider, string connectionString, System.Net.NetworkCredential? credential, bool readOnly,
        bool initialize, IOperationObserver observer, SessionState sessionState)
    {
        WritePointPause.InstallFromEnvironment();
        if (provider == StoreProvider.Sqlite)
        {
            var file = AttendanceStore.SqliteFileOf(connectionString);
            return Open(sessionState.Path.GetUnresolvedProviderPathFromPSPath(file), readOnly, createIfMissing: false, observer);
        }
        return AttendanceStore.OpenServer(provider, connectionString, new StoreOpenOptions
        {
            ReadOnly = readOnly,
            Initialize = initialize,
            Credential = credential,
            Clock = TestHooks.EffectiveClock,
            Observer = observer,
        });
    }

    /// <summary>
    /// A store object, a Get-AttendanceStore result, or a path (never created here: -Store names an
    /// existing store). Failures are AttendanceExceptions, so they surface with their own error ids.
    /// </summary>
    public static AttendanceStore FromArgument(object argument, SessionState sessionState)
    {
        var value = argument is PSObject pso ? pso.BaseObject : argument;
        return value switch
        {
            AttendanceStore store => store,
            // A server store's Get-AttendanceStore result names no file and holds no connection string (no secret to keep).
            StoreInfo info when info.Provider != SqliteDialect.Instance.Name => SessionStore.Current is { } current && current.Location == info.Path ? current
                : throw new AttendanceException("StoreArgumentInvalid", FailureKind.InvalidArgument,
                    $"-Store was given the {info.Provider} store '{info.Path}' as Get-AttendanceStore shows it, which holds no connection string.",
                    info.Path, "Pass the object Connect-AttendanceStore -PassThru returns for that store."),
            StoreInfo info => Open(info.Path, info.IsReadOnly, createIfMissing: false),
            FileInfo file => Open(file.FullName, readOnly: false, createIfMissing: false),
            string path when !string.IsNullOrWhiteSpace(path) => Open(sessionState.Path.GetUnresolvedProviderPathFromPSPath(path), readOnly: false, createIfMissing: false),
            _ => throw new AttendanceException("StoreArgumentInvalid", FailureKind.InvalidArgument,
                $"-Store cannot be a {value?.GetType().Name ?? "null"}. Pass the object Connect-AttendanceStore -PassThru returns, or the path of a store file.",
                value),
        };
    }
}
