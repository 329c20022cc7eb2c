using System.Collections;
using System.Management.Automation;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Replaces the registration rollover criteria with the default set, a criteria file (JSON) or criterion objects.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RolloverCriteria", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FileSet, HelpUri = HelpLinks.Base + "Set-RolloverCriteria.md")]
[OutputType(typeof(RolloverCriterion))]
public sealed class SetRolloverCriteriaCommand : StoreCmdlet
{
    private const string FileSet = "File", DefaultSet = "Default", ObjectSet = "Object";
    private readonly List<RolloverCriterion> _piped = [];

    /// <summary>A criteria file as Get-RolloverCriteria -AsJson writes it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Load the built-in default set.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
    public SwitchParameter Default { get; set; }

    /// <summary>Criteria objects (Get-RolloverCriteria output, edited or not); together they replace the store's criteria.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>The maintenance-lock token, when the store is locked and this session did not take the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != ObjectSet) return;
        foreach (var o in InputObject) _piped.Add(ToCriterion(o));
    }

    private static RolloverCriterion ToCriterion(PSObject o)
    {
        if (o.BaseObject is RolloverCriterion c) return c;
        object? P(string name) => o.Properties[name]?.Value is { } v ? (v is PSObject p ? p.BaseObject : v) : null;
        var updates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (P("Updates") is IDictionary d)
            foreach (DictionaryEntry e in d) updates[e.Key.ToString()!] = e.Value?.ToString() ?? "";
        return new RolloverCriterion
        {
            Sequence = LanguagePrimitives.ConvertTo<int>(P("Sequence")), Name = P("Name")?.ToString() ?? "",
            Conditions = P("Conditions") is { } conds ? LanguagePrimitives.ConvertTo<string[]>(conds) : [],
            AssignStatus = P("AssignStatus")?.ToString() ?? "", Updates = updates,
        };
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            IReadOnlyList<RolloverCriterion> criteria = ParameterSetName switch
            {
                DefaultSet => RolloverCriteria.Default,
                ObjectSet => _piped,
                _ => RolloverCriteria.FromJson(File.ReadAllText(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)), Path),
            };
            if (!ShouldProcess($"Replace the registration rollover criteria with {criteria.Count} criteria ({string.Join("; ", criteria.Select(c => c.ToString()))}).",
                    $"Replace the registration rollover criteria with {criteria.Count} criteria?", "Set-RolloverCriteria")) return;
            WriteObject(RolloverCriteria.Save(store, criteria, SessionLocks.TokenFor(store, LockToken)), enumerateCollection: true);
        });
    }
}
