using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the continuation-education backfill preferences of schools for a school year.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackfillPreference", HelpUri = HelpLinks.Base + "Get-BackfillPreference.md")]
[OutputType(typeof(BackfillPreferenceInfo))]
public sealed class GetBackfillPreferenceCommand : StoreCmdlet
{
    /// <summary>Schools (name or id), wildcards allowed. Default: every school with stored preferences. School objects bind by SchoolId.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>The school year, as 2026 or 2025-26. Default: the current school year.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            foreach (var p in BackfillPreferences.Find(store, School, SchoolYearArgument.Parse(SchoolYear), e => WriteErrorFor(e))) WriteObject(p);
        });
    }
}
