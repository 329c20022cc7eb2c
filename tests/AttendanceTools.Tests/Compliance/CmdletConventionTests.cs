using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// The conventions every cmdlet follows (style.md §2, §4, §6 layer 3), checked by reflection over
/// whatever the manifest exports. dbatools does this in script; compiled cmdlets let us read attributes.
/// </summary>
public sealed class CmdletConventionTests
{
    /// <summary>Verbs whose commands change the store (or files): they must support -WhatIf/-Confirm.</summary>
    private static readonly HashSet<string> WritingVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "New", "Set", "Remove", "Update", "Sync", "Invoke", "Start", "Import", "Export", "Restore",
        "Lock", "Unlock", "Undo", "Backup", "Clear", "Reset", "Add",
    };

    public static TheoryData<string> Cmdlets => ModuleFacts.ExportedCmdlets;

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Uses_an_approved_verb(string cmdlet)
    {
        var verb = cmdlet[..cmdlet.IndexOf('-', StringComparison.Ordinal)];
        Assert.True(ApprovedVerbs.Value.Contains(verb), $"{cmdlet}: '{verb}' is not an approved verb (System.Management.Automation.Verbs* classes).");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Declares_OutputType_naming_real_types(string cmdlet)
    {
        var attributes = ModuleFacts.CmdletType(cmdlet).GetCustomAttributes<OutputTypeAttribute>().ToList();
        Assert.True(attributes.Count > 0, $"{cmdlet} has no [OutputType].");
        foreach (var name in attributes.SelectMany(a => a.Type))
            Assert.True(name.Type is not null, $"{cmdlet}: [OutputType('{name.Name}')] does not name a type that exists; use typeof(...).");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Writers_support_ShouldProcess(string cmdlet)
    {
        var attribute = ModuleFacts.CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!;
        if (!WritingVerbs.Contains(attribute.VerbName)) return;
        Assert.True(attribute.SupportsShouldProcess, $"{cmdlet} writes ('{attribute.VerbName}'), so it must declare SupportsShouldProcess = true.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Class_is_sealed_named_VerbNounCommand_in_AttendanceTools_Commands(string cmdlet)
    {
        var type = ModuleFacts.CmdletType(cmdlet);
        Assert.True(type.IsSealed, $"{type.FullName} must be sealed.");
        Assert.Equal("AttendanceTools.Commands." + cmdlet.Replace("-", "", StringComparison.Ordinal) + "Command", type.FullName);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Has_its_own_test_file(string cmdlet)
    {
        var file = Path.Combine(Repo.Root, "tests", "AttendanceTools.Tests", "Commands", cmdlet.Replace("-", "", StringComparison.Ordinal) + "Tests.cs");
        Assert.True(File.Exists(file), $"{cmdlet} has no test file: add {file}.");
    }

    [Fact]
    public void The_approved_verb_list_read_by_reflection_is_the_real_one()
    {
        // Guards the reflection above: if it found nothing, every verb check would fail for the wrong reason.
        Assert.Superset(new HashSet<string> { "Get", "Set", "Connect", "Disconnect", "Update", "Sync", "Undo", "Backup", "Restore" }, ApprovedVerbs.Value);
        Assert.DoesNotContain("Generate", ApprovedVerbs.Value);
    }

    private static readonly Lazy<HashSet<string>> ApprovedVerbs = new(() =>
        typeof(VerbsCommon).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));
}
