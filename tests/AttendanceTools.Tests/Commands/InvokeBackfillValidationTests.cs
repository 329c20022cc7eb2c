using System.Globalization;
using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Invoke-BackfillValidation through a real runspace on the demo district (school 401, 12 continuation students).</summary>
[Collection(ClockCollection.Name)]
public sealed class InvokeBackfillValidationTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Validates_every_CE_student_and_a_second_run_writes_nothing()
    {
        using var b = new BackfillSession(demo);
        var first = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;

        var ce = b.Scalar("SELECT COUNT(DISTINCT a.StudentRef) FROM StudentProgramAssociation a JOIN Program p ON p.ProgramRef = a.ProgramRef " +
                          "JOIN School s ON s.SchoolRef = p.SchoolRef WHERE s.SchoolId = '401' AND a.BeginDate <= 20251219 AND (a.EndDate IS NULL OR a.EndDate >= 20250821)");
        Assert.Equal(ce, first.Count);
        Assert.All(first, o => Assert.Equal(("AttendanceTools.Engine.Backfill.BackfillStudentResult", "Redwood Continuation High", "401"),
            (o.TypeName(), o.Prop<string>("School"), o.Prop<string>("SchoolId"))));
        Assert.All(first, o => Assert.Contains(o.Prop<string>("Reason"), new[] { "NeverApplied", "Unchanged" }));
        Assert.Equal(b.Scalar("SELECT COUNT(*) FROM BackfillMove"), first.Sum(o => o.Prop<long>("MovesInserted")));
        Assert.Equal(b.Scalar("SELECT COALESCE(SUM(Minutes), 0) FROM BackfillMove"), first.Sum(o => o.Prop<long>("MovedMinutes")));
        Assert.All(first, o => Assert.True(o.Prop<int>("ClaimableMinutes") >= o.Prop<int>("ClaimableMinutesBefore")));
        Assert.True(b.Scalar("SELECT COUNT(*) FROM BackfillMove") > 0, "the demo district's CE students have backfill moves");

        var moves = b.Moves();
        var second = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.All(second, o => Assert.Equal("Unchanged", o.Prop<string>("Reason")));
        Assert.Equal(moves, b.Moves());
        var runId = second[0].Prop<long>("RunId");
        Assert.Equal(0, b.Scalar($"SELECT Inserted + Updated + Deleted FROM RunLog WHERE RunId = {runId}"));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_Preview_reports_the_real_runs_counts()
    {
        using var b = new BackfillSession(demo);
        var runs = b.Scalar("SELECT COUNT(*) FROM RunLog");
        var whatIf = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -WhatIf").ShouldSucceed();
        Assert.Empty(whatIf.Output);
        Assert.Equal((0L, runs), (b.Scalar("SELECT COUNT(*) FROM BackfillMove"), b.Scalar("SELECT COUNT(*) FROM RunLog")));

        var preview = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Preview").ShouldSucceed().Output;
        Assert.All(preview, o => Assert.True(o.Prop<bool>("IsPreview")));
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM BackfillMove"));
        var real = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        Assert.Equal(preview.Select(o => (o.Prop<string>("Student"), o.Prop<int>("MovesInserted"), o.Prop<int>("ClaimableMinutes"))),
            real.Select(o => (o.Prop<string>("Student"), o.Prop<int>("MovesInserted"), o.Prop<int>("ClaimableMinutes"))));
    }

    [Fact]
    public void Takes_students_from_the_pipeline_and_reports_those_outside_the_program()
    {
        using var b = new BackfillSession(demo);
        var ids = string.Join(",", b.Rows("SELECT s.StudentUniqueId FROM StudentProgramAssociation a JOIN Student s ON s.StudentRef = a.StudentRef WHERE a.BeginDate <= 20251219 ORDER BY 1 LIMIT 3"));
        var r = b.Run($"Get-AttendanceStudent -StudentId {ids} | Invoke-BackfillValidation {AsOf} -Confirm:$false").ShouldSucceed();
        Assert.Equal(ids.Split(','), r.Output.Select(o => o.Prop<string>("Student")));
        Assert.Equal(b.Scalar("SELECT COUNT(*) FROM BackfillMove"), r.Output.Sum(o => o.Prop<long>("MovesInserted")));

        var other = b.Rows("SELECT StudentUniqueId FROM Student WHERE StudentRef NOT IN (SELECT StudentRef FROM StudentProgramAssociation) LIMIT 1")[0];
        var mixed = b.Run($"Invoke-BackfillValidation -School 401 -Student '{other}' {AsOf} -Confirm:$false");
        var error = Assert.Single(mixed.Errors);
        Assert.StartsWith("BackfillStudentNotInProgram", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(other, error.TargetObject);
    }

    [Fact]
    public void A_backfill_run_is_undone_with_Undo_AttendanceRun()
    {
        using var b = new BackfillSession(demo);
        var first = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output;
        var runId = first[0].Prop<long>("RunId");
        Assert.NotEmpty(b.Moves());
        var undo = b.Run($"Undo-AttendanceRun -RunId {runId} -Confirm:$false").ShouldSucceed().Output;
        Assert.Equal(runId, Assert.Single(undo).Prop<long>("RunId"));
        Assert.Empty(b.Moves());
        Assert.Equal(0, b.Scalar("SELECT COUNT(*) FROM BackfillStudentState"));
    }

    [Fact]
    public void Realtime_and_batch_end_in_the_same_state_after_an_import_edits_CE_attendance()
    {
        // Two copies: realtime on and off; the same import changes CE time entries; then Validate on both.
        // The district clock reads the -AsOf time (12:00 in Los Angeles), so realtime's "today" is the runs' window end.
        using var clock = new ModuleClock(new DateTimeOffset(2025, 12, 19, 20, 0, 0, TimeSpan.Zero));
        using var on = new BackfillSession(demo, "on.db");
        using var off = new BackfillSession(demo, "off.db");
        // Each copy exports its own package (so the import keeps its preferences), edited the same way.
        foreach (var (b, realtime) in new[] { (on, "$true"), (off, "$false") })
        {
            b.Run($"Set-BackfillPreference -School 401 -RealtimeEnabled {realtime} -Confirm:$false").ShouldSucceed();
            b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
            b.Run($"Export-AttendanceData -Path '{b.Session.PathIn("export")}'").ShouldSucceed();
            EditCeAttendance(b.Session.PathIn("export"));
        }
        on.Run($"Import-AttendanceData -Path '{on.Session.PathIn("export")}' -Confirm:$false").ShouldSucceed();
        off.Run($"Import-AttendanceData -Path '{off.Session.PathIn("export")}' -Confirm:$false").ShouldSucceed();
        Assert.Equal(1, on.Scalar("SELECT COUNT(*) FROM RunLog WHERE Scope LIKE 'Realtime:%'"));
        Assert.Equal(0, off.Scalar("SELECT COUNT(*) FROM RunLog WHERE Scope LIKE 'Realtime:%'"));

        var onResults = on.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false -Verbose").ShouldSucceed();
        var offResults = off.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        Assert.Equal(on.Moves(), off.Moves());
        Assert.Contains(onResults.Verbose, v => v.Message.Contains("realtime backfill is on", StringComparison.Ordinal));
        // Realtime already recomputed the edited students: Validate finds no exception student.
        Assert.All(onResults.Output, o => Assert.Equal("Unchanged", o.Prop<string>("Reason")));
        Assert.Equal(offResults.Output.Count, onResults.Output.Count);
        Assert.Equal(off.Rows("SELECT StudentRef || BackfillStartDate || Fingerprint FROM BackfillStudentState ORDER BY 1"),
            on.Rows("SELECT StudentRef || BackfillStartDate || Fingerprint FROM BackfillStudentState ORDER BY 1"));
    }

    /// <summary>Adds 90 minutes to the first time entries of school 401 in November and December 2025.</summary>
    private static void EditCeAttendance(string folder)
    {
        var file = Path.Combine(folder, "attendanceTime.csv");
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        int school = Array.IndexOf(header, "SchoolId"), date = Array.IndexOf(header, "Date"), minutes = Array.IndexOf(header, "Minutes");
        var edited = 0;
        for (var i = 1; i < lines.Length && edited < 6; i++)
        {
            var f = lines[i].Split(',');
            if (f[school] != "401" || string.CompareOrdinal(f[date], "2025-11-01") < 0 || string.CompareOrdinal(f[date], "2025-12-19") > 0) continue;
            f[minutes] = (int.Parse(f[minutes], CultureInfo.InvariantCulture) + 90).ToString(CultureInfo.InvariantCulture);
            lines[i] = string.Join(',', f);
            edited++;
        }
        Assert.Equal(6, edited);
        File.WriteAllLines(file, lines);
    }
}
