using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes program names (e.g. the continuation-education program) with the schools that run them.</summary>
public sealed class ProgramNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
        => CompletionHelper.Complete(wordToComplete, fakeBoundParameters, store => NameLists.Programs(store).Select(p => (p.Name, $"{p.Name} ({p.Schools})")));
}
