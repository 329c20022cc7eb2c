using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Compares the provisioning feed the store would export now with the last export: totals, new, removed and updated students, graduation-year changes, and whether each roll-up guard passes.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ProvisioningPreview", HelpUri = HelpLinks.Base + "Get-ProvisioningPreview.md")]
[OutputType(typeof(ProvisioningPreview), typeof(ProvisioningChange))]
public sealed class GetProvisioningPreviewCommand : ProvisioningCmdlet
{
    /// <summary>The school year the feed job expects to be current (2026 or 2025-26); when it is not the store's current year the SchoolYear guard fails. Default: no check.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Return one ProvisioningChange per new, removed or updated student (what changed: school, grade, graduation year, old and new) instead of the summary.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            KnownNames.RequireSchoolYear(store, SchoolYearArgument.Parse(SchoolYear));
            var request = new ProvisioningRequest { SchoolYear = SchoolYearArgument.Parse(SchoolYear), Limits = Limits };
            var preview = ProvisioningOperation.Preview(store, request, Observer, CancelToken);
            if (Detailed) WriteObject(preview.Changes, enumerateCollection: true);
            else WriteObject(preview);
        });
    }
}
