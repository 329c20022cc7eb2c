using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// No silent empties (issue #11): on every exported cmdlet, a name that matches nothing in the store
/// is an error record with the NotFound id of its kind, never an empty result with exit code 0.
/// Each case calls the cmdlet with one misspelt name (and -WhatIf where it writes) on a demo district.
/// </summary>
public sealed class NoSilentEmptiesTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    /// <summary>A misspelt value per kind of name, and the error id it must produce.</summary>
    private static readonly Dictionary<string, (string Value, string ErrorId)> Misspelt = new(StringComparer.OrdinalIgnoreCase)
    {
        ["School"] = ("Ceder High", "SchoolNotFound"),
        ["Calendar"] = ("NOPE", "CalendarNotFound"),
        ["SchoolYear"] = ("2031", "SchoolYearNotFound"),
        ["Student"] = ("999999", "StudentNotFound"),
        ["StudentId"] = ("999999", "StudentNotFound"),
        ["Program"] = ("No Such Program", "ProgramNotFound"),
        ["RunId"] = ("4242", "RunNotFound"),
    };

    /// <summary>Every (cmdlet, parameter) whose parameter names a thing and can be given alone.</summary>
    public static TheoryData<string, string> Cases => ModuleFacts.ParametersGivenAlone(property => Misspelt.ContainsKey(property.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_misspelt_name_is_an_error_record(string cmdlet, string parameter)
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        var (value, errorId) = Misspelt[parameter];
        var writes = ModuleFacts.CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess;
        var script = $"Connect-AttendanceStore -Path $db; {cmdlet} -{parameter} $value{(writes ? " -WhatIf" : "")}";

        var r = s.Run(script, new Dictionary<string, object?> { ["db"] = db, ["value"] = value });

        Assert.True(r.FirstError is not null, $"{cmdlet} -{parameter} '{value}' wrote no error (output: {r.Output.Count} objects).");
        Assert.StartsWith(errorId + ",", r.FirstError!.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.FirstError.CategoryInfo.Category);
        // One rule on every cmdlet (README "Concepts", about_AttendanceTools): a name that matches nothing is
        // non-terminating, so the other names and pipeline input still run; -ErrorAction Stop makes it stop.
        Assert.True(r.Terminating is null, $"{cmdlet} -{parameter} '{value}' stopped with a terminating {r.Terminating?.ErrorRecord.FullyQualifiedErrorId}; a name that matches nothing is a non-terminating error.");
    }
}
