using System.Xml.Linq;

namespace AttendanceTools.ScriptHost;

/// <summary>One column of a table view, or one line of a list view.</summary>
internal sealed record ViewField(string Label, string? PropertyName, string? ScriptBlock);

/// <summary>The first table or list view a format file defines for a type.</summary>
internal sealed record FormatView(bool IsTable, IReadOnlyList<ViewField> Fields);

/// <summary>
/// Reads the table and list views of *.Format.ps1xml files (the SDK engine has no formatter of its
/// own to use them), keyed by the type names in ViewSelectedBy.
/// </summary>
internal static class FormatViews
{
    public static Dictionary<string, FormatView> Load(IEnumerable<string> files)
    {
        var views = new Dictionary<string, FormatView>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var doc = XDocument.Load(file);
            foreach (var view in doc.Descendants("View"))
            {
                var parsed = Parse(view);
                if (parsed is null) continue;
                foreach (var type in view.Elements("ViewSelectedBy").Elements("TypeName"))
                    views.TryAdd(type.Value.Trim(), parsed);
            }
        }
        return views;
    }

    private static FormatView? Parse(XElement view)
    {
        if (view.Element("TableControl") is { } table)
        {
            var headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").ToList() ?? [];
            var items = table.Descendants("TableColumnItem").ToList();
            var fields = items.Select((item, i) =>
            {
                var property = item.Element("PropertyName")?.Value.Trim();
                var label = i < headers.Count ? headers[i].Element("Label")?.Value.Trim() : null;
                return new ViewField(label ?? property ?? "", property, item.Element("ScriptBlock")?.Value.Trim());
            }).ToList();
            return new FormatView(true, fields);
        }
        if (view.Element("ListControl") is { } list)
        {
            var fields = list.Descendants("ListItem").Select(item =>
            {
                var property = item.Element("PropertyName")?.Value.Trim();
                return new ViewField(item.Element("Label")?.Value.Trim() ?? property ?? "", property, item.Element("ScriptBlock")?.Value.Trim());
            }).ToList();
            return new FormatView(false, fields);
        }
        return null;
    }
}
