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
