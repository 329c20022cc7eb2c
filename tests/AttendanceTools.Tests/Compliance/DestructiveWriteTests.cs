using System.Management.Automation;
using System.Reflection;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// Destructive writes ask first (issue #11, item 5). A writer that deletes rows declares how with
/// [DeletesRows(RowDeletion...)] and is held to the rule of that kind:
/// Intended (deleting is what it is for) is ConfirmImpact High; Planned (deletes what is missing from its
/// input, like an import) has -Force and -MaxChangePercent, prompts as a High-impact command when its plan
/// deletes, and holds a default delete guard (Import-AttendanceData's behaviour is tested in its own tests).
/// </summary>
public sealed class DestructiveWriteTests
{
    /// <summary>Verbs whose commands delete or overwrite by their nature.</summary>
    private static readonly HashSet<string> DeletingVerbs = new(StringComparer.OrdinalIgnoreCase) { "Remove", "Clear", "Undo", "Restore" };

    public static TheoryData<string> Cmdlets => ModuleFacts.ExportedCmdlets;

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void A_writer_that_deletes_asks_as_its_kind_requires(string cmdlet)
    {
        var type = ModuleFacts.CmdletType(cmdlet);
        var attribute = type.GetCustomAttribute<CmdletAttribute>()!;
        var kind = DeletionKind(type);
        if (DeletingVerbs.Contains(attribute.VerbName))
            Assert.True(kind is not null, $"{cmdlet} deletes ('{attribute.VerbName}'), so it must declare [DeletesRows(RowDeletion.Intended)].");
        if (kind is null) return;

        Assert.True(attribute.SupportsShouldProcess, $"{cmdlet} deletes rows, so it must support -WhatIf and -Confirm.");
        switch (kind)
        {
            case "Intended":
                Assert.True(attribute.ConfirmImpact == ConfirmImpact.High, $"{cmdlet} deletes what it is asked to delete, so it must be ConfirmImpact High (it is {attribute.ConfirmImpact}).");
                break;
            case "Planned":
                Assert.True(attribute.ConfirmImpact == ConfirmImpact.Medium,
                    $"{cmdlet} deletes what its plan finds missing: it declares ConfirmImpact Medium and asks again through StoreCmdlet.ConfirmDeletes when the plan deletes.");
                foreach (var name in new[] { "Force", "MaxChangePercent" })
                    Assert.True(type.GetProperty(name)?.GetCustomAttribute<ParameterAttribute>() is not null,
                        $"{cmdlet} deletes what its plan finds missing, so it must have -{name} (the default delete guard is raised by -Force or -MaxChangePercent).");
                break;
            default:
                Assert.Fail($"{cmdlet}: unknown deletion kind '{kind}'.");
                break;
        }
    }

    [Fact]
    public void The_import_is_the_planned_deleter()
    {
        // The kinds are declared, not guessed: the import deletes rows missing from its files.
        Assert.Equal("Planned", DeletionKind(ModuleFacts.CmdletType("Import-AttendanceData")));
    }

    /// <summary>The kind's name, read by name: the module's types live in another load context.</summary>
    private static string? DeletionKind(Type type)
    {
        var data = type.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "DeletesRowsAttribute");
        if (data is null) return null;
        var argument = data.ConstructorArguments[0];
        return Enum.GetName(argument.ArgumentType, argument.Value!);
    }
}
