using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class GetRolloverLogTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void One_line_per_student_with_criterion_and_action_filterable_and_pipeable()
    {
        using var s = new PsSession();
        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder) };
        var run = s.Run("""
            Connect-AttendanceStore -Path $db
            Lock-AttendanceStore -Reason 'Year end' -Confirm:$false | Out-Null
            Set-RolloverCriteria -Default -Confirm:$false | Out-Null
            Start-Rollover Registration -Confirm:$false
            """, vars).ShouldSucceed().Output[0];
        var info = s.Run("Get-RolloverLog -Type Registration -Severity Info").ShouldSucceed().Output;
        Assert.Equal(run.Prop<int>("Processed"), info.Count);
        Assert.Equal(run.Prop<int>("Promoted"), info.Count(e => e.Prop<string>("Action") == "Promoted"));
        var first = info[0];
        Assert.Equal(("Registration-2026-1", "2025-26", 1), (first.Prop<string>("RunKey"), first.Prop<string>("SchoolYear"), first.Prop<int>("RunNumber")));
        Assert.StartsWith($"Criterion {first.Prop<int>("Criterion")} '", first.Prop<string>("Message"), StringComparison.Ordinal);

        var student = first.Prop<string>("StudentUniqueId");
        vars["student"] = student;
        var one = Assert.Single(s.Run("Get-RolloverLog -Student $student", vars).ShouldSucceed().Output);
        Assert.Equal(first.Prop<string>("Message"), one.Prop<string>("Message"));
        Assert.Equal(info.Count + run.Prop<int>("Warnings"), s.Run("Start-Rollover Registration -Preview | Out-Null; Get-RolloverLog -Type Registration -RunNumber 1").ShouldSucceed().Output.Count);
        Assert.StartsWith("RolloverRunNotFound", s.Run("Get-RolloverLog -RunNumber 99").ErrorId, StringComparison.Ordinal);
    }
}
