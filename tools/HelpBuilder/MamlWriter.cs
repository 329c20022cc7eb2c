using System.Globalization;
using System.Xml;

namespace AttendanceTools.HelpBuilder;

/// <summary>
/// Writes the MAML that Get-Help reads for compiled cmdlets (the command:command schema that
/// New-ExternalHelp also produces): prose from the page, syntax and attributes from the command.
/// </summary>
internal sealed class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string MsHelp = "http://msdn.microsoft.com/mshelp";

    private static readonly Dictionary<string, string> ShouldProcessText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the command ran, with the exact counts of what it would write. Nothing is written.",
        ["Confirm"] = "Prompts you for confirmation before the command writes. Runbooks pass -Confirm:$false.",
    };

    private readonly XmlWriter _xml;

    private MamlWriter(XmlWriter xml) => _xml = xml;

    public static void Write(string path, IEnumerable<(CommandModel Command, HelpPage Page)> commands)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new System.Text.UTF8Encoding(false) };
        using var xml = XmlWriter.Create(path, settings);
        var writer = new MamlWriter(xml);
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", Msh);
        xml.WriteAttributeString("schema", "maml");
        foreach (var (command, page) in commands) writer.WriteCommand(command, page);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private void WriteCommand(CommandModel command, HelpPage page)
    {
        _xml.WriteStartElement("command", "command", Command);
        _xml.WriteAttributeString("xmlns", "maml", null, Maml);
        _xml.WriteAttributeString("xmlns", "command", null, Command);
        _xml.WriteAttributeString("xmlns", "dev", null, Dev);
        _xml.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

        _xml.WriteStartElement("details", Command);
        _xml.WriteElementString("name", Command, command.Name);
        _xml.WriteElementString("verb", Command, command.Verb);
        _xml.WriteElementString("noun", Command, command.Noun);
        Description(page.Synopsis);
        _xml.WriteEndElement();

        Description(page.Description);
        Syntax(command, page);
        Parameters(command, page);
        TypeList("inputTypes", "inputType", command.InputTypes, page.Inputs);
        TypeList("returnValues", "returnValue", command.OutputTypes, page.Outputs);
        Notes(page.Notes);
        Examples(page.Examples);
        Links(command, page);
        _xml.WriteEndElement();
    }

    private void Syntax(CommandModel command, HelpPage page)
    {
        _xml.WriteStartElement("syntax", Command);
        foreach (var set in command.Syntax)
        {
            _xml.WriteStartElement("syntaxItem", Command);
            _xml.WriteElementString("name", Maml, command.Name);
            foreach (var use in set.Parameters)
                Parameter(use.Parameter, page, use.Mandatory, use.Position, use.ByValue, use.ByPropertyName, inSyntax: true);
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private void Parameters(CommandModel command, HelpPage page)
    {
        _xml.WriteStartElement("parameters", Command);
        foreach (var p in command.Parameters)
            Parameter(p, page, p.Mandatory, p.Position, p.ByValue, p.ByPropertyName, inSyntax: false);
        _xml.WriteEndElement();
    }

    private void Parameter(ParameterModel p, HelpPage page, bool mandatory, int? position, bool byValue, bool byName, bool inSyntax)
    {
        _xml.WriteStartElement("parameter", Command);
        _xml.WriteAttributeString("required", mandatory ? "true" : "false");
        _xml.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
        _xml.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
        _xml.WriteAttributeString("pipelineInput", PipelineText(byValue, byName));
        _xml.WriteAttributeString("position", position?.ToString(CultureInfo.InvariantCulture) ?? "named");
        _xml.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
        _xml.WriteElementString("name", Maml, p.Name);
        Description(ParameterText(p, page));
        // A switch takes no value: syntax shows [-PassThru], not [-PassThru <SwitchParameter>].
        if (!p.IsSwitch || !inSyntax)
        {
            _xml.WriteStartElement("parameterValue", Command);
            _xml.WriteAttributeString("required", p.IsSwitch ? "false" : "true");
            _xml.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
            _xml.WriteString(TypeNames.Short(p.Type));
            _xml.WriteEndElement();
        }
        DevType(TypeNames.Full(p.Type));
        _xml.WriteElementString("defaultValue", Dev, p.DefaultValue);
        _xml.WriteEndElement();
    }

    private static IReadOnlyList<string> ParameterText(ParameterModel p, HelpPage page)
    {
        if (page.Parameters.TryGetValue(p.Name, out var text) && text.Count > 0) return text;
        return ShouldProcessText.TryGetValue(p.Name, out var standard) ? [standard] : [];
    }

    private static string PipelineText(bool byValue, bool byName) => (byValue, byName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    /// <summary>
    /// The command decides which types appear; the page supplies what each means (matched by
    /// full or short name). Page entries only stand alone when the command names no type ("None").
    /// </summary>
    private void TypeList(string listElement, string itemElement, IReadOnlyList<string> types, IReadOnlyList<HelpTypeNote> notes)
    {
        var items = types.Count == 0
            ? notes.Select(n => (n.TypeName, n.Description)).ToList()
            : types.Select(t => (t, notes.FirstOrDefault(n => SameType(n.TypeName, t))?.Description ?? (IReadOnlyList<string>)[])).ToList();
        if (items.Count == 0) items.Add(("None", []));
        _xml.WriteStartElement(listElement, Command);
        foreach (var (type, description) in items)
        {
            _xml.WriteStartElement(itemElement, Command);
            DevType(type);
            Description(description);
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private static bool SameType(string written, string full)
    {
        var w = written.Trim().Trim('`');
        return string.Equals(w, full, StringComparison.OrdinalIgnoreCase)
            || string.Equals(w, full[(full.LastIndexOf('.') + 1)..], StringComparison.OrdinalIgnoreCase);
    }

    private void Notes(IReadOnlyList<string> notes)
    {
        if (notes.Count == 0) return;
        _xml.WriteStartElement("alertSet", Maml);
        _xml.WriteStartElement("alert", Maml);
        foreach (var para in notes) _xml.WriteElementString("para", Maml, para);
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    private void Examples(IReadOnlyList<HelpExample> examples)
    {
        _xml.WriteStartElement("examples", Command);
        foreach (var example in examples)
        {
            _xml.WriteStartElement("example", Command);
            _xml.WriteElementString("title", Maml, $"--------- {example.Title} ---------");
            _xml.WriteElementString("code", Dev, example.Code);
            _xml.WriteStartElement("remarks", Dev);
            foreach (var para in example.Remarks) _xml.WriteElementString("para", Maml, para);
            _xml.WriteEndElement();
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private void Links(CommandModel command, HelpPage page)
    {
        _xml.WriteStartElement("relatedLinks", Command);
        // Get-Help -Online opens the first link that has a URI, so the online page comes first and every
        // other URI is absolute: a relative "Get-AttendanceRun.md" would make -Online fail.
        var online = page.OnlineUri ?? command.HelpUri;
        if (online is not null) Link("Online Version:", online);
        foreach (var link in page.Links) Link(link.Text, Absolute(link.Uri, online));
        _xml.WriteEndElement();
    }

    private static string? Absolute(string? uri, string? online)
    {
        if (string.IsNullOrWhiteSpace(uri) || Uri.IsWellFormedUriString(uri, UriKind.Absolute)) return uri;
        return online is not null ? new Uri(new Uri(online), uri).AbsoluteUri : null;
    }

    private void Link(string text, string? uri)
    {
        _xml.WriteStartElement("navigationLink", Maml);
        _xml.WriteElementString("linkText", Maml, text);
        _xml.WriteElementString("uri", Maml, uri ?? "");
        _xml.WriteEndElement();
    }

    private void Description(IReadOnlyList<string> paragraphs)
    {
        _xml.WriteStartElement("description", Maml);
        foreach (var para in paragraphs) _xml.WriteElementString("para", Maml, para);
        _xml.WriteEndElement();
    }

    private void DevType(string name)
    {
        _xml.WriteStartElement("type", Dev);
        _xml.WriteElementString("name", Maml, name);
        _xml.WriteElementString("uri", Maml, "");
        _xml.WriteEndElement();
    }
}
