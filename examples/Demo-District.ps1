#Requires -Version 7.4
<#
.SYNOPSIS
    The quick start: builds the demo district and runs the main jobs on it.

.DESCRIPTION
    Creates a deterministic demo district in an embedded SQLite store, shows the store and its
    schools, refreshes the attendance day aggregates of the whole 2025-26 year, shows that a
    second refresh writes nothing, previews tonight's run, and lists the chronically absent
    students of each school and the run log.

    On a machine without pwsh: dotnet run --project tools/ScriptHost -c Release -- examples/Demo-District.ps1
    With pwsh:                 Import-Module ./out/AttendanceTools; ./examples/Demo-District.ps1

.PARAMETER Path
    Where to create the demo store. Default: demo-district.db in the current folder (replaced if present).

.PARAMETER Students
    How many students the demo district has.

.PARAMETER ModulePath
    Where to import AttendanceTools from when it is not loaded yet. Default: ./out/AttendanceTools.
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

# 1. A deterministic district: five schools and a district office, two school years, a continuation
#    school, a school that switched from Daily to Meeting attendance, and a chronically absent tail.
New-AttendanceDemoStore -Path $Path -Students $Students -Seed 1 -Force -Confirm:$false
Get-AttendanceStore
Get-AttendanceSchool

# 2. The day aggregates of every calendar of 2025-26 (the whole year: it has ended).
Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false

# 3. Only the difference is ever written: the same refresh again writes nothing.
Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false

# 4. What the nightly job would write (nothing: the 2025-26 year is over and already aggregated).
Update-AttendanceAggregation -Nightly -Preview

# 5. Chronic absenteeism (absent on 10 % or more of the enrolled days, half-day rule).
Get-ChronicAbsenteeism -SchoolYear 2025-26 -ChronicOnly | Where-Object { $_.Rate -ge 0.25 }

# 6. The run log: who ran what, when, and what it wrote.
Get-AttendanceRun
