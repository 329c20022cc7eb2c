using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

[Collection(ClockCollection.Name)]
public sealed class GetRolloverCriteriaTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void The_default_set_and_its_criteria_file_round_trip()
    {
        using var s = new PsSession();
        var defaults = s.Run("Get-RolloverCriteria -Default").ShouldSucceed().Output;
        Assert.Equal([1, 2, 3, 4], defaults.Select(c => c.Prop<int>("Sequence")));
        Assert.Equal(["Active", "Graduated", "Active", "Active"], defaults.Select(c => c.Prop<string>("AssignStatus")));
        Assert.Equal(["Status = PreRegistered"], ((System.Collections.IEnumerable)defaults[0].Prop("Conditions")!).Cast<object>().Select(o => o.ToString()));

        var vars = new Dictionary<string, object?> { ["db"] = demo.CopyTo(s.TempFolder), ["file"] = s.PathIn("criteria.json") };
        // The demo store comes with its district's criteria (examples/rollover-criteria.json): the default set behind three of its own.
        var shipped = s.Run("Connect-AttendanceStore -Path $db; Get-RolloverCriteria", vars).ShouldSucceed().Output;
        Assert.Equal(["Delete", "Active", "Inactive", "Graduated", "Active", "Active"], shipped.Select(c => c.Prop<string>("AssignStatus")));
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "examples", "rollover-criteria.json")).ReplaceLineEndings("\n").TrimEnd(),
            ((string)s.Run("Get-RolloverCriteria -AsJson").ShouldSucceed().Output[0].BaseObject).ReplaceLineEndings("\n").TrimEnd());
        s.Run("[System.IO.File]::WriteAllText($file, (Get-RolloverCriteria -Default -AsJson)); Set-RolloverCriteria -Path $file -Confirm:$false | Out-Null", vars).ShouldSucceed();
        var json = (string)s.Run("Get-RolloverCriteria -AsJson").ShouldSucceed().Output[0].BaseObject;
        Assert.Equal(File.ReadAllText(s.PathIn("criteria.json")).TrimEnd(), json.TrimEnd());
        Assert.Contains("\"GradeLevel\": \"Next\"", json, StringComparison.Ordinal);
    }
}
