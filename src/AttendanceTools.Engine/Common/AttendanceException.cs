namespace AttendanceTools.Engine;

/// <summary>What kind of failure an <see cref="AttendanceException"/> is; the cmdlet layer maps it to an ErrorCategory.</summary>
public enum FailureKind
{
    InvalidOperation,
    NotFound,
    InvalidData,
    InvalidArgument,
    Busy,
    LimitsExceeded,
    PermissionDenied,
    Connection,
    Timeout,
    /// <summary>The thing to create is already there (a store file without -Force).</summary>
    AlreadyExists,
}

/// <summary>
/// The one exception type the engine throws on purpose. <see cref="ErrorId"/> is stable forever
/// (domain.md ids such as <c>ChangeThresholdExceeded</c>); the message names the object and value.
/// </summary>
public class AttendanceException : Exception
{
    public AttendanceException(string errorId, FailureKind kind, string message, object? target = null,
        string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    public AttendanceException() : this("AttendanceError", FailureKind.InvalidOperation, "An AttendanceTools operation failed.") { }

    public AttendanceException(string message) : this("AttendanceError", FailureKind.InvalidOperation, message) { }

    public AttendanceException(string message, Exception inner)
        : this("AttendanceError", FailureKind.InvalidOperation, message, null, null, inner) { }

    public string ErrorId { get; }
    public FailureKind Kind { get; }
    /// <summary>The object the error is about (calendar, student, file row); never the cmdlet.</summary>
    public object? Target { get; }
    public string? RecommendedAction { get; }
}
