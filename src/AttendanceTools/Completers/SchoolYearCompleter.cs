using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using AttendanceTools.Engine.Queries;

namespace AttendanceTools.Completers;

/// <summary>Completes school years ("2025-26"), newest first; typing the end year ("2026") finds its year too.</summary>
public sealed class SchoolYearCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionHelper.Complete("", fakeBoundParameters, store => NameLists.SchoolYears(store)
            .Where(y => Matches(typed, y))
            .Select(y => (y.Text, y.IsCurrent ? $"{y.Description} (current)" : y.Description)));
    }

    private static bool Matches(string typed, SchoolYearName year)
    {
        if (typed.Length == 0) return true;
        var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        return pattern.IsMatch(year.Text) || pattern.IsMatch(year.Description) || pattern.IsMatch(year.SchoolYear.ToString(CultureInfo.InvariantCulture));
    }
}
