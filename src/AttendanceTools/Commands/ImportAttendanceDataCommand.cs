using System.Management.Automation;
using AttendanceTools.Engine.Import;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Imports a OneRoster 1.1 or 1.2 CSV package (folder or .zip) plus AttendanceTools' own CSV files into the store, writing only what differs.</para>
/// <para type="description">Each file present in the package is the complete set for its table: rows missing from it are deleted, files
/// that are absent leave their tables alone. Bad input refuses the whole import, listing file, line, column and reason for each bad row,
/// grouped by file, column and kind. Commonly bent OneRoster rules are read as meant, each with a warning; -Strict refuses them instead.
/// An import that would delete more than 10 % of a table's existing rows is refused unless -Force or -MaxChangePercent allows it, and
/// one that deletes anything asks first, as a High-impact command, unless -Confirm:$false or -Force.</para>
/// </summary>
[DeletesRows(RowDeletion.Planned)]
[Cmdlet(VerbsData.Import, "AttendanceData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Import-AttendanceData.md")]
[OutputType(typeof(ImportResult), typeof(ImportTableChange))]
public sealed class ImportAttendanceDataCommand : StoreCmdlet
{
    /// <summary>The folder, or .zip file, that holds the package's CSV files (orgs.csv, users.csv, calendarDates.csv, …).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The percentage of a table's existing rows an import deletes without -Force or -MaxChangePercent.</summary>
    public const double DefaultMaxDeletePercent = 10;

    /// <summary>Refuse the import when any table that already has rows would change by more than this percentage (inserts, updates and deletes over existing rows). Given, it replaces the default guard (10 % deletes).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double MaxChangePercent { get; set; }

    /// <summary>Lift the default guard (an import deletes at most 10 % of a table's existing rows) and do not ask before deleting. A -MaxChangePercent given with it still applies.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The maintenance-lock token (Lock-AttendanceStore), when the store is locked for year-end work. A piped lock object binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <summary>Return the per-table plan (rows to insert, update, delete) without writing anything.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>Refuse what the import otherwise tolerates with a warning (a singular termSourcedId header, empty termSourcedIds, a schoolYear contradicting its dates, unparseable dateLastModified, students without grades).</summary>
    [Parameter]
    public SwitchParameter Strict { get; set; }

    /// <summary>The encoding of the package's files: UTF8 (the default, as OneRoster requires) or Windows1252 for exports from older systems.</summary>
    // A string, not the engine's enum: an engine value type in a cmdlet field would load the engine before the module initializer routes it.
    [Parameter]
    [ValidateSet("Utf8", "Windows1252", IgnoreCase = true)]
    public string Encoding { get; set; } = "Utf8";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var explicitGuard = MyInvocation.BoundParameters.ContainsKey(nameof(MaxChangePercent));
        var request = new ImportRequest
        {
            Store = store,
            Path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
            MaxChangePercent = explicitGuard ? MaxChangePercent : null,
            // The default guard holds writes; -Preview writes nothing and is how a person looks at what was refused.
            MaxDeletePercent = explicitGuard || Force || Preview ? null : DefaultMaxDeletePercent,
            Strict = Strict,
            Encoding = Enum.Parse<ImportEncoding>(Encoding, ignoreCase: true),
            LockToken = SessionLocks.TokenFor(store, LockToken),
        };
        Guarded(() =>
        {
            var plan = PlanOrReport(request);
            if (Preview)
            {
                foreach (var table in plan.Tables) WriteObject(table);
                return;
            }
            if (!ShouldProcess(plan.WhatIfText(), plan.ConfirmText(), "Import attendance data") || !ConfirmDeletesOf(plan, "")) return;
            // Another run changed the store since this plan: the new counts are confirmed again (or refused) before they are written.
            WriteObject(DistrictImport.Apply(plan, Observer, CancelToken, replanned =>
            {
                const string Changed = "The store changed after this import was planned. ";
                return ShouldProcess(replanned.WhatIfText(), Changed + replanned.ConfirmText(), "Import attendance data") && ConfirmDeletesOf(replanned, Changed);
            }));
        });
    }

    /// <summary>A plan that deletes asks as a High-impact command would, naming the counts per table that loses rows.</summary>
    private bool ConfirmDeletesOf(ImportPlan plan, string prefix)
        => plan.Deleted == 0 || ConfirmDeletes(prefix + plan.DeleteQuestion(), "Import attendance data: delete rows", Force);

    /// <summary>Plans; a refused package first reports each problem as its own error record, then fails as a whole.</summary>
    private ImportPlan PlanOrReport(ImportRequest request)
    {
        try
        {
            return DistrictImport.Plan(request, Observer, CancelToken);
        }
        catch (ImportRefusedException refused)
        {
            foreach (var problem in refused.Problems) WriteErrorFor(problem.ToException());
            throw;
        }
    }
}
