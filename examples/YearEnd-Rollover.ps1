#Requires -Version 7.4
<#
.SYNOPSIS
    The year-end checklist, in order: lock, back up, clean old backups, registration (preview,
    count check, run, log check), scheduling, mark reporting, success plan, unlock.

.DESCRIPTION
    Follows the eSchoolPlus year-end procedure (README "Year-end rollover"):

      1. Lock the store with scheduled tasks disabled (the nightly refresh then skips itself).
      2. Back up the whole store (Backup-AttendanceStore).
      3. Remove the backups of earlier school years (store copies and rollover run backups).
      4. Load the district's criteria file when -CriteriaPath is given.
      5. Registration preview; stop when it would leave more active students unmatched than
         -MaxUnmatchedActive, or when it would process nobody on a first run.
      6. Registration rollover.
      7. Check its log: no warnings beyond what the preview allowed.
      8. Scheduling, Mark Reporting and Success Plan rollovers, in that order.
      9. Unlock.

    It stops at the first failure with a non-zero exit code (under pwsh -File) and leaves the lock
    in place, so nobody writes while the operator fixes the data or the criteria. Running it again
    resumes: the lock is taken again by the same user, rollover steps already done process nobody,
    and the remaining steps run.

.PARAMETER StorePath
    The SQLite store file. It must exist.

.PARAMETER CriteriaPath
    A criteria file (Get-RolloverCriteria -AsJson) to load before the registration rollover.
    Without it, the store's criteria are used.

.PARAMETER MaxUnmatchedActive
    How many active students the registration criteria may leave unselected (they stay active
    without a next-year entry). Default 0.

.PARAMETER MaxChangePercent
    Passed to every rollover: refuse a run that changes more than this percent of a table's
    existing rows in scope. A registration rollover closes and opens about one enrolment per
    student, so it changes well over 100 % of the enrolments in scope; leave it out unless you
    have measured your district's figure with -Preview.

.PARAMETER ModulePath
    Where to import AttendanceTools from (a module folder or its .psd1). Default: the installed module.

.EXAMPLE
    pwsh -NoProfile -File ./YearEnd-Rollover.ps1 -StorePath D:\Attendance\district.db -CriteriaPath D:\YearEnd\rollover-criteria.json

.EXAMPLE
    ./YearEnd-Rollover.ps1 -StorePath ./district.db -MaxUnmatchedActive 5 -Verbose
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $StorePath,

    [string] $CriteriaPath,

    [ValidateRange(0, [int]::MaxValue)]
    [int] $MaxUnmatchedActive = 0,

    [ValidateRange(0, 100)]
    [double] $MaxChangePercent,

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'

if ($ModulePath) { Import-Module -Name $ModulePath } else { Import-Module -Name AttendanceTools }

if (-not [System.IO.File]::Exists($StorePath)) {
    throw "The attendance store '$StorePath' does not exist."
}

Connect-AttendanceStore -Path $StorePath
$guard = @{}
if ($PSBoundParameters.ContainsKey('MaxChangePercent')) { $guard.MaxChangePercent = $MaxChangePercent }
try {
    Write-Verbose 'Step 1: lock the store with scheduled tasks disabled.'
    $null = Lock-AttendanceStore -Reason 'Year-end rollover' -DisableScheduledTasks -Confirm:$false

    Write-Verbose 'Step 2: back up the whole store.'
    $backup = Backup-AttendanceStore -Reason 'Before the year-end rollover' -Confirm:$false
    Write-Verbose "Backed up to $($backup.Path)."

    if ($CriteriaPath) {
        Write-Verbose "Step 4: load the criteria from '$CriteriaPath'."
        $null = Set-RolloverCriteria -Path $CriteriaPath -Confirm:$false
    }

    Write-Verbose 'Step 5: registration preview and count check.'
    $preview = Start-Rollover -Type Registration -Preview
    $year = $preview.SchoolYear

    Write-Verbose "Step 3: remove the backups of school years before $year."
    Get-AttendanceBackup -Before $year | Remove-AttendanceBackup -Confirm:$false

    $alreadyRun = @(Get-AttendanceBackup -Kind Rollover -SchoolYear $year | Where-Object { $_.RunType -eq 'Registration' -and $_.Restorable }).Count -gt 0
    if ($preview.Processed -eq 0 -and -not $alreadyRun) {
        throw "The registration rollover of $year would process nobody: check the criteria (Get-RolloverCriteria)."
    }
    $unmatchedActive = @($preview.WarningMessages | Where-Object { $_ -like 'UnmatchedActiveStudent*' }).Count
    if ($unmatchedActive -gt $MaxUnmatchedActive) {
        throw "The registration rollover of $year would leave $unmatchedActive active students unmatched (at most $MaxUnmatchedActive allowed)."
    }

    Write-Verbose 'Step 6: registration rollover.'
    $registration = Start-Rollover -Type Registration @guard -Confirm:$false
    $registration

    Write-Verbose 'Step 7: check the registration log.'
    if ($registration.RunNumber) {
        $warnings = @($registration | Get-RolloverLog -Severity Warning)
        if ($warnings.Count -gt $MaxUnmatchedActive) {
            throw "The registration run $($registration.RunNumber) logged $($warnings.Count) warnings: $(($warnings | Select-Object -First 5 | ForEach-Object Message) -join ' ')"
        }
    }

    Write-Verbose 'Step 8: scheduling, mark reporting and success plan rollovers.'
    foreach ($type in 'Scheduling', 'MarkReporting', 'SuccessPlan') {
        Start-Rollover -Type $type -SchoolYear $year @guard -Confirm:$false
    }

    Write-Verbose 'Step 9: unlock.'
    Unlock-AttendanceStore -Confirm:$false
}
finally {
    Disconnect-AttendanceStore
}
