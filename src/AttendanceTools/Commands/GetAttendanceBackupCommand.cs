using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Lists the store's backups: whole-store copies (Backup-AttendanceStore) and the before-images each rollover run kept, with tables and rows saved.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceBackup", HelpUri = HelpLinks.Base + "Get-AttendanceBackup.md")]
[OutputType(typeof(AttendanceBackupInfo))]
public sealed class GetAttendanceBackupCommand : StoreCmdlet
{
    /// <summary>Backup ids ("store-20260612T180000Z", "Registration-2026-1"); wildcards allowed. Start-Rollover results bind here by BackupId.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] BackupId { get; set; } = [];

    /// <summary>Only Store copies or Rollover run backups.</summary>
    [Parameter]
    [ValidateSet("Store", "Rollover")]
    public string? Kind { get; set; }

    /// <summary>Only backups of this school year (the year current when a copy was taken, the year a rollover closed).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Only backups of school years before this one (for example every rollover backup of earlier years).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? Before { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var year = SchoolYearArgument.Parse(SchoolYear);
            KnownNames.RequireSchoolYear(store, year);
            var before = SchoolYearArgument.Parse(Before);
            var patterns = BackupId.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            var found = RolloverQueries.Backups(store)
                .Where(b => Kind is null || string.Equals(b.Kind, Kind, StringComparison.OrdinalIgnoreCase))
                .Where(b => year is null || b.SchoolYear == year)
                .Where(b => before is null || b.SchoolYear < before)
                .ToList();
            foreach (var pattern in patterns.Where(p => !found.Any(b => p.IsMatch(b.BackupId))))
                WriteErrorFor(new Engine.AttendanceException("BackupNotFound", Engine.FailureKind.NotFound, $"There is no backup '{pattern}' (Get-AttendanceBackup lists them).", pattern.ToString()));
            foreach (var b in found.Where(b => patterns.Count == 0 || patterns.Any(p => p.IsMatch(b.BackupId)))) WriteObject(b);
        });
    }
}
