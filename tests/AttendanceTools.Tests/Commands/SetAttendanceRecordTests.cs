using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>
/// Set-AttendanceRecord on the demo district: Cedar High records Meeting attendance with a one-way
/// bridge (bell schedule Regular on Tuesday 2025-10-14, bridge period P1, 08:00–14:50), Pine Middle
/// Daily with a two-way bridge. Students 100075 (Cedar) and 100051 (Pine) have no marks that day.
/// </summary>
[Collection(ClockCollection.Name)]
public sealed class SetAttendanceRecordTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private (PsSession Session, string Store) Open()
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return (s, store);
    }

    private static PSObject One(PsSession s, string script) => Assert.Single(s.Run(script).ShouldSucceed().Output);

    private static string Records(PsSession s, string student)
        => string.Join(" | ", s.Run($"Get-AttendanceRecord -StudentId {student} -From 2025-10-14 -To 2025-10-14").ShouldSucceed().Output
            .Select(o => $"{o.Prop<string>("Kind")} {o.Prop<string>("Period")} {o.Prop<string>("Code")} {(o.Prop("TimeIn") is TimeSpan t ? t.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture) : "")} {o.Prop<string>("Origin")}")
            .Select(x => System.Text.RegularExpressions.Regex.Replace(x, " +", " "))
            .Order(StringComparer.Ordinal));

    [Fact]
    public void BR4_one_way_row_by_row_through_the_cmdlets()
    {
        var (s, _) = Open();
        using (s)
        {
            var r1 = One(s, "Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Confirm:$false");
            Assert.Equal(("Created", "Meeting", "ENG9-P1-01", "OneWay", "Daily U created"),
                (r1.Prop<string>("Action"), r1.Prop<string>("Kind"), r1.Prop<string>("Section"), r1.Prop<string>("BridgeMode"), r1.Prop<string>("Bridged")));
            Assert.Equal("Daily U 08:00 LiveBridge | Meeting P1 U Entered", Records(s, "100075"));

            Assert.Equal("Daily T updated", One(s, "Set-AttendanceRecord 100075 2025-10-14 T -Period P1 -Confirm:$false").Prop<string>("Bridged"));
            Assert.Equal("Daily T 08:00 LiveBridge | Meeting P1 T Entered", Records(s, "100075"));

            var r3 = One(s, "Set-AttendanceRecord 100075 2025-10-14 ILL -Confirm:$false");
            Assert.Equal(("Daily", ""), (r3.Prop<string>("Kind"), r3.Prop<string>("Bridged")));
            Assert.Equal("Daily ILL 08:00 Entered | Meeting P1 T Entered", Records(s, "100075"));

            Assert.Equal("", One(s, "Set-AttendanceRecord 100075 2025-10-14 U -Period P3 -Confirm:$false").Prop<string>("Bridged"));
            Assert.Equal("Daily ILL 08:00 Entered | Meeting P1 T Entered | Meeting P3 U Entered", Records(s, "100075"));
        }
    }

    [Fact]
    public void Two_way_a_daily_mark_sets_the_bridge_period_only()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = One(s, "Set-AttendanceRecord -StudentId 100051 -Date 2025-10-14 -Code U -TimeIn 09:30 -Confirm:$false");
            Assert.Equal(("TwoWay", "Meeting ENG6-P1-01 P1 U created"), (r.Prop<string>("BridgeMode"), r.Prop<string>("Bridged")));
            Assert.Equal(TimeSpan.FromMinutes(570), r.Prop<TimeSpan>("TimeIn"));
            Assert.Equal("Daily U 09:30 Entered | Meeting P1 U LiveBridge", Records(s, "100051"));
        }
    }

    [Fact]
    public void WhatIf_writes_nothing_and_says_what_the_bridge_would_do()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -WhatIf").ShouldSucceed();
            Assert.Empty(r.Output);
            Assert.Contains(r.HostLines, l => l.Contains("Created meeting U of 100075 on 2025-10-14 at Cedar High in ENG9-P1-01 P1; bridge: Daily U created.", StringComparison.Ordinal));
            Assert.Equal("", Records(s, "100075"));
            var preview = One(s, "Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Preview");
            Assert.True(preview.Prop<bool>("IsPreview"));
            Assert.Equal("", Records(s, "100075"));
        }
    }

    [Fact]
    public void Piped_records_are_one_transaction_and_one_bad_record_refuses_all()
    {
        var (s, _) = Open();
        using (s)
        {
            var bad = s.Run("""
                @([pscustomobject]@{ StudentId = '100075'; Date = '2025-10-14'; Code = 'U'; Period = 'P3' }
                  [pscustomobject]@{ StudentId = '100076'; Date = '2025-10-14'; Code = 'NOPE'; Period = 'P3' }) | Set-AttendanceRecord -Confirm:$false
                """);
            Assert.StartsWith("AttendanceCodeNotFound,", bad.ErrorId, StringComparison.Ordinal);
            Assert.Contains("student 100076 on 2025-10-14", bad.FirstError!.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("", Records(s, "100075"));

            var good = s.Run("""
                @([pscustomobject]@{ StudentId = '100075'; Date = '2025-10-14'; Code = 'U'; Period = 'P3' }
                  [pscustomobject]@{ StudentId = '100076'; Date = '2025-10-14'; Code = 'U'; Period = 'P3' }) | Set-AttendanceRecord -Confirm:$false
                """).ShouldSucceed();
            Assert.Equal(2, good.Output.Count);
            Assert.Equal(good.Output[0].Prop<long>("RunId"), good.Output[1].Prop<long>("RunId"));
        }
    }

    [Fact]
    public void A_date_that_is_not_an_attendance_day_is_refused_naming_student_and_date()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-18 -Code U -Confirm:$false");
            Assert.StartsWith("NotAnAttendanceDay,", r.ErrorId, StringComparison.Ordinal);
            Assert.Contains("student 100075 on 2025-10-18", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_next_nightly_aggregation_refresh_sees_a_single_write()
    {
        var (s, _) = Open();
        using var clock = new ModuleClock(new DateTimeOffset(2025, 10, 15, 17, 59, 0, TimeSpan.Zero)); // 10:59 in Los Angeles: through 10-14
        using (s)
        {
            s.Run("Update-AttendanceAggregation -School 'Cedar High' -Confirm:$false").ShouldSucceed();
            int Absent() => s.Run("Get-AttendanceAggregation -School 'Cedar High' -From 2025-10-14 -To 2025-10-14 | Where-Object Student -eq '100075' | ForEach-Object AbsentMinutes")
                .ShouldSucceed().Output.Select(o => (int)o.BaseObject).Single();
            Assert.Equal(0, Absent());
            s.Run("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P3 -Code U -Confirm:$false").ShouldSucceed();
            s.Run("Update-AttendanceAggregation -Nightly -Confirm:$false").ShouldSucceed();
            Assert.Equal(55, Absent());
        }
    }
}
