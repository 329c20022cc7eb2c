using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>The refusals of domain §9.4. Each names the counts that tripped it; the preview is the target, so scripts can read every count.</summary>
public static class ProvisioningErrors
{
    public const string SchoolYearMismatch = "SchoolYearMismatch", GraduationYearGuard = "GraduationYearGuard", ChangeThresholdExceeded = "ChangeThresholdExceeded";

    private const string Kept = "Nothing was exported; the previous files and the snapshot were kept.";

    internal static AttendanceException YearMismatch(ProvisioningPreview p)
        => new(SchoolYearMismatch, FailureKind.InvalidArgument,
            $"The feed was asked for school year {SchoolYearText.Format(p.RequestedSchoolYear!.Value)}, but the store's current school year is {p.SchoolYear}. {Kept}",
            p, "Check that the registration rollover has made the right year current (Get-AttendanceStore shows it), and that the feed job passes the year it means with -SchoolYear.");

    internal static AttendanceException GraduationYears(ProvisioningPreview p, ProvisioningGuardInfo g)
        => new(GraduationYearGuard, FailureKind.LimitsExceeded,
            string.Create(CultureInfo.InvariantCulture,
                $"{p.GraduationYearChanged:N0} of the {p.InBoth:N0} students in both the last export and the {p.SchoolYear} feed ({g.Percent:0.0}%) would change graduation year, more than the {g.Limit:0.###}% allowed by -MaxGraduationYearChangePercent. The roll-up and the current school year ({p.SchoolYear}) do not seem to match: grades must advance when the year does. {Kept}"),
            p, string.Create(CultureInfo.InvariantCulture,
                $"Finish the registration rollover (or make the right year current) and export again; if these graduation years really changed (retained or skipped students), allow it for this run with -MaxGraduationYearChangePercent {Math.Ceiling(g.Percent):0}."));

    internal static AttendanceException Changes(ProvisioningPreview p, List<ProvisioningGuardInfo> tripped)
    {
        var parts = tripped.Select(g => g.Guard switch
        {
            "Update" => string.Create(CultureInfo.InvariantCulture, $"{p.Updated:N0} of the {p.SnapshotCount:N0} students in the last export would be updated ({g.Percent:0.0}%, more than the {g.Limit:0.###}% allowed by -MaxUpdatePercent)"),
            "Delete" => string.Create(CultureInfo.InvariantCulture, $"{p.Removed:N0} of the {p.SnapshotCount:N0} students in the last export would be removed ({g.Percent:0.0}%, more than the {g.Limit:0.###}% allowed by -MaxDeletePercent)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{p.New + p.Updated + p.Removed:N0} students would be new, updated or removed against the {p.SnapshotCount:N0} in the last export ({g.Percent:0.0}%, more than the {g.Limit:0.###}% allowed by -MaxChangePercent)"),
        });
        var raise = string.Join(" ", tripped.Select(g => string.Create(CultureInfo.InvariantCulture, $"-Max{g.Guard}Percent {Math.Ceiling(g.Percent):0}")));
        return new AttendanceException(ChangeThresholdExceeded, FailureKind.LimitsExceeded,
            $"The {p.SchoolYear} feed changes too much at once: {string.Join("; ", parts)}. {Kept}", p,
            $"Check the changes with Get-ProvisioningPreview -Detailed; the first export after a roll-up is expected to trip this. To accept it for this run: {raise}.");
    }
}
