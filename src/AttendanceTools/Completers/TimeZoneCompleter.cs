using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AttendanceTools.Completers;

/// <summary>Completes the time zone ids this computer knows (IANA ids on Linux and macOS, Windows ids on Windows).</summary>
public sealed class TimeZoneCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        return TimeZoneInfo.GetSystemTimeZones()
            .Where(z => pattern.IsMatch(z.Id))
            .Select(z => new CompletionResult(z.Id.Contains(' ', StringComparison.Ordinal) ? $"'{z.Id}'" : z.Id, z.Id, CompletionResultType.ParameterValue, z.DisplayName))
            .ToList();
    }
}
