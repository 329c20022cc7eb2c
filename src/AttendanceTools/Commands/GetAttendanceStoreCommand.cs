using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Shows the connected attendance store: provider, path, schema version, row counts and lock state.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceStore", HelpUri = HelpLinks.Base + "Get-AttendanceStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class GetAttendanceStoreCommand : StoreCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() => WriteObject(StoreInfo.Read(store)));
    }
}
