using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Connects this session to an existing attendance store: a SQLite file, or a PostgreSQL or SQL Server database.</para>
/// <para type="description">The file must be an AttendanceTools store: a missing file is StoreNotFound (New-AttendanceStore creates stores),
/// any other file StoreNotRecognized. A store whose file cannot be written connects with a StoreReadOnly warning. A server store
/// (-Provider PostgreSql or SqlServer with -ConnectionString) is never changed on connect: a database without the schema is
/// StoreSchemaMissing unless -Initialize creates it, an older schema StoreSchemaOutdated until Update-AttendanceStoreSchema upgrades it.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "AttendanceStore", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Base + "Connect-AttendanceStore.md")]
[OutputType(typeof(AttendanceStore))]
public sealed class ConnectAttendanceStoreCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string ServerSet = "ConnectionString";

    /// <summary>The SQLite store file; a relative path resolves against the current location. An older store is upgraded; a missing file is an error (create stores with New-AttendanceStore).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The store engine: Sqlite (a file; -ConnectionString then names it with Data Source=), PostgreSql or SqlServer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ServerSet)]
    [ValidateSet("Sqlite", "SqlServer", "PostgreSql")]
    public string Provider { get; set; } = "";

    /// <summary>
    /// The connection string, passed to the driver untouched (any authentication it names works, managed identity included).
    /// A password in it never appears in output, errors or the run log.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ServerSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    /// <summary>A login (user name and password) that replaces the one in the connection string (a SQL Server login, a PostgreSQL role).</summary>
    [Parameter(ParameterSetName = ServerSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Create the store's schema in an empty database, or upgrade an older one. Without it a server store is never changed on connect.</summary>
    [Parameter(ParameterSetName = ServerSet)]
    public SwitchParameter Initialize { get; set; }

    /// <summary>Open the store read-only: every command that writes fails, and nothing is created or upgraded.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <summary>Write the store object to the pipeline (to pass to -Store later).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var full = ParameterSetName == ServerSet ? Provider : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            var store = ParameterSetName == ServerSet
                ? StoreOpener.OpenServer(Enum.Parse<StoreProvider>(Provider, ignoreCase: true), ConnectionString, Credential?.GetNetworkCredential(), ReadOnly, Initialize, new CmdletObserver(this), SessionState)
                : StoreOpener.Open(full, ReadOnly, createIfMissing: false, new CmdletObserver(this));
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
