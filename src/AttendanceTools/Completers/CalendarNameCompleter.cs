using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes calendar codes from the connected store, narrowed by the -School and -SchoolYear already typed.</summary>
public sealed class CalendarNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var schools = CompletionHelper.Strings(fakeBoundParameters, "School");
        var years = CompletionHelper.Strings(fakeBoundParameters, "SchoolYear")
            .Select(t => SchoolYearText.TryParse(t, out var y) ? y : 0).Where(y => y != 0).ToList();
        return CompletionHelper.Complete(wordToComplete, fakeBoundParameters,
            store => NameLists.Calendars(store, schools, years).Select(n => (n, n)));
    }
}
