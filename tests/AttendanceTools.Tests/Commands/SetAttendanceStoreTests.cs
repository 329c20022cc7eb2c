using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Set-AttendanceStore -TimeZone: the district clock's zone, explicit and logged.</summary>
public sealed class SetAttendanceStoreTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private static (PsSession Session, string Store) Fresh()
    {
        var s = new PsSession();
        var db = s.PathIn("fresh.db");
        s.Run("$null = New-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        return (s, db);
    }

    [Fact]
    public void Sets_the_zone_that_Get_AttendanceStore_shows_and_logs_the_change()
    {
        var (s, db) = Fresh();
        using (s)
        {
            var info = Assert.Single(s.Run("Set-AttendanceStore -TimeZone America/Chicago -PassThru -Confirm:$false -Verbose").ShouldSucceed().Output);

            Assert.Equal("America/Chicago", info.Prop<string>("TimeZone"));
            Assert.Equal("America/Chicago", Assert.Single(s.Run("Get-AttendanceStore").ShouldSucceed().Output).Prop<string>("TimeZone"));
            var run = Assert.Single(s.Run("Get-AttendanceRun -Operation StoreSettings").ShouldSucceed().Output);
            Assert.Equal(("TimeZone", 1L), (run.Prop<string>("Scope"), run.Prop<long>("Updated")));
            Assert.Equal(1, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM Setting WHERE Name = 'TimeZone' AND Value = 'America/Chicago'"));
        }
    }

    [Fact]
    public void Setting_the_same_zone_again_writes_nothing()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder); // the demo district runs on America/Los_Angeles
        var r = s.Run("Connect-AttendanceStore -Path $db; Set-AttendanceStore -TimeZone America/Los_Angeles -Confirm:$false -Verbose",
            new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        Assert.Contains(r.Verbose, v => v.Message.Contains("already is 'America/Los_Angeles'", StringComparison.Ordinal));
        Assert.Equal(0, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM RunLog WHERE Operation = 'StoreSettings'"));
    }

    [Fact]
    public void An_unknown_zone_is_refused_naming_it_and_nothing_changes()
    {
        var (s, db) = Fresh();
        using (s)
        {
            var r = s.Run("Set-AttendanceStore -TimeZone 'Mars/Olympus_Mons' -Confirm:$false");

            Assert.StartsWith("TimeZoneUnknown,", r.ErrorId, StringComparison.Ordinal);
            Assert.Equal("Mars/Olympus_Mons", r.FirstError!.TargetObject);
            Assert.Contains("IANA", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
            Assert.Equal(0, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM Setting WHERE Name = 'TimeZone'"));
        }
    }

    [Fact]
    public void WhatIf_names_the_old_and_new_zone_and_writes_nothing()
    {
        var (s, db) = Fresh();
        using (s)
        {
            var r = s.Run("Set-AttendanceStore -TimeZone America/Denver -WhatIf").ShouldSucceed();
            Assert.Contains(r.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("from (not set) to 'America/Denver'", StringComparison.Ordinal));
            Assert.Equal(0, DemoTemplate.Scalar(db, "SELECT COUNT(*) FROM Setting WHERE Name = 'TimeZone'"));
        }
    }

    [Fact]
    public void The_zone_binds_by_property_name_and_is_mandatory()
    {
        var (s, _) = Fresh();
        using (s)
        {
            var piped = s.Run("[pscustomobject]@{ TimeZone = 'Europe/Lisbon' } | Set-AttendanceStore -Confirm:$false -PassThru").ShouldSucceed();
            Assert.Equal("Europe/Lisbon", Assert.Single(piped.Output).Prop<string>("TimeZone"));
            var command = (CmdletInfo)s.Run("Get-Command Set-AttendanceStore").ShouldSucceed().Output[0].BaseObject;
            Assert.True(command.Parameters["TimeZone"].Attributes.OfType<ParameterAttribute>().Single().Mandatory);
        }
    }
}
