using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Connects this session to an existing attendance store, upgrading its schema when needed.</para>
/// <para type="description">The file must be an AttendanceTools store: a missing file is StoreNotFound (New-AttendanceStore creates stores),
/// any other file StoreNotRecognized. A store whose file cannot be written connects with a StoreReadOnly warning.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "AttendanceStore", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Base + "Connect-AttendanceStore.md")]
[OutputType(typeof(AttendanceStore))]
public sealed class ConnectAttendanceStoreCommand : PSCmdlet
{
    private const string PathSet = "Path";

    /// <summary>The SQLite store file; a relative path resolves against the current location. An older store is upgraded; a missing file is an error (create stores with New-AttendanceStore).</summary>
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
            var store = StoreOpener.Open(full, ReadOnly, createIfMissing: false, new CmdletObserver(this));
            SessionStore.Set(store);
            WriteVerbose($"Connected to {store.Provider} store '{store.Location}' (schema version {store.SchemaVersion}{(store.IsReadOnly ? ", read-only" : store.IsWriteProtected ? ", write-protected" : "")}).");
            if (PassThru) WriteObject(store);
        }
        catch (Engine.AttendanceException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(ex, full));
        }
    }
}
