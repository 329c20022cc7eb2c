#Requires -Version 7.4
<#
.SYNOPSIS
    Fills the attendance records a school is missing after it switched between Daily and Meeting attendance mid-year.

.DESCRIPTION
    A school that switched recording method during the year lacks the other method's records from
    the day it switched (recorded by Set-AttendanceBridge -EffectiveDate). For each school that
    switched (or the schools named), this runbook syncs in the direction the school's current
    method implies, from the switch date through today, and writes one result per school. The
    records it creates carry Origin = Sync and the run id; Undo-AttendanceRun -RunId takes them back.

    Conflicts (a record of the other method with a different code) are never overwritten: they are
    written to a CSV beside the store when -ConflictFolder is given, and reported as warnings. A
    refused school (no bridge, bell schedule without a bridge period, ...) fails the job after the
    other schools ran, naming the school and the reason.

.PARAMETER StorePath
    The SQLite store file. It must exist.

.PARAMETER School
    Schools to sync (name or id). Default: every school that changed recording method this year.

.PARAMETER AbsentDailyMarks
    For a Daily school: BridgePeriodOnly (default) or AllPeriods.

.PARAMETER MaxChangePercent
    Refuse a school's run when the records to create exceed this percent of its existing records in range.

.PARAMETER ConflictFolder
    A folder for one conflicts CSV per school that has conflicts.

.PARAMETER ModulePath
    Where to import AttendanceTools from (a module folder or its .psd1). Default: the installed module.

.EXAMPLE
    pwsh -NoProfile -File ./Sync-AttendanceBridge.ps1 -StorePath D:\Attendance\district.db -ConflictFolder D:\Attendance\conflicts

.EXAMPLE
    ./Sync-AttendanceBridge.ps1 -StorePath ./district.db -WhatIf
    Shows, per school, the records the sync would create, and writes nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $StorePath,

    [string[]] $School,

    [ValidateSet('BridgePeriodOnly', 'AllPeriods')]
    [string] $AbsentDailyMarks = 'BridgePeriodOnly',

    [ValidateRange(0, 100)]
    [double] $MaxChangePercent,

    [string] $ConflictFolder,

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'

if ($ModulePath) { Import-Module -Name $ModulePath } else { Import-Module -Name AttendanceTools }

# A missing store is StoreNotFound (Connect-AttendanceStore never creates one); a relative path resolves
# against the current location, as every cmdlet's paths do.
Connect-AttendanceStore -Path $StorePath
try {
    $settings = if ($School) { Get-AttendanceBridge -School $School } else { Get-AttendanceBridge | Where-Object RecordingMethodSince }
    if (-not $settings) {
        Write-Verbose 'No school changed its recording method this year; nothing to sync.'
        return
    }

    $failures = @()
    foreach ($s in $settings) {
        $sync = @{
            School           = $s.SchoolId
            Direction        = $s.SyncDirection
            AbsentDailyMarks = $AbsentDailyMarks
            WhatIf           = $WhatIfPreference
            Confirm          = $false
            ErrorAction      = 'Continue'
            ErrorVariable    = 'schoolErrors'
        }
        if ($PSBoundParameters.ContainsKey('MaxChangePercent')) { $sync.MaxChangePercent = $MaxChangePercent }

        $result = Sync-AttendanceBridge @sync
        $failures += $schoolErrors
        if (-not $result) { continue }

        if ($result.Conflicts -gt 0) {
            Write-Warning "$($result.School): $($result.Conflicts) record(s) of the other method have a different code and were kept."
            if ($ConflictFolder) {
                $null = New-Item -ItemType Directory -Path $ConflictFolder -Force
                $result.ConflictList | Export-Csv -LiteralPath (Join-Path $ConflictFolder "conflicts-$($result.SchoolId).csv") -NoTypeInformation
            }
        }
        $result
    }

    if ($failures.Count -gt 0) {
        $reasons = ($failures | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join [Environment]::NewLine
        throw "The bridge sync refused $($failures.Count) school(s):$([Environment]::NewLine)$reasons"
    }
}
finally {
    Disconnect-AttendanceStore
}
