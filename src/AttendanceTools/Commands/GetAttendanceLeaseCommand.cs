using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the writer leases the store holds: which run (user, host, process) holds each, since when, until when, and whether it is still valid.</para>
/// <para type="description">A lease whose holder process no longer runs on this host shows State HolderGone; one not renewed in time shows
/// Expired. The next run takes either over by itself; Remove-AttendanceLease clears one by hand.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceLease", HelpUri = HelpLinks.Base + "Get-AttendanceLease.md")]
[OutputType(typeof(LeaseInfo))]
public sealed class GetAttendanceLeaseCommand : StoreCmdlet
{
    /// <summary>Lease names (Store is the writers' lease); wildcards are allowed. Default: every lease.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Name { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var leases = LeaseInfo.Read(store);
            foreach (var lease in leases.Where(l => Name.Length == 0 || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(l.Name))))
                WriteObject(lease);
            foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !leases.Any(l => string.Equals(l.Name, n, StringComparison.OrdinalIgnoreCase))))
                WriteErrorFor(new AttendanceException("LeaseNotFound", FailureKind.NotFound, $"The store '{store.Location}' holds no lease named '{name}'.", name,
                    "Run Get-AttendanceLease without -Name to see the leases the store holds; a lease exists only while a run writes."));
            WriteVerbose($"The store '{store.Location}' holds {leases.Count} lease(s).");
        });
    }
}
