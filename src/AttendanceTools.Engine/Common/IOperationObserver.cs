namespace AttendanceTools.Engine;

/// <summary>One progress report. <see cref="Id"/> is stable per activity within an operation.</summary>
public sealed record ProgressInfo
{
    public required int Id { get; init; }
    public int ParentId { get; init; } = -1;
    public required string Activity { get; init; }
    public required string Status { get; init; }
    public int PercentComplete { get; init; } = -1;
    public bool Completed { get; init; }
}

/// <summary>
/// The only channel from the engine up to its caller. The cmdlet layer implements it on the
/// pipeline thread; implementations must be cheap (the engine throttles nothing itself).
/// </summary>
public interface IOperationObserver
{
    void Progress(ProgressInfo progress);
    void Verbose(string message);
    void Warning(string id, string message);
}

/// <summary>An observer that drops everything (library callers, benchmarks).</summary>
public sealed class NullObserver : IOperationObserver
{
    public static readonly NullObserver Instance = new();
    public void Progress(ProgressInfo progress) { }
    public void Verbose(string message) { }
    public void Warning(string id, string message) { }
}
