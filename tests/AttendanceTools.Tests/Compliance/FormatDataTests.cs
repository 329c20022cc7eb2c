using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// A view whose TypeName matches nothing is silently never used, so every ViewSelectedBy/TypeName
/// in the format file must name a public type of the engine or the cmdlet assembly (style.md §5).
/// </summary>
public sealed class FormatDataTests
{
    private static string FormatFile => Path.Combine(Repo.ModuleFolder, "AttendanceTools.Format.ps1xml");

    [Fact]
    public void Every_view_names_a_public_type_of_the_engine_or_the_cmdlets()
    {
        var known = PublicTypeNames(ModuleFacts.EngineAssemblyPath).Concat(PublicTypeNames(ModuleFacts.CmdletAssemblyPath)).ToHashSet(StringComparer.Ordinal);
        var names = XDocument.Load(FormatFile).Descendants("ViewSelectedBy").Elements("TypeName").Select(e => e.Value.Trim()).ToList();

        Assert.NotEmpty(names);
        var unknown = names.Where(n => !known.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"Format views for types that do not exist (check the namespace and spelling): {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void Every_view_has_a_unique_name_and_a_table_or_list()
    {
        var views = XDocument.Load(FormatFile).Descendants("View").ToList();
        var names = views.Select(v => v.Element("Name")?.Value.Trim()).ToList();
        Assert.All(names, n => Assert.False(string.IsNullOrEmpty(n)));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(views, v => Assert.True(v.Element("TableControl") is not null || v.Element("ListControl") is not null,
            $"View '{v.Element("Name")?.Value}' has neither a TableControl nor a ListControl."));
    }

    /// <summary>Full names of public types as PowerShell spells them (nested types with '+').</summary>
    private static IEnumerable<string> PublicTypeNames(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new List<string>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if (FullName(md, type) is { } name) result.Add(name);
        }
        return result;
    }

    private static string? FullName(MetadataReader md, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        var name = md.GetString(type.Name);
        if (visibility == TypeAttributes.Public)
        {
            var ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }
        if (visibility == TypeAttributes.NestedPublic)
        {
            var outer = FullName(md, md.GetTypeDefinition(type.GetDeclaringType()));
            return outer is null ? null : outer + "+" + name;
        }
        return null;
    }
}
