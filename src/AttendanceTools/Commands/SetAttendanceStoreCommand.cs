using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Changes store-wide settings of the connected attendance store: the district's time zone.</para>
/// <para type="description">The district's time zone decides "today", the nightly run's "yesterday" and the 11 AM rule of Update-AttendanceAggregation. An id this computer does not know is refused (TimeZoneUnknown); the change is recorded in the run log.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AttendanceStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Set-AttendanceStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class SetAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>The district's time zone: an IANA id (America/Los_Angeles) or a Windows id (Pacific Standard Time).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string TimeZone { get; set; } = "";

    /// <summary>The maintenance lock's token, when the store is locked for year end and this session did not take the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <summary>Return the store's settings (as Get-AttendanceStore shows them) after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            StoreSettings.EnsureKnownTimeZone(TimeZone);
            string? current;
            using (var c = store.OpenConnection()) current = StoreSettings.Get(c, StoreSettings.TimeZone);
            var change = $"the district time zone of store '{store.Location}' from {(current is null ? "(not set)" : $"'{current}'")} to '{TimeZone}'";
            if (ShouldProcess($"Set {change}.", $"Set {change}?", "Set-AttendanceStore"))
            {
                var previous = StoreSettings.SetTimeZone(store, TimeZone, LockToken);
                WriteVerbose(string.Equals(previous, TimeZone, StringComparison.Ordinal)
                    ? $"The district time zone of '{store.Location}' already is '{TimeZone}'; nothing was written."
                    : $"Set {change}.");
            }
            if (PassThru) WriteObject(StoreInfo.Read(store));
        });
    }
}
