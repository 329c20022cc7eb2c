namespace AttendanceTools.Engine;

/// <summary>A "done, but look at this" note carried on a result (domain ids such as <c>NotEnrolled</c>).</summary>
public sealed record EngineWarning(string Id, string Message)
{
    public override string ToString() => $"{Id}: {Message}";
}
