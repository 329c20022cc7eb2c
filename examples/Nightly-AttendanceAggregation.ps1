#Requires -Version 7.4
<#
.SYNOPSIS
    Nightly attendance aggregation refresh: schedule it for 03:45 every day.

.DESCRIPTION
    Refreshes the day aggregates of every calendar of the current school year: the previous
    day, plus every earlier day whose inputs changed since the last run (attendance, rosters,
    enrolments, calendar days, bell-schedule times, section and code flags). Writes one result
    object per calendar to the job output.

    Calendars that fail validation are reported and skipped while the others are refreshed;
    the script then fails (non-zero exit code, failed Azure Automation job) and says why.
    Under a maintenance lock that disables scheduled tasks it writes nothing and succeeds.

.PARAMETER StorePath
    The SQLite store file. It must exist: a nightly job never creates an empty store.

.PARAMETER MaxChangePercent
    Refuse the run when more than this percent of the existing aggregates in scope would change.

.PARAMETER ModulePath
    Where to import AttendanceTools from (a module folder or its .psd1). Default: the installed module.

.EXAMPLE
    pwsh -NoProfile -File ./Nightly-AttendanceAggregation.ps1 -StorePath D:\Attendance\district.db

.EXAMPLE
    ./Nightly-AttendanceAggregation.ps1 -StorePath ./district.db -WhatIf
    Shows what tonight's run would write, per calendar, and writes nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $StorePath,

    [ValidateRange(0, 100)]
    [double] $MaxChangePercent,

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'

if ($ModulePath) { Import-Module -Name $ModulePath } else { Import-Module -Name AttendanceTools }

# Connect-AttendanceStore never creates a store: a typo in the path fails the job with StoreNotFound
# (resolved against the current location, like every path the cmdlets take).
Connect-AttendanceStore -Path $StorePath
try {
    $refresh = @{
        Nightly       = $true
        Confirm       = $false
        ErrorAction   = 'Continue'
        ErrorVariable = 'calendarErrors'
    }
    if ($PSBoundParameters.ContainsKey('MaxChangePercent')) { $refresh.MaxChangePercent = $MaxChangePercent }

    Update-AttendanceAggregation @refresh

    if ($calendarErrors.Count -gt 0) {
        $reasons = ($calendarErrors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join [Environment]::NewLine
        throw "The nightly aggregation refresh skipped $($calendarErrors.Count) calendar(s):$([Environment]::NewLine)$reasons"
    }
}
finally {
    Disconnect-AttendanceStore
}
