using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Connects this session to an attendance store, creating and upgrading it when needed.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "AttendanceStore", DefaultParameterSetName = PathSet)]
[OutputType(typeof(AttendanceStore))]
public sealed class ConnectAttendanceStoreCommand : PSCmdlet
{
    private const string PathSet = "Path";

    /// <summary>The SQLite store file. A missing file is created with the current schema; an older store is upgraded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Open the store read-only: every command that writes fails, and nothing is created or upgraded.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <summary>Write the store object to the pipeline (to pass to -Store later).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            var store = StoreOpener.Open(full, ReadOnly, createIfMissing: !ReadOnly, new CmdletObserver(this));
            SessionStore.Set(store);
            WriteVerbose($"Connected to {store.Provider} store '{store.Location}' (schema version {store.SchemaVersion}{(store.IsReadOnly ? ", read-only" : "")}).");
            if (PassThru) WriteObject(store);
        }
        catch (Engine.AttendanceException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(ex, full));
        }
    }
}
