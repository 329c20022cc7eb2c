namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Named points of the write protocol, in order. Tests pause (or crash) a run at one of them to
/// check what a failure there leaves behind; in normal use nothing listens and each point costs a
/// null check.
/// </summary>
public static class WritePoints
{
    /// <summary>The writer lease is held; no transaction is open yet.</summary>
    public const string LeaseTaken = nameof(LeaseTaken);
    /// <summary>Every row of the run is written inside the open transaction; nothing is committed.</summary>
    public const string BeforeCommit = nameof(BeforeCommit);
    /// <summary>The transaction (data, run log and lease release together) is committed; the call has not returned.</summary>
    public const string AfterCommit = nameof(AfterCommit);

    public static IReadOnlyList<string> All { get; } = [LeaseTaken, BeforeCommit, AfterCommit];

    /// <summary>Called with the operation's name and the point's name when a run reaches it. Test seam: null in normal use.</summary>
    public static Action<string, string>? Reached { get; set; }

    internal static void Reach(string operation, string point) => Reached?.Invoke(operation, point);
}
