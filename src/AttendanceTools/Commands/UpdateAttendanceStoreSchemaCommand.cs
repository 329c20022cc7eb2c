using System.Management.Automation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Upgrades the schema of an attendance store to this module's version.</para>
/// <para type="description">Server stores (PostgreSQL, SQL Server) are never upgraded on connect: after updating the module, one job
/// runs this command (or connects with -Initialize) while the others are stopped. A store already current is left untouched; a
/// store written by a newer module is refused (StoreSchemaTooNew). SQLite stores are upgraded on connect, so for them this reports
/// the version. The whole upgrade is one transaction: it applies completely or not at all.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "AttendanceStoreSchema", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Update-AttendanceStoreSchema.md")]
[OutputType(typeof(SchemaUpdateResult))]
public sealed class UpdateAttendanceStoreSchemaCommand : StoreCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var planned = store.UpdateSchema(Observer, apply: false);
            if (!planned.Upgraded)
            {
                WriteVerbose($"The {store.Provider} store '{store.Location}' already has schema version {planned.PreviousVersion}; nothing to upgrade.");
                WriteObject(store.UpdateSchema(Observer, apply: true));
                return;
            }
            var what = $"the schema of the {store.Provider} store '{store.Location}' from version {planned.PreviousVersion} to {planned.SchemaVersion}";
            if (!ShouldProcess($"Upgrade {what}.", $"Upgrade {what}?", "Update-AttendanceStoreSchema"))
            {
                WriteObject(planned);
                return;
            }
            var result = store.UpdateSchema(Observer, apply: true);
            WriteVerbose($"Upgraded {what}.");
            WriteObject(result);
        });
    }
}
