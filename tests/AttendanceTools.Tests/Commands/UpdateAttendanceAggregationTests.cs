using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Update-AttendanceAggregation through a real runspace on a small demo district (time zone America/Los_Angeles).</summary>
[Collection(ClockCollection.Name)]
public sealed partial class UpdateAttendanceAggregationTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    // Wednesday 2025-10-15 in Los Angeles (UTC−7 in October).
    private static readonly DateTimeOffset At1059 = new(2025, 10, 15, 17, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At1100 = new(2025, 10, 15, 18, 0, 0, TimeSpan.Zero);

    private (PsSession Session, string Store, ModuleClock Clock) Open(DateTimeOffset now)
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        var clock = new ModuleClock(now);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return (s, store, clock);
    }

    /// <summary>Runs <paramref name="work"/> with the module disconnected from the store, then connects again.</summary>
    private static T Offline<T>(PsSession s, string store, Func<T> work)
    {
        s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        try { return work(); }
        finally { s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed(); }
    }

    [Fact]
    public void A_manual_refresh_writes_one_result_per_calendar_with_the_batch_report_properties()
    {
        var (s, store, clock) = Open(At1059);
        using (s) using (clock)
        {
            var r = s.Run("Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false").ShouldSucceed();

            Assert.Equal(5, r.Output.Count); // the current year's five calendars (district office has none)
            foreach (var name in new[] { "School", "Calendar", "SchoolYear", "Mode", "CutoffDate", "DaysProcessed", "Students", "StudentDays",
                         "Inserted", "Updated", "Deleted", "Unchanged", "Duration", "Warnings" })
                Assert.NotNull(r.Output[0].Properties[name]);
            Assert.All(r.Output, o => Assert.Equal(("2025-26", "Manual", "2025-10-14"), (o.Prop<string>("SchoolYear"), o.Prop<string>("Mode"), o.Prop<DateTime>("CutoffDate").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
            var inserted = r.Output.Sum(o => o.Prop<long>("Inserted"));
            Assert.Equal(Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate")), inserted);
            Assert.Equal(0, Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate WHERE Date > 20251014")));
            Assert.Equal(r.Output.Sum(o => o.Prop<long>("StudentDays")), inserted);
        }
    }

    [Fact]
    public void At_11_00_district_time_today_is_included()
    {
        var (s, store, clock) = Open(At1100);
        using (s) using (clock)
        {
            var r = s.Run("Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false").ShouldSucceed();
            Assert.Equal(new DateTime(2025, 10, 15), Assert.Single(r.Output).Prop<DateTime>("CutoffDate"));
            Assert.True(Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251015")) > 0);
        }
    }

    [Fact]
    public void A_second_run_writes_nothing()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            s.Run("Update-AttendanceAggregation -School 'Pine Middle' -Confirm:$false").ShouldSucceed();
            var again = Assert.Single(s.Run("Update-AttendanceAggregation -School 'Pine Middle' -Confirm:$false").ShouldSucceed().Output);
            Assert.Equal((0, 0, 0), (again.Prop<int>("Inserted"), again.Prop<int>("Updated"), again.Prop<int>("Deleted")));
            Assert.True(again.Prop<int>("Unchanged") > 0);
        }
    }

    [Fact]
    public void WhatIf_writes_nothing_and_its_counts_are_the_real_runs()
    {
        var (s, store, clock) = Open(At1059);
        using (s) using (clock)
        {
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var whatIf = s.Run("Update-AttendanceAggregation -School 'Oak Elementary' -WhatIf").ShouldSucceed();

            Assert.Empty(whatIf.Output);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
            var lines = whatIf.HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, lines.Count); // Oak has two calendars: REG and KAM

            var real = s.Run("Update-AttendanceAggregation -School 'Oak Elementary' -Confirm:$false").ShouldSucceed();
            foreach (var result in real.Output)
            {
                var line = Assert.Single(lines, l => l.Contains($" {result.Prop<string>("Calendar")} 2025-26'", StringComparison.Ordinal));
                var m = Counts().Match(line);
                Assert.True(m.Success, line);
                Assert.Equal(result.Prop<int>("Inserted"), int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
                Assert.Equal(result.Prop<int>("Updated"), int.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
                Assert.Equal(result.Prop<int>("Deleted"), int.Parse(m.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            }
        }
    }

    [GeneratedRegex(@"([\d,]+) inserts, ([\d,]+) updates, ([\d,]+) deletes")]
    private static partial Regex Counts();

    [Fact]
    public void Preview_returns_the_plan_and_writes_nothing()
    {
        var (s, store, clock) = Open(At1059);
        using (s) using (clock)
        {
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var r = s.Run("Update-AttendanceAggregation -School 'Cedar High' -Preview").ShouldSucceed();
            var preview = Assert.Single(r.Output);
            Assert.True(preview.Prop<bool>("IsPreview"));
            Assert.True(preview.Prop<int>("Inserted") > 0);
            Assert.Null(preview.Prop("RunId"));
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
        }
    }

    [Fact]
    public void Calendars_pipe_in_by_property_name_and_keep_their_school()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            var r = s.Run("""
                @(Get-AttendanceCalendar -School 'Oak Elementary' -Name KAM -Active
                  [pscustomobject]@{ CalendarName = 'REG'; School = 'Redwood Continuation High'; SchoolYear = '2026' }) |
                    Update-AttendanceAggregation -Confirm:$false
                """).ShouldSucceed();
            Assert.Equal([("Oak Elementary", "KAM"), ("Redwood Continuation High", "REG")],
                r.Output.Select(o => (o.Prop<string>("School"), o.Prop<string>("Calendar"))).OrderBy(p => p.Item1));
        }
    }

    [Fact]
    public void Piped_schools_and_students_select_their_schools_not_a_calendar_named_after_them()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            var schools = s.Run("Get-AttendanceSchool -Name 'Pine Middle' | Update-AttendanceAggregation -Confirm:$false").ShouldSucceed();
            Assert.Equal("Pine Middle", Assert.Single(schools.Output).Prop<string>("School"));

            var students = s.Run("@(Get-AttendanceStudent -School 'Cedar High')[0..1] | Update-AttendanceAggregation -Confirm:$false").ShouldSucceed();
            var result = Assert.Single(students.Output);
            Assert.Equal(("Cedar High", 2), (result.Prop<string>("School"), result.Prop<int>("Students")));
        }
    }

    [Fact]
    public void A_name_that_matches_nothing_is_a_non_terminating_error_and_the_rest_runs()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            var r = s.Run("Update-AttendanceAggregation -Calendar REG, NOPE -School 'Cedar High' -Confirm:$false");

            Assert.Null(r.Terminating);
            var error = Assert.Single(r.Errors);
            Assert.Equal("CalendarNotFound,AttendanceTools.Commands.UpdateAttendanceAggregationCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("NOPE", error.TargetObject);
            Assert.Equal("REG", Assert.Single(r.Output).Prop<string>("Calendar"));
        }
    }

    [Fact]
    public void The_change_guard_stops_the_run_with_a_terminating_error_and_writes_nothing()
    {
        var (s, store, clock) = Open(At1059);
        using (s) using (clock)
        {
            s.Run("Update-AttendanceAggregation -School 'Cedar High' -MaxChangePercent 0 -Confirm:$false").ShouldSucceed(); // first load: not guarded
            var before = Offline(s, store, () =>
            {
                DemoTemplate.Execute(store, "UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'");
                return DemoTemplate.Checksum(store);
            });

            // Terminating: the try block's next statement never runs.
            var r = s.Run("try { Update-AttendanceAggregation -School 'Cedar High' -MaxChangePercent 0 -Confirm:$false -ErrorAction Stop; 'went on' } catch { throw }");

            Assert.NotNull(r.Terminating);
            Assert.Empty(r.Output);
            Assert.StartsWith("ChangeThresholdExceeded", r.ErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.LimitsExceeded, r.FirstError!.CategoryInfo.Category);
            Assert.Equal("DayAggregate", r.FirstError.TargetObject);
            Assert.NotNull(r.FirstError.ErrorDetails?.RecommendedAction);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
        }
    }

    [Fact]
    public void With_no_scope_it_is_the_nightly_run()
    {
        // Thursday 2025-10-16, 03:45 in Los Angeles.
        var (s, _, clock) = Open(new DateTimeOffset(2025, 10, 16, 10, 45, 0, TimeSpan.Zero));
        using (s) using (clock)
        {
            var first = s.Run("Update-AttendanceAggregation -Confirm:$false").ShouldSucceed();
            Assert.Equal(5, first.Output.Count);
            Assert.All(first.Output, o => Assert.Equal(("Nightly", new DateTime(2025, 10, 15)), (o.Prop<string>("Mode"), o.Prop<DateTime>("CutoffDate"))));

            clock.Fake.Advance(TimeSpan.FromDays(1)); // Friday 03:45: the pass adds Thursday only
            var next = s.Run("Update-AttendanceAggregation -Nightly -Confirm:$false").ShouldSucceed();
            Assert.All(next.Output, o => Assert.Equal(1, o.Prop<int>("DaysProcessed")));
            Assert.All(next.Output, o => Assert.Equal((0, 0), (o.Prop<int>("Updated"), o.Prop<int>("Deleted"))));
        }
    }

    [Fact]
    public void Progress_ends_completed_and_verbose_says_what_was_written()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            var r = s.Run("Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false -Verbose").ShouldSucceed();
            Assert.NotEmpty(r.Progress);
            foreach (var activity in r.Progress.GroupBy(p => p.ActivityId))
                Assert.Equal(ProgressRecordType.Completed, activity.Last().RecordType);
            Assert.Contains(r.Verbose, v => v.Message.StartsWith("Wrote ", StringComparison.Ordinal) && v.Message.Contains("day aggregates", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Without_a_store_it_says_what_to_run()
    {
        using var s = new PsSession();
        var r = s.Run("Update-AttendanceAggregation -Confirm:$false");
        Assert.StartsWith("StoreNotConnected", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains("Connect-AttendanceStore", r.FirstError!.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_school_year_is_refused_naming_the_value()
    {
        var (s, _, clock) = Open(At1059);
        using (s) using (clock)
        {
            var r = s.Run("Update-AttendanceAggregation -SchoolYear 'next year' -Confirm:$false");
            Assert.StartsWith("SchoolYearInvalid", r.ErrorId, StringComparison.Ordinal);
            Assert.Equal("next year", r.FirstError!.TargetObject);
        }
    }
}
