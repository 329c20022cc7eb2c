using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Exports the provisioning feed (students with an Active year record in the current school year) as a OneRoster 1.2 CSV package, only when the roll-up guards pass, and records it as the snapshot the next preview compares with.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ProvisioningFeed", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Export-ProvisioningFeed.md")]
[OutputType(typeof(ProvisioningExportResult), typeof(ProvisioningPreview))]
public sealed class ExportProvisioningFeedCommand : ProvisioningCmdlet
{
    /// <summary>The feed folder. It is replaced as a whole (new files are written beside it and moved in), so it must hold nothing but OneRoster files.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The school year the feed is for (2026 or 2025-26). It must be the store's current year (SchoolYearMismatch otherwise).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string SchoolYear { get; set; } = "";

    /// <summary>Return the preview (counts and guards) and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>This is a scheduled run: while a maintenance lock disables scheduled tasks it writes nothing, warns ScheduledTasksDisabled and succeeds.</summary>
    [Parameter]
    public SwitchParameter Scheduled { get; set; }

    /// <summary>The maintenance lock's token, to export while the store is locked for year-end work.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new ProvisioningRequest
            {
                Path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), SchoolYear = SchoolYearArgument.Parse(SchoolYear), Limits = Limits,
                Scheduled = Scheduled, LockToken = LockToken,
            };
            var plan = ProvisioningOperation.Plan(store, request, Observer, CancelToken);
            if (plan.SkippedForMaintenance)
            {
                Observer.Warning("ScheduledTasksDisabled", plan.SkipReason);
                WriteObject(ProvisioningOperation.Apply(store, plan, Observer, CancelToken));
                return;
            }
            if (Preview)
            {
                WriteObject(plan.Preview);
                return;
            }
            if (plan.Refusal is { } refused) throw refused;
            if (!ShouldProcess(plan.WhatIfText(), $"Export the {plan.Preview.SchoolYear} provisioning feed to '{plan.Path}' and replace the snapshot?", "Export provisioning feed")) return;
            WriteObject(ProvisioningOperation.Apply(store, plan, Observer, CancelToken));
        });
    }
}
