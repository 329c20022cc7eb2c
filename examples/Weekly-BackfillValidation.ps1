#Requires -Version 7.4
<#
.SYNOPSIS
    Weekly continuation-education backfill validation: run it before the state attendance report.

.DESCRIPTION
    Validates backfill for every school whose backfill preferences are enabled (or the schools
    given): clears it, regenerates the attendance aggregation it reads for the continuation
    students on the window's dates, and backfills again, writing only the net difference (domain
    §5.5). Writes one result object per student to the job output; the students whose moves
    changed say why (Reason).

    A school or student that fails (BackfillNotEnabled, BackfillAsOfBeforeStart,
    BackfillStudentNotInProgram, ...) is reported while the others are validated; the script then
    fails (non-zero exit code, failed Azure Automation job) and says why.

.PARAMETER StorePath
    The SQLite store file. It must exist: a scheduled job never creates an empty store.

.PARAMETER School
    Schools (name or id) to validate. Default: every school with backfill enabled.

.PARAMETER AsOf
    Validate as of this time (district time): the window ends on its date. Default: now.

.PARAMETER MaxChangePercent
    Refuse the run when more than this percent of the stored moves or day aggregates in scope would change.

.PARAMETER ModulePath
    Where to import AttendanceTools from (a module folder or its .psd1). Default: the installed module.

.EXAMPLE
    pwsh -NoProfile -File ./Weekly-BackfillValidation.ps1 -StorePath D:\Attendance\district.db

.EXAMPLE
    ./Weekly-BackfillValidation.ps1 -StorePath ./district.db -WhatIf
    Shows what the validation would write, per school, and writes nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $StorePath,

    [string[]] $School,

    [datetime] $AsOf,

    [ValidateRange(0, 100)]
    [double] $MaxChangePercent,

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'

if ($ModulePath) { Import-Module -Name $ModulePath } else { Import-Module -Name AttendanceTools }

# A typo in the path must fail the job, not create and validate an empty store.
# A missing store is StoreNotFound (Connect-AttendanceStore never creates one); a relative path resolves
# against the current location, as every cmdlet's paths do.
Connect-AttendanceStore -Path $StorePath
try {
    $validation = @{
        Confirm       = $false
        ErrorAction   = 'Continue'
        ErrorVariable = 'backfillErrors'
    }
    if ($School) { $validation.School = $School }
    if ($PSBoundParameters.ContainsKey('AsOf')) { $validation.AsOf = $AsOf }
    if ($PSBoundParameters.ContainsKey('MaxChangePercent')) { $validation.MaxChangePercent = $MaxChangePercent }

    Invoke-BackfillValidation @validation

    if ($backfillErrors.Count -gt 0) {
        $reasons = ($backfillErrors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join [Environment]::NewLine
        throw "The backfill validation reported $($backfillErrors.Count) problem(s):$([Environment]::NewLine)$reasons"
    }
}
finally {
    Disconnect-AttendanceStore
}
