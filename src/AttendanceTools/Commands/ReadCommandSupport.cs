using System.Diagnostics;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Commands;

/// <summary>
/// Pipeline binding by property name binds a null property as an empty filter, which a read
/// command would take as "everything". The read commands ask this before treating a piped
/// object's identity as a filter.
/// </summary>
internal static class PipelineInput
{
    public static bool IsEmpty(string[]? values) => values is null || values.All(string.IsNullOrEmpty);
}

/// <summary>Counts what a read command wrote and says so in one verbose line: how many, from where, how long.</summary>
internal sealed class ReadSummary
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public long Count { get; private set; }

    public T Add<T>(T item)
    {
        Count++;
        return item;
    }

    public string Text(string noun, AttendanceStore store)
        => $"Read {Engine.Messages.Text.Count(Count, noun)} from '{store.Location}' in {Engine.Messages.Text.Duration(Stopwatch.GetElapsedTime(_started))}.";
}
