using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>
/// Sync-AttendanceBridge on the demo district. Cedar High switched from Daily to Meeting attendance on
/// 2026-01-05 (one-way bridge): from then on its daily records are missing, the gap the sync fills.
/// </summary>
[Collection(ClockCollection.Name)]
public sealed class SyncAttendanceBridgeTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private const string Cedar = "Sync-AttendanceBridge -School 'Cedar High' -Direction MeetingToDaily -AsOf 2026-03-31";

    private (PsSession Session, string Store) Open()
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return (s, store);
    }

    private static T Offline<T>(PsSession s, string store, Func<T> work)
    {
        s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        try { return work(); }
        finally { s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed(); }
    }

    private const string SyncRows = "SELECT COUNT(*) FROM DailyAttendance WHERE Origin = 'Sync'";

    [Fact]
    public void The_switcher_school_has_a_gap_the_sync_fills_once_and_undo_takes_back()
    {
        var (s, store) = Open();
        using (s)
        {
            var preview = Assert.Single(s.Run(Cedar + " -Preview").ShouldSucceed().Output);
            Assert.Equal((new DateTime(2026, 1, 5), new DateTime(2026, 3, 31)), (preview.Prop<DateTime>("From"), preview.Prop<DateTime>("To")));
            Assert.True(preview.Prop<int>("Created") > 0);

            var first = Assert.Single(s.Run(Cedar + " -Confirm:$false").ShouldSucceed().Output);
            Assert.Equal((preview.Prop<int>("Created"), preview.Prop<int>("AlreadyPresent"), preview.Prop<int>("DaysProcessed")),
                (first.Prop<int>("Created"), first.Prop<int>("AlreadyPresent"), first.Prop<int>("DaysProcessed")));
            Assert.Equal(first.Prop<int>("Created"), Offline(s, store, () => DemoTemplate.Scalar(store, SyncRows)));

            var second = Assert.Single(s.Run(Cedar + " -Confirm:$false").ShouldSucceed().Output);
            Assert.Equal((0, first.Prop<int>("Created") + first.Prop<int>("AlreadyPresent")), (second.Prop<int>("Created"), second.Prop<int>("AlreadyPresent")));

            var undo = Assert.Single(s.Run("Undo-AttendanceRun -RunId $id -Confirm:$false", new Dictionary<string, object?> { ["id"] = first.Prop<long>("RunId") }).ShouldSucceed().Output);
            Assert.Equal((first.Prop<int>("Created"), 0), (undo.Prop<int>("Restored"), undo.Prop<int>("Kept")));
            Assert.Equal(0, Offline(s, store, () => DemoTemplate.Scalar(store, SyncRows)));
        }
    }

    [Fact]
    public void Undo_keeps_a_synced_record_changed_since()
    {
        var (s, store) = Open();
        using (s)
        {
            var run = Assert.Single(s.Run(Cedar + " -Confirm:$false").ShouldSucceed().Output);
            Offline(s, store, () =>
            {
                DemoTemplate.Execute(store, "UPDATE DailyAttendance SET CodeRef = (SELECT CodeRef FROM AttendanceCode c WHERE c.SchoolRef = DailyAttendance.SchoolRef AND c.SchoolYear = 2026 AND c.Code = 'SUS') " +
                                            "WHERE (SchoolRef, Date, StudentRef) = (SELECT SchoolRef, Date, StudentRef FROM DailyAttendance WHERE Origin = 'Sync' ORDER BY Date, StudentRef LIMIT 1)");
                return 0;
            });
            var undo = Assert.Single(s.Run("Undo-AttendanceRun -RunId $id -Confirm:$false", new Dictionary<string, object?> { ["id"] = run.Prop<long>("RunId") }).ShouldSucceed().Output);
            Assert.Equal((run.Prop<int>("Created") - 1, 1), (undo.Prop<int>("Restored"), undo.Prop<int>("Kept")));
            Assert.Equal(1, Offline(s, store, () => DemoTemplate.Scalar(store, SyncRows)));
        }
    }

    [Fact]
    public void WhatIf_writes_nothing_and_states_the_real_runs_counts()
    {
        var (s, store) = Open();
        using (s)
        {
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var whatIf = s.Run(Cedar + " -WhatIf").ShouldSucceed();
            Assert.Empty(whatIf.Output);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
            var real = Assert.Single(s.Run(Cedar + " -Confirm:$false").ShouldSucceed().Output);
            Assert.Contains(whatIf.HostLines, l => l.Contains($"create {real.Prop<int>("Created"):N0} records in DailyAttendance", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Detailed_writes_one_row_per_day_with_the_same_counts()
    {
        var (s, _) = Open();
        using (s)
        {
            var total = Assert.Single(s.Run(Cedar + " -Preview").ShouldSucceed().Output);
            var days = s.Run(Cedar + " -Preview -Detailed").ShouldSucceed().Output;
            Assert.Equal(total.Prop<int>("DaysProcessed"), days.Count);
            Assert.Equal(total.Prop<int>("Created"), days.Sum(d => d.Prop<int>("Created")));
            Assert.Equal(new DateTime(2026, 1, 5), days[0].Prop<DateTime>("Date"));
        }
    }

    [Fact]
    public void A_pipeline_of_schools_is_one_run_each_and_a_refused_school_does_not_stop_the_others_each_with_its_first_failed_precondition()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run("Get-AttendanceSchool | Sync-AttendanceBridge -Direction DailyToMeeting -AsOf 2025-10-31 -Preview");
            var result = Assert.Single(r.Output);
            Assert.Equal(("Pine Middle", "DailyToMeeting"), (result.Prop<string>("School"), result.Prop<string>("Direction")));
            Assert.Equal(["BridgeDateRangeInvalid Cedar High", "BridgeDistrictOffice Sierra Vista USD District Office", "BridgeNotConfigured Oak Elementary", "BridgeNotConfigured Redwood Continuation High"],
                r.Errors.Select(e => $"{e.FullyQualifiedErrorId.Split(',')[0]} {e.TargetObject}").Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public void A_bell_schedule_without_a_bridge_period_refuses_the_run_naming_it_and_its_first_date()
    {
        var (s, store) = Open();
        using (s)
        {
            Offline(s, store, () =>
            {
                DemoTemplate.Execute(store, "UPDATE BellSchedule SET BridgePeriodName = NULL WHERE BellScheduleName = 'Block Even'");
                return 0;
            });
            var before = Offline(s, store, () => DemoTemplate.Checksum(store));
            var r = s.Run(Cedar + " -Confirm:$false");
            Assert.Empty(r.Output);
            Assert.StartsWith("BridgePeriodMissing,", r.ErrorId, StringComparison.Ordinal);
            Assert.Equal("Block Even", r.FirstError!.TargetObject);
            Assert.Matches(@"^Cedar High: bell schedule 'Block Even' \(first used 2026-01-\d\d\) has no bridge period\.$", r.FirstError.Exception.Message);
            Assert.Equal(before, Offline(s, store, () => DemoTemplate.Checksum(store)));
        }
    }
}
