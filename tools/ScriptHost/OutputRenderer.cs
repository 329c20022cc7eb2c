using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace AttendanceTools.ScriptHost;

/// <summary>
/// Prints pipeline output readably: consecutive objects of one type form one table (or list, when
/// the module's format file says so); simple values print as they are. Objects are held only until
/// the type changes or another stream writes, so output keeps its order with host and verbose lines.
/// </summary>
internal sealed class OutputRenderer(TextWriter stdout, IReadOnlyDictionary<string, FormatView> views)
{
    private const int MaxColumns = 6;
    private const int MaxCellWidth = 40;

    private readonly List<PSObject> _group = [];
    private string? _groupType;

    public void Add(PSObject item)
    {
        var type = item.TypeNames.Count > 0 ? item.TypeNames[0] : "";
        if (_groupType is not null && !string.Equals(type, _groupType, StringComparison.Ordinal)) Flush();
        _groupType = type;
        _group.Add(item);
    }

    public void Flush()
    {
        if (_group.Count == 0) return;
        var items = _group.ToList();
        _group.Clear();
        _groupType = null;

        if (items.All(i => IsScalar(i.BaseObject)))
        {
            foreach (var item in items) stdout.WriteLine(Text(item.BaseObject));
            return;
        }
        var view = items[0].TypeNames.Select(t => views.GetValueOrDefault(t)).FirstOrDefault(v => v is not null);
        var fields = view?.Fields ?? DefaultFields(items[0]);
        if (view is { IsTable: false }) WriteList(items, fields);
        else WriteTable(items, fields);
    }

    /// <summary>
    /// Without a view: the first properties the object really has (note properties of a
    /// [pscustomobject], .NET properties of anything else), not PowerShell's extended code properties.
    /// </summary>
    private static List<ViewField> DefaultFields(PSObject item) =>
        item.Properties.Where(p => p.IsGettable && p.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property)
            .Take(MaxColumns).Select(p => new ViewField(p.Name, p.Name, null)).ToList();

    private void WriteTable(List<PSObject> items, IReadOnlyList<ViewField> fields)
    {
        var rows = items.Select(i => fields.Select(f => Clip(Value(i, f))).ToArray()).ToList();
        var widths = fields.Select((f, c) => Math.Max(f.Label.Length, rows.Max(r => r[c].Length))).ToArray();
        stdout.WriteLine();
        stdout.WriteLine(Line(fields.Select(f => f.Label).ToArray(), widths));
        stdout.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows) stdout.WriteLine(Line(row, widths));
        stdout.WriteLine();
    }

    private void WriteList(List<PSObject> items, IReadOnlyList<ViewField> fields)
    {
        var width = fields.Max(f => f.Label.Length);
        foreach (var item in items)
        {
            stdout.WriteLine();
            foreach (var field in fields) stdout.WriteLine($"{field.Label.PadRight(width)} : {Value(item, field)}");
        }
        stdout.WriteLine();
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Clip(string text) => text.Length <= MaxCellWidth ? text : text[..(MaxCellWidth - 3)] + "...";

    private static string Value(PSObject item, ViewField field)
    {
        try
        {
            if (field.ScriptBlock is { } code)
            {
                var result = ScriptBlock.Create(code).InvokeWithContext(null, [new PSVariable("_", item)]);
                return string.Join(", ", result.Select(r => Text(r?.BaseObject)));
            }
            return Text(item.Properties[field.PropertyName ?? field.Label]?.Value);
        }
        catch (RuntimeException ex)
        {
            return "#ERR " + ex.Message;
        }
    }

    private static bool IsScalar(object? value) =>
        value is null or string or bool or char or DateTime or DateTimeOffset or DateOnly or TimeSpan or Guid or Enum
        || value.GetType().IsPrimitive || value is decimal;

    /// <summary>How a cell shows a value: collections as {a, b, c}, dictionaries as {k=v, ...}.</summary>
    internal static string Text(object? value)
    {
        value = value is PSObject p ? p.BaseObject : value;
        switch (value)
        {
            case null:
                return "";
            case string s:
                return s;
            case IFormattable f:
                return f.ToString(null, CultureInfo.CurrentCulture);
            case IDictionary d:
                return "{" + string.Join(", ", d.Cast<DictionaryEntry>().Take(8).Select(e => $"{e.Key}={Text(e.Value)}")) + (d.Count > 8 ? ", ..." : "") + "}";
            case IEnumerable e:
                var all = e.Cast<object?>().Take(9).ToList();
                var shown = all.Take(8).Select(Text);
                return "{" + string.Join(", ", shown) + (all.Count > 8 ? ", ..." : "") + "}";
            default:
                return value.ToString() ?? "";
        }
    }

    /// <summary>An error as pwsh's concise view shows it, plus the id scripts and tests match on.</summary>
    public static string ErrorText(ErrorRecord error)
    {
        var text = new StringBuilder();
        var command = error.InvocationInfo?.MyCommand?.Name;
        if (!string.IsNullOrEmpty(command)) text.Append(command).Append(": ");
        text.Append(error.ErrorDetails?.Message ?? error.Exception?.Message ?? error.ToString());
        text.Append(Environment.NewLine).Append("    FullyQualifiedErrorId: ").Append(error.FullyQualifiedErrorId);
        if (error.ErrorDetails?.RecommendedAction is { Length: > 0 } action)
            text.Append(Environment.NewLine).Append("    RecommendedAction: ").Append(action);
        return text.ToString();
    }
}
