namespace AttendanceTools.HelpBuilder;

/// <summary>What the command itself says about one cmdlet; never taken from the markdown.</summary>
internal sealed record CommandModel
{
    public required string Name { get; init; }
    public required string Verb { get; init; }
    public required string Noun { get; init; }

    /// <summary>One entry per parameter set, the default set first.</summary>
    public required IReadOnlyList<SyntaxModel> Syntax { get; init; }

    /// <summary>Every parameter except the common ones, alphabetically; -WhatIf and -Confirm last.</summary>
    public required IReadOnlyList<ParameterModel> Parameters { get; init; }

    /// <summary>Types the command takes from the pipeline (full names).</summary>
    public required IReadOnlyList<string> InputTypes { get; init; }

    /// <summary>Types named by [OutputType] (full names; System.Void left out).</summary>
    public required IReadOnlyList<string> OutputTypes { get; init; }

    /// <summary>The [Cmdlet(HelpUri = ...)] of the command: the page Get-Help -Online opens.</summary>
    public string? HelpUri { get; init; }
}

/// <summary>One parameter set: its name and the parameters in the order syntax shows them.</summary>
internal sealed record SyntaxModel(string SetName, bool IsDefault, IReadOnlyList<ParameterUse> Parameters);

/// <summary>How one parameter is used in one set.</summary>
internal sealed record ParameterUse(ParameterModel Parameter, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

/// <summary>A parameter with its attributes, merged over the sets it belongs to.</summary>
internal sealed record ParameterModel
{
    public required string Name { get; init; }
    public required Type Type { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public bool Globbing { get; init; }
    public string DefaultValue { get; init; } = "None";
    public bool IsSwitch => Type == typeof(System.Management.Automation.SwitchParameter);

    /// <summary>Mandatory in every set it belongs to.</summary>
    public bool Mandatory { get; init; }

    /// <summary>The position in the default (first) set it belongs to; null when named.</summary>
    public int? Position { get; init; }

    public bool ByValue { get; init; }
    public bool ByPropertyName { get; init; }
    public IReadOnlyList<string> SetNames { get; init; } = [];
}
