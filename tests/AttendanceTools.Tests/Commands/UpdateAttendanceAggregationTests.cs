using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Update-AttendanceAggregation through a real runspace on a small demo district (time zone America/Los_Angeles).</summary>
public sealed partial class UpdateAttendanceAggregationTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    // Wednesday 2025-10-15, district (Los Angeles) wall-clock time: every run says when it runs with -AsOf.
    private const string At1059 = "-AsOf 2025-10-15T10:59", At1100 = "-AsOf 2025-10-15T11:00";

    private (PsSession Session, string Store) Open()
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return (s, store);
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
        var (s, store) = Open();
        using (s)
        {
            var r = s.Run($"Update-AttendanceAggregation -SchoolYear 2025-26 {At1059} -Confirm:$false").ShouldSucceed();

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
        var (s, store) = Open();
        using (s)
        {
            var r = s.Run($"Update-AttendanceAggregation -School 'Cedar High' {At1100} -Confirm:$false").ShouldSucceed();
            Assert.Equal(new DateTime(2025, 10, 15), Assert.Single(r.Output).Prop<DateTime>("CutoffDate"));
            Assert.True(Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251015")) > 0);
        }
    }

    [Fact]
    public void A_second_run_writes_nothing()
    {
        var (s, _) = Open();
        using (s)
        {
            s.Run($"Update-AttendanceAggregation -School 'Pine Middle' {At1059} -Confirm:$false").ShouldSucceed();
            var again = Assert.Single(s.Run($"Update-AttendanceAggregation -School 'Pine Middle' {At1059} -Confirm:$false").ShouldSucceed().Output);
            Assert.Equal((0, 0, 0), (again.Prop<int>("Inserted"), again.Prop<int>("Updated"), again.Prop<int>("Deleted")));
            Assert.True(again.Prop<int>("Unchanged") > 0);
        }
    }

    [Fact]
    public void WhatIf_writes_nothing_and_its_counts_are_the_real_runs()
    {
        var (s, store) = Open();
        using (s)
        {
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var whatIf = s.Run($"Update-AttendanceAggregation -School 'Oak Elementary' {At1059} -WhatIf").ShouldSucceed();

            Assert.Empty(whatIf.Output);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
            var lines = whatIf.HostLines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, lines.Count); // Oak has two calendars: REG and KAM

            var real = s.Run($"Update-AttendanceAggregation -School 'Oak Elementary' {At1059} -Confirm:$false").ShouldSucceed();
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
        var (s, store) = Open();
        using (s)
        {
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var r = s.Run($"Update-AttendanceAggregation -School 'Cedar High' {At1059} -Preview").ShouldSucceed();
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
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run("""
                @(Get-AttendanceCalendar -School 'Oak Elementary' -Name KAM -Active
                  [pscustomobject]@{ CalendarName = 'REG'; School = 'Redwood Continuation High'; SchoolYear = '2026' }) |
                    Update-AttendanceAggregation -AsOf 2025-10-15T10:59 -Confirm:$false
                """).ShouldSucceed();
            Assert.Equal([("Oak Elementary", "KAM"), ("Redwood Continuation High", "REG")],
                r.Output.Select(o => (o.Prop<string>("School"), o.Prop<string>("Calendar"))).OrderBy(p => p.Item1));
        }
    }

    [Fact]
    public void Piped_schools_and_students_select_their_schools_not_a_calendar_named_after_them()
    {
        var (s, _) = Open();
        using (s)
        {
            var schools = s.Run("Get-AttendanceSchool -Name 'Pine Middle' | Update-AttendanceAggregation -AsOf 2025-10-15T10:59 -Confirm:$false").ShouldSucceed();
            Assert.Equal("Pine Middle", Assert.Single(schools.Output).Prop<string>("School"));

            var students = s.Run("@(Get-AttendanceStudent -School 'Cedar High')[0..1] | Update-AttendanceAggregation -AsOf 2025-10-15T10:59 -Confirm:$false").ShouldSucceed();
            var result = Assert.Single(students.Output);
            Assert.Equal(("Cedar High", 2), (result.Prop<string>("School"), result.Prop<int>("Students")));
        }
    }

    [Fact]
    public void Every_school_piped_in_refreshes_the_schools_with_calendars_and_skips_the_district_office_with_a_verbose_line()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run($"Get-AttendanceSchool | Update-AttendanceAggregation {At1059} -WhatIf -Verbose").ShouldSucceed();

            Assert.Empty(r.Errors);
            Assert.Contains("Skipped the school '001': it has no calendar in this scope (a district office, for example), so there is nothing to refresh.",
                r.Verbose.Select(v => v.Message));
            var calendars = r.HostLines.Where(l => l.StartsWith("What if: Update attendance aggregation of calendar", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, calendars.Count);   // Cedar High, Oak Elementary (KAM, REG), Pine Middle, Redwood Continuation High

            // Named on the command line, a school without a calendar is still an error: it is not what was asked for.
            var named = s.Run($"Update-AttendanceAggregation -School 001 {At1059} -WhatIf");
            Assert.Equal("SchoolNotFound,AttendanceTools.Commands.UpdateAttendanceAggregationCommand", named.ErrorId);
        }
    }

    [Fact]
    public void A_name_that_matches_nothing_is_a_non_terminating_error_and_the_rest_runs()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run($"Update-AttendanceAggregation -Calendar REG, NOPE -School 'Cedar High' {At1059} -Confirm:$false");

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
        var (s, store) = Open();
        using (s)
        {
            s.Run($"Update-AttendanceAggregation -School 'Cedar High' -MaxChangePercent 0 {At1059} -Confirm:$false").ShouldSucceed(); // first load: not guarded
            var before = Offline(s, store, () =>
            {
                DemoTemplate.Execute(store, "UPDATE AttendanceCode SET Excuse = 'Excused' WHERE Code = 'U'");
                return DemoTemplate.Checksum(store);
            });

            // Terminating: the try block's next statement never runs.
            var r = s.Run("try { Update-AttendanceAggregation -School 'Cedar High' -MaxChangePercent 0 -AsOf 2025-10-15T10:59 -Confirm:$false -ErrorAction Stop; 'went on' } catch { throw }");

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
    public void With_no_scope_it_is_the_nightly_run_and_AsOf_replays_the_next_night()
    {
        var (s, store) = Open();
        using (s)
        {
            // Thursday 2025-10-16, 03:45 in Los Angeles.
            var first = s.Run("Update-AttendanceAggregation -AsOf 2025-10-16T03:45 -Confirm:$false").ShouldSucceed();
            Assert.Equal(5, first.Output.Count);
            Assert.All(first.Output, o => Assert.Equal(("Nightly", new DateTime(2025, 10, 15)), (o.Prop<string>("Mode"), o.Prop<DateTime>("CutoffDate"))));

            var next = s.Run("Update-AttendanceAggregation -Nightly -AsOf 2025-10-17T03:45 -Confirm:$false").ShouldSucceed(); // Friday: the pass adds Thursday only
            Assert.All(next.Output, o => Assert.Equal((new DateTime(2025, 10, 16), 1, 0, 0), (o.Prop<DateTime>("CutoffDate"), o.Prop<int>("DaysProcessed"), o.Prop<int>("Updated"), o.Prop<int>("Deleted"))));
            Assert.Equal(Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM DayAggregate WHERE Date = 20251016")), next.Output.Sum(o => o.Prop<long>("Inserted")));
        }
    }

    [Fact]
    public void AsOf_as_a_UTC_instant_is_read_in_the_district_zone()
    {
        var (s, _) = Open();
        using (s)
        {
            // 18:00 UTC is 11:00 in Los Angeles: today is included (C11); 17:59 UTC is 10:59: it is not.
            var at1100 = s.Run("Update-AttendanceAggregation -School 'Cedar High' -AsOf ([datetime]::SpecifyKind([datetime]'2025-10-15T18:00', 'Utc')) -Preview").ShouldSucceed();
            var at1059 = s.Run("Update-AttendanceAggregation -School 'Cedar High' -AsOf ([datetime]::SpecifyKind([datetime]'2025-10-15T17:59', 'Utc')) -Preview").ShouldSucceed();
            Assert.Equal(new DateTime(2025, 10, 15), Assert.Single(at1100.Output).Prop<DateTime>("CutoffDate"));
            Assert.Equal(new DateTime(2025, 10, 14), Assert.Single(at1059.Output).Prop<DateTime>("CutoffDate"));
        }
    }

    [Fact]
    public void Under_a_lock_that_disables_scheduled_tasks_the_nightly_warns_ScheduledTasksDisabled_writes_nothing_and_succeeds()
    {
        var (s, store) = Open();
        using (s)
        {
            var before = Offline(s, store, () =>
            {
                DemoTemplate.Execute(store, "INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'ops', '2026-06-20T20:00:00.000Z', 'year end', 1, 'tok')");
                return DemoTemplate.Checksum(store);
            });

            var r = s.Run("Update-AttendanceAggregation -Nightly -AsOf 2025-10-16T03:45 -Confirm:$false").ShouldSucceed();

            Assert.Empty(r.Output);
            var warning = Assert.Single(r.Warnings);
            Assert.EndsWith("[ScheduledTasksDisabled]", warning.Message, StringComparison.Ordinal);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
            Assert.Equal(0, Offline(s, store, () => DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RunLog WHERE Operation = 'Aggregation'")));
        }
    }

    [Fact]
    public void A_store_without_a_time_zone_warns_TimeZoneNotSet_on_every_run()
    {
        var (s, store) = Open();
        using (s)
        {
            Offline(s, store, () => { DemoTemplate.Execute(store, "DELETE FROM Setting WHERE Name = 'TimeZone'"); return 0; });

            var preview = s.Run($"Update-AttendanceAggregation -School 'Pine Middle' {At1059} -Preview").ShouldSucceed();
            var run = s.Run($"Update-AttendanceAggregation -School 'Pine Middle' {At1059} -Confirm:$false").ShouldSucceed();

            Assert.Equal(new DateTime(2025, 10, 14), Assert.Single(run.Output).Prop<DateTime>("CutoffDate")); // wall-clock -AsOf needs no zone
            Assert.Contains(preview.Warnings, w => w.Message.EndsWith("[TimeZoneNotSet]", StringComparison.Ordinal) && w.Message.Contains("Set-AttendanceStore -TimeZone", StringComparison.Ordinal));
            Assert.Contains(run.Warnings, w => w.Message.EndsWith("[TimeZoneNotSet]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Progress_ends_completed_and_verbose_says_what_was_written()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run($"Update-AttendanceAggregation -School 'Cedar High' {At1059} -Confirm:$false -Verbose").ShouldSucceed();
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
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run($"Update-AttendanceAggregation -SchoolYear 'next year' {At1059} -Confirm:$false");
            Assert.StartsWith("SchoolYearInvalid", r.ErrorId, StringComparison.Ordinal);
            Assert.Equal("next year", r.FirstError!.TargetObject);
        }
    }
}
