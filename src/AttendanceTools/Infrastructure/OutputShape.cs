using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Makes the module's output objects export as text a person and a spreadsheet read (issue #11, item 1):
/// Export-Csv and ConvertTo-Csv write each property's .NET ToString(), which gives a DateTime in the culture's
/// long form ("10/8/2025 12:00:00 AM") and a list as its type name ("System.String[]"). So each date, timestamp
/// and list property of an output object is shadowed by an instance note property holding the same value,
/// wrapped with a ToString member: dates give "2025-10-08", timestamps "2025-10-08T14:05:00-04:00", lists
/// their items joined with "; ". The value is still the DateTime or the list: Get-Date comparisons, .Year,
/// indexing, ConvertTo-Json (plain values and arrays) and binding by property name see the real thing.
/// </summary>
internal static class OutputShape
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Plans = new();
    private static readonly ConcurrentDictionary<string, MethodInfo> TextMethods = new(StringComparer.Ordinal);

    /// <summary>The object to write: <paramref name="value"/> itself when it has nothing to shape.</summary>
    public static object? For(object? value)
    {
        if (value is null or PSObject or string) return value;
        var plan = Plans.GetOrAdd(value.GetType(), PlanFor);
        if (plan.Length == 0) return value;
        var shaped = PSObject.AsPSObject(value);
        foreach (var property in plan)
        {
            // The same object written twice keeps the members it got the first time.
            if (shaped.Members[property.Name] is PSNoteProperty) continue;
            if (property.GetValue(value) is not { } inner) continue;
            shaped.Properties.Add(new PSNoteProperty(property.Name, WithText(inner)));
        }
        return shaped;
    }

    /// <summary>The public date, timestamp and list properties of one of the module's own types.</summary>
    private static PropertyInfo[] PlanFor(Type type)
    {
        if (type.Namespace?.StartsWith("AttendanceTools", StringComparison.Ordinal) != true) return [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && NeedsText(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .ToArray();
    }

    private static bool NeedsText(Type t)
        => t == typeof(DateTime) || t == typeof(DateTimeOffset) || (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t));

    private static PSObject WithText(object value)
    {
        var method = value switch
        {
            DateTime => nameof(DateText),
            DateTimeOffset => nameof(TimestampText),
            IDictionary => nameof(DictionaryText),
            _ => nameof(ListText),
        };
        var wrapped = new PSObject(value);
        wrapped.Methods.Add(new PSCodeMethod("ToString", TextMethods.GetOrAdd(method, m => typeof(OutputShape).GetMethod(m)!)));
        return wrapped;
    }

    /// <summary>ISO date (time of day too, when there is one); with a format, what DateTime.ToString(format) gives.</summary>
    public static string DateText(PSObject instance, string? format = null, IFormatProvider? provider = null)
    {
        var d = (DateTime)instance.BaseObject;
        if (format is not null) return d.ToString(format, provider ?? CultureInfo.CurrentCulture);
        return d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>ISO timestamp with the district's offset; with a format, what DateTimeOffset.ToString(format) gives.</summary>
    public static string TimestampText(PSObject instance, string? format = null, IFormatProvider? provider = null)
    {
        var d = (DateTimeOffset)instance.BaseObject;
        return format is not null ? d.ToString(format, provider ?? CultureInfo.CurrentCulture) : d.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>The items, each as its own text, joined with "; ".</summary>
    public static string ListText(PSObject instance)
        => string.Join("; ", ((IEnumerable)instance.BaseObject).Cast<object?>().Select(Text));

    /// <summary>"Key=Value" pairs joined with "; ".</summary>
    public static string DictionaryText(PSObject instance)
    {
        // The dictionary's own enumerator: a generic dictionary enumerates KeyValuePairs as IEnumerable, DictionaryEntries only as IDictionary.
        var parts = new List<string>();
        for (var e = ((IDictionary)instance.BaseObject).GetEnumerator(); e.MoveNext();) parts.Add($"{Text(e.Key)}={Text(e.Value)}");
        return string.Join("; ", parts);
    }

    private static string Text(object? item) => item switch
    {
        null => "",
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => item.ToString() ?? "",
    };
}
