using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// What the built module says about itself: its manifest, and its cmdlet classes by reflection.
/// Everything the compliance tests check is derived from here, never from a hand-kept list, so a
/// cmdlet added anywhere is checked the moment it is exported.
/// </summary>
internal static class ModuleFacts
{
    private static readonly Lazy<Hashtable> ManifestData = new(() => ReadDataFile(Repo.ModuleManifest));
    private static readonly Lazy<Assembly> CmdletAssemblyLoaded = new(LoadCmdletAssembly);

    /// <summary>The built manifest (out/AttendanceTools/AttendanceTools.psd1), parsed without running it.</summary>
    public static Hashtable Manifest => ManifestData.Value;

    public static IReadOnlyList<string> CmdletsToExport =>
        ((IEnumerable)Manifest["CmdletsToExport"]!).Cast<object>().Select(o => o.ToString()!).ToList();

    /// <summary>Theory data: one case per cmdlet the manifest exports.</summary>
    public static TheoryData<string> ExportedCmdlets
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in CmdletsToExport.Order(StringComparer.Ordinal)) data.Add(name);
            return data;
        }
    }

    public static string CmdletAssemblyPath => Path.Combine(Repo.ModuleFolder, "AttendanceTools.dll");

    public static string EngineAssemblyPath => Path.Combine(Repo.ModuleFolder, "Dependencies", "AttendanceTools.Engine.dll");

    /// <summary>The cmdlet assembly as PowerShell loaded it (importing first, so engine types in attributes resolve).</summary>
    public static Assembly CmdletAssembly => CmdletAssemblyLoaded.Value;

    /// <summary>Every public, non-abstract class in the cmdlet assembly that carries [Cmdlet].</summary>
    public static IReadOnlyList<Type> CmdletTypes =>
        CmdletAssembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Cmdlet).IsAssignableFrom(t) && t.GetCustomAttribute<CmdletAttribute>() is not null)
            .ToList();

    public static string NameOf(Type cmdletType)
    {
        var attribute = cmdletType.GetCustomAttribute<CmdletAttribute>()!;
        return attribute.VerbName + "-" + attribute.NounName;
    }

    /// <summary>Theory data: (cmdlet, parameter) for every exported cmdlet's parameter that <paramref name="include"/> picks and that can be given alone.</summary>
    public static TheoryData<string, string> ParametersGivenAlone(Func<PropertyInfo, bool> include)
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in CmdletsToExport.Order(StringComparer.Ordinal))
        {
            var type = CmdletType(cmdlet);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var parameters = property.GetCustomAttributes<ParameterAttribute>().ToList();
                if (parameters.Count == 0 || !include(property) || !CanBeGivenAlone(type, parameters)) continue;
                data.Add(cmdlet, property.Name);
            }
        }
        return data;
    }

    /// <summary>True when some parameter set of the parameter needs no other mandatory parameter (a prompt would hide the error).</summary>
    public static bool CanBeGivenAlone(Type type, List<ParameterAttribute> attributes)
    {
        var all = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttributes<ParameterAttribute>().Select(a => (Property: p, a.ParameterSetName, a.Mandatory))).ToList();
        foreach (var set in attributes.Select(a => a.ParameterSetName))
        {
            var mandatory = all.Where(x => x.Mandatory && (x.ParameterSetName == set || x.ParameterSetName == ParameterAttribute.AllParameterSets || set == ParameterAttribute.AllParameterSets))
                .Where(x => !attributes.Any(a => ReferenceEquals(a, x.Property.GetCustomAttribute<ParameterAttribute>())));
            if (!mandatory.Any()) return true;
        }
        return false;
    }

    public static Type CmdletType(string name) =>
        CmdletTypes.SingleOrDefault(t => NameOf(t) == name)
        ?? throw new Xunit.Sdk.XunitException($"The manifest exports {name}, but AttendanceTools.dll has no public cmdlet class for it.");

    /// <summary>Reads a .psd1 as data (the way Import-PowerShellDataFile does), without executing it.</summary>
    public static Hashtable ReadDataFile(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
            throw new InvalidOperationException($"{path}: {string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"))}");
        var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new InvalidOperationException($"{path} holds no hashtable.");
        return (Hashtable)table.SafeGetValue();
    }

    private static Assembly LoadCmdletAssembly()
    {
        using (new PsSession()) { }
        return AppDomain.CurrentDomain.GetAssemblies().Single(a =>
            !a.IsDynamic && string.Equals(a.Location, CmdletAssemblyPath, StringComparison.Ordinal));
    }
}
