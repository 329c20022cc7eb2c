using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Removes a writer lease by hand, with an audit line (operation LeaseRemoved) in the run log.</para>
/// <para type="description">Without -Force only a lease nobody can still be using is removed (expired, or its holder process gone from this host);
/// a lease that is still valid, for example one held by a run on another host that this host cannot check, needs -Force.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsCommon.Remove, "AttendanceLease", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Remove-AttendanceLease.md")]
[OutputType(typeof(LeaseInfo))]
public sealed class RemoveAttendanceLeaseCommand : StoreCmdlet
{
    /// <summary>The lease to remove (Store is the writers' lease). Get-AttendanceLease output binds here.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = WriteProtocol.StoreLease;

    /// <summary>Also remove a lease that is still valid (its holder may still be writing: use only when that host or process is gone for good).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the removed lease to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var what = $"Remove the '{Name}' lease from the store '{store.Location}'{(Force ? " even if its holder may still be writing" : "")}.";
            if (!ShouldProcess(what, $"{what} Continue?", "Remove-AttendanceLease")) return;
            var removed = LeaseInfo.Remove(store, Name, Force, Observer);
            if (PassThru) WriteObject(removed);
        });
    }
}
