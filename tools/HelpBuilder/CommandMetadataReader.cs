using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace AttendanceTools.HelpBuilder;

/// <summary>
/// Imports the built module into an in-process runspace, exactly as a user would, and reads
/// each exported cmdlet's metadata from its <see cref="CmdletInfo"/>.
/// </summary>
internal static class CommandMetadataReader
{
    private const string AllSets = "__AllParameterSets";

    public static IReadOnlyList<CommandModel> Read(string manifestPath)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", manifestPath).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
        var module = ps.Invoke<PSModuleInfo>().SingleOrDefault()
            ?? throw new InvalidOperationException($"Importing '{manifestPath}' returned no module.");
        return module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(ToModel).ToList();
    }

    private static CommandModel ToModel(CmdletInfo cmdlet)
    {
        var instance = TryCreate(cmdlet.ImplementingType);
        var models = new Dictionary<string, ParameterModel>(StringComparer.OrdinalIgnoreCase);
        var sets = cmdlet.ParameterSets
            .OrderByDescending(s => s.IsDefault)
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        foreach (var set in sets)
            foreach (var p in set.Parameters.Where(p => !IsCommon(p.Name)))
                if (!models.ContainsKey(p.Name))
                    models[p.Name] = Describe(cmdlet, p, sets, instance);

        var syntax = sets.Select(set => new SyntaxModel(
                set.Name == AllSets ? cmdlet.Name : set.Name,
                set.IsDefault,
                set.Parameters.Where(p => !IsCommon(p.Name))
                    .Select(p => new ParameterUse(models[p.Name], p.IsMandatory, PositionOf(p), p.ValueFromPipeline, p.ValueFromPipelineByPropertyName))
                    .OrderBy(SyntaxRank)
                    .ThenBy(u => u.Position ?? int.MaxValue)
                    .ToList()))
            .ToList();

        var parameters = models.Values
            .OrderBy(p => IsShouldProcess(p.Name))
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var inputs = parameters.Where(p => p.ByValue || p.ByPropertyName)
            .Select(p => TypeNames.Full(p.Type))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var outputs = cmdlet.OutputType
            .Select(t => t.Type is { } type ? TypeNames.Full(type) : t.Name)
            .Where(n => n != "System.Void")
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new CommandModel
        {
            Name = cmdlet.Name, Verb = cmdlet.Verb, Noun = cmdlet.Noun,
            Syntax = syntax, Parameters = parameters, InputTypes = inputs, OutputTypes = outputs,
            HelpUri = cmdlet.ImplementingType.GetCustomAttribute<CmdletAttribute>()?.HelpUri is { Length: > 0 } uri ? uri : null,
        };
    }

    private static ParameterModel Describe(CmdletInfo cmdlet, CommandParameterInfo first, List<CommandParameterSetInfo> sets, object? instance)
    {
        var uses = sets.SelectMany(s => s.Parameters).Where(p => string.Equals(p.Name, first.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var memberSets = sets.Where(s => s.Parameters.Any(p => string.Equals(p.Name, first.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(s => s.Name == AllSets ? "(All)" : s.Name)
            .ToList();
        return new ParameterModel
        {
            Name = first.Name,
            Type = first.ParameterType,
            Aliases = first.Aliases.ToList(),
            Globbing = first.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
            DefaultValue = DefaultValue(cmdlet, first, instance),
            Mandatory = uses.All(u => u.IsMandatory),
            Position = PositionOf(first),
            ByValue = uses.Any(u => u.ValueFromPipeline),
            ByPropertyName = uses.Any(u => u.ValueFromPipelineByPropertyName),
            SetNames = memberSets,
        };
    }

    /// <summary>Positional parameters first, then mandatory named ones, then optional ones; -WhatIf/-Confirm last.</summary>
    private static int SyntaxRank(ParameterUse use) =>
        IsShouldProcess(use.Parameter.Name) ? 3 : use.Position is not null ? 0 : use.Mandatory ? 1 : 2;

    private static int? PositionOf(CommandParameterInfo p) => p.Position == int.MinValue ? null : p.Position;

    private static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name) || string.Equals(name, "UseTransaction", StringComparison.OrdinalIgnoreCase);

    internal static bool IsShouldProcess(string name) =>
        string.Equals(name, "WhatIf", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Confirm", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The value the parameter has when it is not given: [PSDefaultValue(Help=...)] if present,
    /// else read from a fresh instance of the cmdlet (so "MaxChangePercent = 100" shows as 100).
    /// </summary>
    private static string DefaultValue(CmdletInfo cmdlet, CommandParameterInfo parameter, object? instance)
    {
        var declared = cmdlet.ImplementingType.GetProperty(parameter.Name, BindingFlags.Public | BindingFlags.Instance);
        var help = declared?.GetCustomAttribute<PSDefaultValueAttribute>();
        if (help is not null) return help.Help ?? Format(help.Value);
        if (IsShouldProcess(parameter.Name)) return "False";
        if (declared is null || instance is null) return "None";
        try
        {
            return Format(declared.GetValue(instance));
        }
        catch (TargetInvocationException)
        {
            return "None";
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "None",
        SwitchParameter s => s.IsPresent ? "True" : "False",
        bool b => b ? "True" : "False",
        string s => s.Length == 0 ? "None" : s,
        IEnumerable e when !e.Cast<object?>().Any() => "None",
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    };

    private static object? TryCreate(Type type)
    {
        try
        {
            return type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}

/// <summary>Type names as help shows them.</summary>
internal static class TypeNames
{
    public static string Full(Type type) =>
        type.IsArray ? Full(type.GetElementType()!) + "[]"
        : Nullable.GetUnderlyingType(type) is { } inner ? "System.Nullable`1[" + Full(inner) + "]"
        : type.FullName ?? type.Name;

    /// <summary>The short name syntax shows: String[], SwitchParameter, Int32.</summary>
    public static string Short(Type type)
    {
        if (type.IsArray) return Short(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return Short(inner);
        if (!type.IsGenericType) return type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "[" + string.Join(", ", type.GetGenericArguments().Select(Short)) + "]";
    }
}
