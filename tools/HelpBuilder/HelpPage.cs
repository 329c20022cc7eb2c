namespace AttendanceTools.HelpBuilder;

/// <summary>The prose of one cmdlet's help, as written in docs/help/&lt;Verb-Noun&gt;.md.</summary>
internal sealed record HelpPage
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Synopsis { get; init; } = [];
    public IReadOnlyList<string> Description { get; init; } = [];
    public IReadOnlyList<HelpExample> Examples { get; init; } = [];

    /// <summary>Parameter descriptions keyed by name without the dash (case-insensitive).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<HelpTypeNote> Inputs { get; init; } = [];
    public IReadOnlyList<HelpTypeNote> Outputs { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<HelpLink> Links { get; init; } = [];

    /// <summary>The page a user gets with Get-Help -Online (front matter "online version:").</summary>
    public string? OnlineUri { get; init; }

    /// <summary>A page for a command that has no markdown yet: syntax and parameters only.</summary>
    public static HelpPage Empty(string name) => new() { Name = name };
}

/// <summary>One "### Example N: title" block: its code and the explanation around it.</summary>
internal sealed record HelpExample(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>An INPUTS or OUTPUTS entry: a type name heading and what it means.</summary>
internal sealed record HelpTypeNote(string TypeName, IReadOnlyList<string> Description);

/// <summary>A RELATED LINKS entry; <see cref="Uri"/> is null for a plain command name.</summary>
internal sealed record HelpLink(string Text, string? Uri);
