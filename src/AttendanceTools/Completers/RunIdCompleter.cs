using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes run ids from the run log, newest first, with the operation and scope as the tooltip.</summary>
public sealed class RunIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
        => CompletionHelper.Complete(wordToComplete, fakeBoundParameters, store => RunQuery.Find(store, new RunFilter { Newest = 50 })
            .Select(r => (r.RunId.ToString(CultureInfo.InvariantCulture), $"{r.Operation} {r.StartedAt:yyyy-MM-dd HH:mm} {r.Status}: {r.Scope}")));
}
