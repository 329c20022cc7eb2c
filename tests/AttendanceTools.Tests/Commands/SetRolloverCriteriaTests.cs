using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class SetRolloverCriteriaTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Piped_criteria_replace_the_stores_and_an_invalid_one_is_refused_naming_criterion_field_and_value()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        var saved = s.Run("Connect-AttendanceStore -Path $db; Get-RolloverCriteria -Default | Where-Object Sequence -ne 1 | Set-RolloverCriteria -Confirm:$false", vars).ShouldSucceed().Output;
        Assert.Equal([2, 3, 4], saved.Select(c => c.Prop<int>("Sequence")));

        var refused = s.Run("""
            [pscustomobject]@{ Sequence = 9; Name = 'Bad'; Conditions = @('Grade = 12'); AssignStatus = 'Active'; Updates = @{} } |
                Set-RolloverCriteria -Confirm:$false
            """);
        Assert.StartsWith("CriterionValueInvalid", refused.ErrorId, StringComparison.Ordinal);
        Assert.Contains("criterion 9 'Bad': the Conditions value 'Grade = 12' is not valid", refused.FirstError!.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, s.Run("Get-RolloverCriteria").ShouldSucceed().Output.Count);

        var school = s.Run("[pscustomobject]@{ Sequence = 1; Name = 'Move'; Conditions = @('Status = Active'); AssignStatus = 'Active'; Updates = @{ SchoolId = 'NoSuchSchool' } } | Set-RolloverCriteria -Confirm:$false");
        Assert.Contains("the SchoolId value 'NoSuchSchool' is not valid", school.FirstError!.Exception.Message, StringComparison.Ordinal);
    }
}
