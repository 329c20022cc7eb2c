using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Disconnects this session from its attendance store.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "AttendanceStore", HelpUri = HelpLinks.Base + "Disconnect-AttendanceStore.md")]
[OutputType(typeof(void))]
public sealed class DisconnectAttendanceStoreCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = SessionStore.Current;
        SessionStore.Set(null);
        if (store is null)
        {
            WriteVerbose("No store was connected.");
            return;
        }
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        AttendanceStore.ReleaseConnections();
        WriteVerbose($"Disconnected from '{store.Location}'.");
    }
}
