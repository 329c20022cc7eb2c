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

    With -WhatIf it writes nothing: every writing step gets -WhatIf and says what it would do (the
    "What if:" lines), and the store, its backups and its run log are left exactly as they were. A
    rollover is planned only under the maintenance lock, which -WhatIf does not take, so the four
    rollovers say that they would run without counts; for their counts, lock the store and run
    Start-Rollover -Type Registration -Preview.

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

.EXAMPLE
    ./YearEnd-Rollover.ps1 -StorePath ./district.db -CriteriaPath ./rollover-criteria.json -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
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

# Connect-AttendanceStore never creates a store: a typo in the path fails the job with StoreNotFound
# (resolved against the current location, like every path the cmdlets take).
Connect-AttendanceStore -Path $StorePath
$guard = @{}
if ($PSBoundParameters.ContainsKey('MaxChangePercent')) { $guard.MaxChangePercent = $MaxChangePercent }
# Every writing step gets the script's -WhatIf explicitly, so a preview of the checklist writes nothing.
$write = @{ Confirm = $false; WhatIf = [bool] $WhatIfPreference }
try {
    Write-Verbose 'Step 1: lock the store with scheduled tasks disabled.'
    $null = Lock-AttendanceStore -Reason 'Year-end rollover' -DisableScheduledTasks @write

    Write-Verbose 'Step 2: back up the whole store.'
    $backup = Backup-AttendanceStore -Reason 'Before the year-end rollover' @write
    if ($backup) { Write-Verbose "Backed up to $($backup.Path)." }

    if ($CriteriaPath) {
        Write-Verbose "Step 4: load the criteria from '$CriteriaPath'."
        $null = Set-RolloverCriteria -Path $CriteriaPath @write
    }

    if ($WhatIfPreference) {
        # A rollover is planned only under the maintenance lock, which -WhatIf does not take: the rest of the
        # checklist says what it would do, and writes nothing.
        $year = (Get-AttendanceStore).CurrentSchoolYear
        Write-Verbose "Step 3: remove the backups of school years before $year."
        Get-AttendanceBackup -Before $year | Remove-AttendanceBackup @write
        foreach ($type in 'Registration', 'Scheduling', 'MarkReporting', 'SuccessPlan') {
            $null = $PSCmdlet.ShouldProcess("school year $year in the store '$StorePath'",
                "Start the $type rollover (its counts need the maintenance lock: Lock-AttendanceStore, then Start-Rollover -Type $type -Preview)")
        }
        $null = $PSCmdlet.ShouldProcess("the store '$StorePath'", 'Unlock the store')
        return
    }

    Write-Verbose 'Step 5: registration preview and count check.'
    $preview = Start-Rollover -Type Registration -Preview
    $year = $preview.SchoolYear

    Write-Verbose "Step 3: remove the backups of school years before $year."
    Get-AttendanceBackup -Before $year | Remove-AttendanceBackup @write

    $alreadyRun = @(Get-AttendanceBackup -Kind Rollover -SchoolYear $year | Where-Object { $_.RunType -eq 'Registration' -and $_.Restorable }).Count -gt 0
    if ($preview.Processed -eq 0 -and -not $alreadyRun) {
        throw "The registration rollover of $year would process nobody: check the criteria (Get-RolloverCriteria)."
    }
    $unmatchedActive = @($preview.WarningMessages | Where-Object { $_ -like 'UnmatchedActiveStudent*' }).Count
    if ($unmatchedActive -gt $MaxUnmatchedActive) {
        throw "The registration rollover of $year would leave $unmatchedActive active students unmatched (at most $MaxUnmatchedActive allowed)."
    }

    Write-Verbose 'Step 6: registration rollover.'
    $registration = Start-Rollover -Type Registration @guard @write
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
        Start-Rollover -Type $type -SchoolYear $year @guard @write
    }

    Write-Verbose 'Step 9: unlock.'
    Unlock-AttendanceStore @write
}
finally {
    Disconnect-AttendanceStore
}
