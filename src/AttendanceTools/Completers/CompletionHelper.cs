using System.Buffers;
using System.Collections;
using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Completers;

/// <summary>
/// What every completer shares: find the store (the command's -Store object, else the session's),
/// match what was typed as a case-insensitive prefix (wildcards allowed), and quote names a
/// shell would split. Completion must never fail a prompt, so any error yields no suggestions.
/// </summary>
internal static class CompletionHelper
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(" \t'\"$;,(){}@&|<>#`");

    public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IDictionary? fakeBoundParameters,
        Func<AttendanceStore, IEnumerable<(string Value, string ToolTip)>> names)
    {
        try
        {
            var store = StoreFrom(fakeBoundParameters) ?? SessionStore.Current;
            if (store is null) return [];
            var (quote, typed) = Unquote(wordToComplete ?? "");
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            return names(store)
                .Where(n => pattern.IsMatch(n.Value))
                .Select(n => new CompletionResult(Quote(n.Value, quote), n.Value, CompletionResultType.ParameterValue, n.ToolTip))
                .ToList();
        }
#pragma warning disable CA1031 // A completer runs inside the user's Tab key: a locked, missing or broken store must mean "no suggestions", never an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }

    /// <summary>The values already typed for another parameter (string or array), for narrowing.</summary>
    public static IReadOnlyList<string> Strings(IDictionary? fakeBoundParameters, string name)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains(name)) return [];
        // Fake binding keeps what the parser saw: -School 200 arrives as an int, -School a, b as an array.
        var value = Unwrap(fakeBoundParameters[name]);
        return value switch
        {
            null => [],
            string s => [s],
            IEnumerable e => e.Cast<object?>().Select(Unwrap).Select(Text).OfType<string>().ToList(),
            _ => Text(value) is { } t ? [t] : [],
        };
    }

    private static AttendanceStore? StoreFrom(IDictionary? fakeBoundParameters)
        => fakeBoundParameters is not null && fakeBoundParameters.Contains("Store") ? Unwrap(fakeBoundParameters["Store"]) as AttendanceStore : null;

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    private static string? Text(object? value) => value is IConvertible c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Strips an opening (and closing) quote the user typed, remembering which one.</summary>
    private static (char? Quote, string Text) Unquote(string word)
    {
        if (word.Length == 0 || (word[0] != '\'' && word[0] != '"')) return (null, word);
        var quote = word[0];
        var text = word[1..];
        if (text.Length > 0 && text[^1] == quote) text = text[..^1];
        return (quote, text);
    }

    private static string Quote(string value, char? typedQuote)
    {
        if (typedQuote == '"')
            return "\"" + value.Replace("`", "``", StringComparison.Ordinal).Replace("$", "`$", StringComparison.Ordinal).Replace("\"", "`\"", StringComparison.Ordinal) + "\"";
        return typedQuote == '\'' || value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'" : value;
    }
}
