#Requires -Version 7.4
<#
.SYNOPSIS
    The quick start: builds the demo district and runs the main jobs on it, one table per step.

.DESCRIPTION
    Creates a deterministic demo district in an embedded SQLite store, shows the store and its
    schools, refreshes the attendance day aggregates of the whole 2025-26 year, shows that a
    second refresh writes nothing, previews tonight's run, and lists the most chronically absent
    students and the run log.

    Each step prints a header and its own table, as text lines on the output stream, so the script
    reads the same at a prompt, under pwsh -File and in a job's output. The cmdlets it calls return
    objects; run them yourself to work with those.

    From a clone, with only the .NET SDK:  dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
    With pwsh and the module built:       ./examples/Demo-District.ps1

.PARAMETER Path
    Where to create the demo store. Default: demo-district.db in the current folder (replaced if present).

.PARAMETER Students
    How many students the demo district has.

.PARAMETER ModulePath
    Where to import AttendanceTools from when it is not loaded yet. Default: ../out/AttendanceTools
    beside this script (the build's output).

.EXAMPLE
    ./examples/Demo-District.ps1 -Path ./demo.db -Students 500

.EXAMPLE
    ./examples/Demo-District.ps1 -WhatIf
    Shows what the demo store would hold and creates nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $Path = (Join-Path -Path (Get-Location) -ChildPath 'demo-district.db'),
    [ValidateRange(100, 200000)]
    [int] $Students = 2000,
    [string] $ModulePath = (Join-Path -Path $PSScriptRoot -ChildPath '../out/AttendanceTools/AttendanceTools.psd1')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module -Name AttendanceTools)) { Import-Module -Name $ModulePath }

function Show-Step {
    # A header line, then the step's objects as one table (each step's own columns), as text.
    param(
        [Parameter(Mandatory)] [string] $Title,
        [Parameter(Mandatory)] [scriptblock] $Step,
        [object[]] $Property
    )
    ''
    "== $Title"
    $objects = @(& $Step)
    if ($objects.Count -eq 0) {
        '(nothing)'
        return
    }
    $table = if ($Property) { $objects | Format-Table -Property $Property -AutoSize } else { $objects | Format-Table -AutoSize }
    $lines = @($table | Out-String -Stream -Width 160 | ForEach-Object { $_.TrimEnd() })
    # Format-Table pads its table with blank lines; one blank line between steps is enough.
    $first = 0
    while ($first -lt $lines.Count -and $lines[$first] -eq '') { $first++ }
    $last = $lines.Count - 1
    while ($last -ge $first -and $lines[$last] -eq '') { $last-- }
    if ($last -ge $first) { $lines[$first..$last] }
}

$district = "a district of $($Students.ToString('N0', [cultureinfo]::InvariantCulture)) students"
Show-Step -Title "1. New-AttendanceDemoStore: $district, five schools and a district office, seed 1" -Step {
    New-AttendanceDemoStore -Path $Path -Students $Students -Seed 1 -Force -Confirm:$false
}
if ($WhatIfPreference) {
    ''
    'The demo store was not created (-WhatIf), so the other steps have nothing to show.'
    return
}

Show-Step -Title '2. Get-AttendanceStore: the store the session is connected to' -Step { Get-AttendanceStore } -Property @(
    'Provider', 'DistrictName', 'CurrentSchoolYear', 'SchemaVersion', 'TimeZone',
    @{ Name = 'Size'; Expression = { '{0:N1} MB' -f ($_.SizeBytes / 1MB) } })

Show-Step -Title '3. Get-AttendanceSchool: the schools' -Step { Get-AttendanceSchool }

# The whole year: it has ended.
Show-Step -Title '4. Update-AttendanceAggregation -SchoolYear 2025-26: the day aggregates of every calendar' -Step {
    Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false
}

# Only the difference is ever written.
Show-Step -Title '5. The same refresh again: nothing to write' -Step {
    Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false
}

# The 2025-26 year is over and already aggregated, so tonight's run would write nothing.
Show-Step -Title "6. Update-AttendanceAggregation -Nightly -Preview: what tonight's run would write" -Step {
    Update-AttendanceAggregation -Nightly -Preview
}

# Absent on 10 % or more of the enrolled days counts (half-day rule); these are the ten highest rates.
Show-Step -Title '7. Get-ChronicAbsenteeism -ChronicOnly: the ten highest absence rates' -Step {
    Get-ChronicAbsenteeism -SchoolYear 2025-26 -ChronicOnly | Sort-Object -Property Rate -Descending | Select-Object -First 10
}

# The scope names every calendar, so it goes last, where the table may shorten it.
Show-Step -Title '8. Get-AttendanceRun: the run log (who ran what, when, and what it wrote)' -Step { Get-AttendanceRun } -Property @(
    'RunId',
    @{ Name = 'StartedAt'; Expression = { $_.StartedAt.LocalDateTime.ToString('yyyy-MM-dd HH:mm') } },
    'Operation', 'Status',
    @{ Name = 'Changes (+/~/-)'; Expression = { '{0:N0}/{1:N0}/{2:N0}' -f $_.Inserted, $_.Updated, $_.Deleted } },
    'Scope')
