#Requires -Version 7.4
<#
.SYNOPSIS
    Provisioning feed export: schedule it three times a day (for example 06:00, 12:00 and 18:00).

.DESCRIPTION
    Writes the district's provisioning feed (the students with an Active year record in the current
    school year) as a OneRoster 1.2 CSV package for directory accounts, Clever and similar services,
    in three steps:

    1. Preview: compares the feed with the last export and writes the counts (Total, New, Removed,
       Updated, GraduationYearChanged) and each guard's percentage to the job output.
    2. Guards: the export is refused, writing no file and keeping the snapshot, when -SchoolYear is
       not the store's current year (SchoolYearMismatch), when too many graduation years change
       (GraduationYearGuard: the roll-up and the school year do not match), or when too many
       students are updated or removed (ChangeThresholdExceeded, Clever's 75 % / 10 %).
    3. Export: the files replace the previous feed folder as a whole and the snapshot is updated.

    A refusal fails the job (non-zero exit code, Failed in Azure Automation) with one line that
    names the guard and the counts, e.g. "Provisioning export refused (GraduationYearGuard): ...".
    While a maintenance lock disables scheduled tasks (year-end work), it writes nothing, says so,
    and succeeds.

.PARAMETER StorePath
    The SQLite store file. It must exist: a feed job never creates an empty store.

.PARAMETER Path
    The feed folder the provisioning service reads. It is replaced as a whole on each export.

.PARAMETER SchoolYear
    The school year the feed is for (2027 or 2026-27). Change it when the district rolls over; until
    the store's current year matches, the export is refused (SchoolYearMismatch).

.PARAMETER MaxGraduationYearChangePercent
    Raise the graduation-year guard (default 10) for one run, after checking the preview.

.PARAMETER MaxUpdatePercent
    Raise the update threshold (default 75) for one run: the first export after a roll-up needs it.

.PARAMETER MaxDeletePercent
    Raise the delete threshold (default 10) for one run.

.PARAMETER ModulePath
    Where to import AttendanceTools from (a module folder or its .psd1). Default: the installed module.

.EXAMPLE
    pwsh -NoProfile -File ./Provisioning-Export.ps1 -StorePath D:\Attendance\district.db -Path D:\Feeds\clever -SchoolYear 2026-27

.EXAMPLE
    ./Provisioning-Export.ps1 -StorePath ./district.db -Path ./feed -SchoolYear 2027 -MaxUpdatePercent 100 -WhatIf
    The first run after the roll-up, checked first: shows the preview and what would be written, and writes nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $StorePath,

    [Parameter(Mandatory)]
    [string] $Path,

    [Parameter(Mandatory)]
    [string] $SchoolYear,

    [ValidateRange(0, 100)]
    [double] $MaxGraduationYearChangePercent = 10,

    [ValidateRange(0, 100)]
    [double] $MaxUpdatePercent = 75,

    [ValidateRange(0, 100)]
    [double] $MaxDeletePercent = 10,

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'

if ($ModulePath) { Import-Module -Name $ModulePath } else { Import-Module -Name AttendanceTools }

# A missing store is StoreNotFound (Connect-AttendanceStore never creates one); a relative path resolves
# against the current location, as every cmdlet's paths do.
Connect-AttendanceStore -Path $StorePath
try {
    $thresholds = @{
        MaxGraduationYearChangePercent = $MaxGraduationYearChangePercent
        MaxUpdatePercent               = $MaxUpdatePercent
        MaxDeletePercent               = $MaxDeletePercent
    }

    $preview = Get-ProvisioningPreview -SchoolYear $SchoolYear @thresholds
    Write-Output $preview
    foreach ($guard in $preview.Guards) { Write-Verbose -Message "Guard $guard" }

    $export = @{
        Path       = $Path
        SchoolYear = $SchoolYear
        Scheduled  = $true
        Confirm    = $false
        WhatIf     = $WhatIfPreference
    }
    try {
        $result = Export-ProvisioningFeed @export @thresholds
    }
    catch {
        # One line an Azure Automation job shows as its exception: the guard's id and the counts that tripped it.
        $id = ($_.FullyQualifiedErrorId -split ',')[0]
        throw "Provisioning export refused ($id): $($_.Exception.Message)"
    }

    if ($result.Status -eq 'Skipped') {
        Write-Output "Provisioning export skipped: $($result.Reason)"
    }
    elseif ($result) {
        Write-Output $result
    }
}
finally {
    Disconnect-AttendanceStore
}
