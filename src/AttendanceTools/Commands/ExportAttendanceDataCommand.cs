using System.Management.Automation;
using AttendanceTools.Engine.Import;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Exports the whole store as a OneRoster 1.2 CSV package plus AttendanceTools' own CSV files, the format Import-AttendanceData reads.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "AttendanceData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Export-AttendanceData.md")]
[OutputType(typeof(ExportResult))]
public sealed class ExportAttendanceDataCommand : StoreCmdlet
{
    /// <summary>The folder to write the CSV files into; it is created when missing and must be empty unless -Force is given.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Write into a folder that already holds files: package files are replaced, package files of now-empty tables removed, other files kept.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var request = new ExportRequest { Store = store, Path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), Force = Force };
        Guarded(() =>
        {
            var plan = DistrictExport.Plan(request, Observer, CancelToken);
            if (!ShouldProcess(plan.WhatIfText(), $"Write {plan.Files.Count} files to '{plan.Path}'?", "Export attendance data")) return;
            WriteObject(DistrictExport.Write(plan, Observer, CancelToken));
        });
    }
}
