using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the registration rollover criteria: ordered conditions, the status each assigns and the fields it updates.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RolloverCriteria", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Base + "Get-RolloverCriteria.md")]
[OutputType(typeof(RolloverCriterion), typeof(string))]
public sealed class GetRolloverCriteriaCommand : StoreCmdlet
{
    private const string StoreSet = "Store", DefaultSet = "Default";

    /// <summary>Return the built-in default set instead of the store's criteria.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
    public SwitchParameter Default { get; set; }

    /// <summary>Return the criteria as the JSON text of a criteria file (for Set-Content and source control).</summary>
    [Parameter]
    public SwitchParameter AsJson { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        IReadOnlyList<RolloverCriterion> criteria = RolloverCriteria.Default;
        if (!Default)
        {
            var store = ResolveStore();
            Guarded(() =>
            {
                using var c = store.OpenConnection();
                criteria = RolloverCriteria.Read(c);
            });
            if (criteria.Count == 0) WriteVerbose("The store has no rollover criteria; Set-RolloverCriteria -Default loads the default set.");
        }
        if (AsJson) WriteObject(RolloverCriteria.ToJson(criteria));
        else WriteObject(criteria, enumerateCollection: true);
    }
}
