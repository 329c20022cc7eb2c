using System.Management.Automation;
using AttendanceTools.Engine;

namespace AttendanceTools.Infrastructure;

/// <summary>The one place engine exceptions become PowerShell error records.</summary>
internal static class ErrorMapper
{
    public static ErrorRecord ToRecord(Exception exception, object? fallbackTarget = null)
    {
        if (exception is AttendanceException ae)
        {
            var record = new ErrorRecord(ae, ae.ErrorId, Category(ae.Kind), ae.Target ?? fallbackTarget);
            if (ae.RecommendedAction is { } action)
                record.ErrorDetails = new ErrorDetails(ae.Message) { RecommendedAction = action };
            return record;
        }
        if (exception is PSArgumentException or ArgumentException)
            return new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, fallbackTarget);
        // A store fault the engine did not turn into its own error: transient ones (a lost connection, a server restarting)
        // are worth running the command again. Drivers never put the connection string's password in these messages.
        if (exception is System.Data.Common.DbException db)
            return new ErrorRecord(exception, db.IsTransient ? "StoreConnectionLost" : "StoreCommandFailed",
                db.IsTransient ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation, fallbackTarget);
        if (exception is IOException or UnauthorizedAccessException)
            return new ErrorRecord(exception, "FileAccessFailed", ErrorCategory.WriteError, fallbackTarget);
        return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, fallbackTarget);
    }

    public static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.Busy => ErrorCategory.ResourceBusy,
        FailureKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.Connection => ErrorCategory.ConnectionError,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.AlreadyExists => ErrorCategory.ResourceExists,
        _ => ErrorCategory.InvalidOperation,
    };
}
