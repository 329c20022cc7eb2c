using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-AttendanceAggregation after a refresh of the small demo district.</summary>
public sealed class GetAttendanceAggregationTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession Refreshed()
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        // As of 12:00 district time (Los Angeles) on Wednesday 2025-10-15: today is included.
        s.Run("Connect-AttendanceStore -Path $p; $null = Update-AttendanceAggregation -School 'Cedar High' -AsOf 2025-10-15T12:00 -Confirm:$false",
            new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void A_school_year_without_aggregates_warns_and_says_what_to_run_on_both_reads()
    {
        using var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        const string Expected = "School year 2026-27 has no day aggregates yet, so there is nothing to read for it. Run Update-AttendanceAggregation -SchoolYear 2026-27 to compute them.";

        var rows = s.Run("Get-AttendanceAggregation -SchoolYear 2026-27").ShouldSucceed();
        var chronic = s.Run("Get-ChronicAbsenteeism -SchoolYear 2026-27 -School 'Cedar High'").ShouldSucceed();
        s.Run("$null = Update-AttendanceAggregation -School 'Cedar High' -AsOf 2025-10-15T12:00 -Confirm:$false").ShouldSucceed();
        var refreshed = s.Run("Get-AttendanceAggregation -School 'Cedar High' -From 2025-10-06 -To 2025-10-06").ShouldSucceed();

        Assert.Empty(rows.Output);
        Assert.Equal(Expected, Assert.Single(rows.Warnings).Message);
        Assert.Equal(Expected, Assert.Single(chronic.Warnings).Message);
        Assert.NotEmpty(refreshed.Output);
        Assert.Empty(refreshed.Warnings);
    }

    [Fact]
    public void Rows_have_the_names_scripts_rely_on_and_respect_the_invariant()
    {
        using var s = Refreshed();
        {
            var rows = s.Run("Get-AttendanceAggregation -School 'Cedar High' -From 2025-10-06 -To 2025-10-10").ShouldSucceed().Output;

            Assert.NotEmpty(rows);
            foreach (var name in new[] { "Student", "School", "Calendar", "Date", "ScheduledMinutes", "AbsentMinutes", "UnexcusedAbsentMinutes", "MostCommonExcuse", "LastModified" })
                Assert.NotNull(rows[0].Properties[name]);
            Assert.All(rows, r =>
            {
                var (scheduled, absent, unexcused) = (r.Prop<int>("ScheduledMinutes"), r.Prop<int>("AbsentMinutes"), r.Prop<int>("UnexcusedAbsentMinutes"));
                Assert.InRange(r.Prop<DateTime>("Date"), new DateTime(2025, 10, 6), new DateTime(2025, 10, 10));
                Assert.True(0 <= unexcused && unexcused <= absent && absent <= scheduled && scheduled > 0);
                Assert.Equal(absent == 0, r.Prop("MostCommonExcuse") is null);
            });
        }
    }

    [Fact]
    public void AbsentOnly_and_student_filters_narrow_the_rows()
    {
        using var s = Refreshed();
        {
            var absent = s.Run("Get-AttendanceAggregation -School 'Cedar High' -AbsentOnly").ShouldSucceed().Output;
            Assert.NotEmpty(absent);
            Assert.All(absent, r => Assert.True(r.Prop<int>("AbsentMinutes") > 0));

            var student = absent[0].Prop<string>("Student");
            var mine = s.Run("Get-AttendanceAggregation -Student $id", new Dictionary<string, object?> { ["id"] = student }).ShouldSucceed().Output;
            Assert.NotEmpty(mine);
            Assert.All(mine, r => Assert.Equal(student, r.Prop<string>("Student")));
        }
    }

    [Fact]
    public void Students_pipe_in_by_StudentId()
    {
        using var s = Refreshed();
        {
            var r = s.Run("$one = @(Get-AttendanceStudent -School 'Cedar High')[0]; $one | Get-AttendanceAggregation; $one.StudentId").ShouldSucceed();
            var id = r.Output[^1].BaseObject as string;
            Assert.True(r.Output.Count > 1);
            Assert.All(r.Output.Take(r.Output.Count - 1), row => Assert.Equal(id, row.Prop<string>("Student")));
        }
    }

    [Fact]
    public void Another_school_year_has_no_rows()
    {
        using var s = Refreshed();
            Assert.Empty(s.Run("Get-AttendanceAggregation -SchoolYear 2027").ShouldSucceed().Output);
    }
}
