using System.Management.Automation;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Copies a whole district from one attendance store into another, empty one: SQLite to a server and back.</para>
/// <para type="description">Every table of the store is copied row for row with its keys, so day aggregates, the run log, undo
/// journals and the nightly refresh's bookkeeping carry over. The destination must hold no data (StoreNotEmpty) and have the same
/// schema version; it is written in one transaction, and each table's row count is checked against the source's before the
/// transaction commits (StoreCopyCountMismatch otherwise: nothing is written). Backup files of a SQLite store stay beside it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "AttendanceStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Copy-AttendanceStore.md")]
[OutputType(typeof(StoreCopyResult))]
public sealed class CopyAttendanceStoreCommand : StoreCmdlet
{
    /// <summary>
    /// The store to copy into: the object Connect-AttendanceStore -PassThru returns (a server store), or the path of an
    /// empty SQLite store (New-AttendanceStore makes one). The source is -Store, else the session's store.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object Destination { get; set; } = null!;

    /// <summary>The maintenance lock's token, when the destination is locked for year end and this session did not take the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var source = ResolveStore();
        Guarded(() =>
        {
            var destination = StoreOpener.FromArgument(Destination, SessionState);
            if (destination.Provider == source.Provider && destination.Location == source.Location)
                throw new Engine.AttendanceException("StoreCopyToItself", Engine.FailureKind.InvalidArgument,
                    $"The source and the destination are the same store ('{source.Location}').", source.Location, "Give another store as -Destination.");
            var rows = StoreCopy.Count(source);
            var what = $"{Text.Count(rows.Values.Sum(), "row")} in {Text.Count(rows.Count, "table")} from the {source.Provider} store '{source.Location}' " +
                       $"to the {destination.Provider} store '{destination.Location}'";
            if (!ShouldProcess($"Copy {what}.", $"Copy {what}?", "Copy-AttendanceStore"))
            {
                WriteObject(new StoreCopyResult
                {
                    Source = source.Location, SourceProvider = source.Provider, Destination = destination.Location, DestinationProvider = destination.Provider,
                    Rows = rows, Duration = TimeSpan.Zero, WhatIf = true,
                });
                return;
            }
            WriteObject(StoreCopy.Copy(source, destination, LockToken, Observer, CancelToken));
        });
    }
}
