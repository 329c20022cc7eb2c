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
    /// A store object, a Get-AttendanceStore result, or a path (never created here: -Store names an
    /// existing store). Failures are AttendanceExceptions, so they surface with their own error ids.
    /// </summary>
    public static AttendanceStore FromArgument(object argument, SessionState sessionState)
    {
        var value = argument is PSObject pso ? pso.BaseObject : argument;
        return value switch
        {
            AttendanceStore store => store,
            StoreInfo info => Open(info.Path, info.IsReadOnly, createIfMissing: false),
            FileInfo file => Open(file.FullName, readOnly: false, createIfMissing: false),
            string path when !string.IsNullOrWhiteSpace(path) => Open(sessionState.Path.GetUnresolvedProviderPathFromPSPath(path), readOnly: false, createIfMissing: false),
            _ => throw new AttendanceException("StoreArgumentInvalid", FailureKind.InvalidArgument,
                $"-Store cannot be a {value?.GetType().Name ?? "null"}. Pass the object Connect-AttendanceStore -PassThru returns, or the path of a store file.",
                value),
        };
    }
}
