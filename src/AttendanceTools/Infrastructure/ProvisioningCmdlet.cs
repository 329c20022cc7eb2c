using System.Management.Automation;
using AttendanceTools.Engine.Provisioning;

namespace AttendanceTools.Infrastructure;

/// <summary>The guard thresholds of domain §9.4, shared by Get-ProvisioningPreview and Export-ProvisioningFeed so both judge a feed alike.</summary>
public abstract class ProvisioningCmdlet : StoreCmdlet
{
    /// <summary>Refuse (GraduationYearGuard) when more than this percent of the students in both the last export and the feed change graduation year. Default 10.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double MaxGraduationYearChangePercent { get; set; } = ProvisioningLimits.DefaultMaxGraduationYearChangePercent;

    /// <summary>Refuse (ChangeThresholdExceeded) when more than this percent of the last export's students are updated. Default 75, Clever's threshold.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double MaxUpdatePercent { get; set; } = ProvisioningLimits.DefaultMaxUpdatePercent;

    /// <summary>Refuse (ChangeThresholdExceeded) when more than this percent of the last export's students are removed. Default 10, Clever's threshold.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double MaxDeletePercent { get; set; } = ProvisioningLimits.DefaultMaxDeletePercent;

    /// <summary>Refuse (ChangeThresholdExceeded) when new, updated and removed students together exceed this percent of the last export. Not applied unless given.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double? MaxChangePercent { get; set; }

    /// <summary>The thresholds as the engine takes them.</summary>
    protected ProvisioningLimits Limits => new()
    {
        MaxGraduationYearChangePercent = MaxGraduationYearChangePercent, MaxUpdatePercent = MaxUpdatePercent,
        MaxDeletePercent = MaxDeletePercent, MaxChangePercent = MaxChangePercent,
    };
}
