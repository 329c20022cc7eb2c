using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// A list parameter given $null, @() or '' on the command line (a script variable that was never
/// filled) is refused with an error naming the parameter, on every exported cmdlet: never a .NET
/// NullReferenceException / ArgumentNullException, and never read as "no filter", which would widen
/// a run meant for some students or schools to the whole district. Writers are called with -WhatIf.
/// </summary>
public sealed class EmptyListParameterTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    /// <summary>Every (cmdlet, string[] parameter) that can be given without another mandatory parameter.</summary>
    public static TheoryData<string, string> Cases => ModuleFacts.ParametersGivenAlone(property => property.PropertyType == typeof(string[]));

    [Fact]
    public void Every_list_parameter_of_the_module_is_covered()
    {
        // Guards the case list itself: the parameters most likely to be fed from a variable are among them.
        var cases = Cases.Select(c => $"{c[0]} -{c[1]}").ToList();
        Assert.Contains("Invoke-BackfillValidation -Student", cases);
        Assert.Contains("Update-AttendanceAggregation -School", cases);
        Assert.Contains("Get-AttendanceAggregation -Calendar", cases);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_empty_list_is_refused_naming_the_parameter(string cmdlet, string parameter)
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);
        var writes = ModuleFacts.CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess;
        var runsBefore = Runs(db);

        foreach (var (text, value) in new (string, object?)[] { ("$null", null), ("@()", Array.Empty<string>()), ("''", new[] { "" }) })
        {
            var r = s.Run($"Connect-AttendanceStore -Path $db; {cmdlet} -{parameter} $value{(writes ? " -WhatIf" : "")}",
                new Dictionary<string, object?> { ["db"] = db, ["value"] = value });

            var error = r.FirstError;
            Assert.True(error is not null, $"{cmdlet} -{parameter} {text} wrote no error (output: {r.Output.Count} objects).");
            Assert.True(error!.FullyQualifiedErrorId.StartsWith("ParameterValueEmpty,", StringComparison.Ordinal)
                        || error.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError", StringComparison.Ordinal),
                $"{cmdlet} -{parameter} {text}: {error.FullyQualifiedErrorId}: {error.Exception.Message}");
            // Ours is InvalidArgument; PowerShell's own validation (ValidateSet, mandatory) keeps its category.
            if (error.FullyQualifiedErrorId.StartsWith("ParameterValueEmpty,", StringComparison.Ordinal))
                Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains(parameter, error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(r.Output);
        }
        Assert.Equal(runsBefore, Runs(db));
    }

    [Fact]
    public void A_piped_object_whose_names_are_null_is_skipped_not_a_dotnet_error()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);

        var r = s.Run("Connect-AttendanceStore -Path $db; [pscustomobject]@{ School = $null; StudentId = $null } | Invoke-BackfillValidation -WhatIf -Verbose",
            new Dictionary<string, object?> { ["db"] = db });

        Assert.Null(r.FirstError);
        Assert.Contains(r.Verbose, v => v.Message == "Skipped a piped object that names no school and no student.");
    }

    private static long Runs(string db) => DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM RunLog");
}
