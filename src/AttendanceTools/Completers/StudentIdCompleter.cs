using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes student ids (StudentUniqueId) from the store, with the student's name as the tooltip.</summary>
public sealed class StudentIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // Ids are narrowed in the store (a district has tens of thousands); the helper then applies the usual matching.
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        var prefix = typed.IndexOfAny(['*', '?', '[']) is var i and >= 0 ? typed[..i] : typed;
        return CompletionHelper.Complete(wordToComplete, fakeBoundParameters, store => NameLists.Students(store, prefix).Select(s => (s.Id, $"{s.Id} {s.Name}")));
    }
}
