using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes school names from the connected store.</summary>
public sealed class SchoolNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
        => CompletionHelper.Complete(wordToComplete, fakeBoundParameters, store => NameLists.Schools(store).Select(n => (n, n)));
}
