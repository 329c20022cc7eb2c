using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Creates an empty attendance store file with the current schema, and connects the session to it.</para>
/// <para type="description">The only command that creates a store: Connect-AttendanceStore never does, so a mistyped path is an error
/// instead of a new, empty district. An existing file is refused unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AttendanceStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "New-AttendanceStore.md")]
[OutputType(typeof(StoreInfo))]
public sealed class NewAttendanceStoreCommand : PSCmdlet
{
    /// <summary>The SQLite store file to create; a relative path resolves against the current location. Its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Replace the file when it already exists (its data is lost).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Create the store without connecting this session to it.</summary>
    [Parameter]
    public SwitchParameter NoConnect { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var replaces = File.Exists(full);
        var what = $"Create the attendance store '{full}'{(replaces && Force ? "; replaces the existing file and its data" : "")}.";
        if (!ShouldProcess(what, $"{what} Continue?", "New-AttendanceStore")) return;
        var observer = new CmdletObserver(this);
        try
        {
            WritePointPause.InstallFromEnvironment();
            var store = AttendanceStore.CreateSqlite(full, Force, new StoreOpenOptions { Clock = TestHooks.EffectiveClock, Observer = observer });
            if (!NoConnect)
            {
                SessionStore.Set(store);
                WriteVerbose($"Connected to {store.Provider} store '{store.Location}' (schema version {store.SchemaVersion}).");
            }
            WriteObject(OutputShape.For(StoreInfo.Read(store)));
        }
        catch (AttendanceException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(ex, full));
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(new AttendanceException("StoreAlreadyExists", FailureKind.AlreadyExists,
                $"The existing file '{full}' could not be replaced: {ex.Message}", full, "Close the program that has it open, or choose another path.", ex), full));
        }
    }
}
