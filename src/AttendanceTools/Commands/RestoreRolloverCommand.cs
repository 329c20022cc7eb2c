using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Restores a rollover run and every later run of the same rollover, newest first, from their before-images.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsData.Restore, "Rollover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Restore-Rollover.md")]
[OutputType(typeof(RolloverRestoreResult))]
public sealed class RestoreRolloverCommand : StoreCmdlet
{
    /// <summary>The rollover to restore: Registration, Scheduling, MarkReporting or SuccessPlan. Start-Rollover results bind here.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Registration", "Scheduling", "MarkReporting", "SuccessPlan")]
    public string Type { get; set; } = "";

    /// <summary>The first run to restore; it and every later run of the type are restored. Default: the earliest applied run, so the store returns to its state before the first run.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public int? RunNumber { get; set; }

    /// <summary>The school year the runs closed. Default: the year of the latest applied run of the type.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Restore even rows changed since the runs, overwriting those changes (they are listed in Overwritten).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return what the restore would do, and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when this session did not take the lock. A piped lock object binds here.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var year = SchoolYearArgument.Parse(SchoolYear);
            var token = SessionLocks.TokenFor(store, LockToken);
            var restore = RolloverRestore.Plan(store, Enum.Parse<RolloverType>(Type, ignoreCase: true), year, RunNumber, Force, token);
            var plan = restore.Result;
            if (Preview)
            {
                WriteObject(plan);
                return;
            }
            var what = $"Restore the {Type} runs {string.Join(", ", plan.RunNumbers)} of {plan.SchoolYear}: put back {plan.Restored + plan.Overwritten.Count} rows" +
                       (plan.Overwritten.Count > 0 ? $", overwriting {plan.Overwritten.Count} rows changed since." : ".");
            if (!ShouldProcess(what, what + " Continue?", "Restore-Rollover")) return;
            // The confirmed plan is the one written: a store changed since is planned again and refused unless the counts are the same.
            var result = RolloverRestore.Apply(store, restore, Observer, CancelToken);
            foreach (var row in result.Overwritten) Observer.Warning("RestoreOverwrote", $"Overwrote a row changed since the run: {row}");
            WriteObject(result);
        });
    }
}
