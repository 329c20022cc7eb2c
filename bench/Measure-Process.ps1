#Requires -Version 7.4
<#
.SYNOPSIS
    Whole-process figures (issue 16): each scenario timed as a separate PowerShell process that imports
    the built module and runs the cmdlet, as a runbook or a scheduled job does.

.DESCRIPTION
    Builds nothing: build the module first (dotnet build AttendanceTools.sln -c Release, or ./build.ps1).
    Every measured run is a child process started as `dotnet pwsh -NoProfile -NonInteractive -File
    <this script> -Child <scenario> ...` under `/usr/bin/time`, which gives the wall time, user and system
    CPU and the peak resident set size of the whole process (runtime start, module import, connect, the
    cmdlet, exit). The load average is read from /proc/loadavg before and after each scenario. Linux only
    (/usr/bin/time and /proc).

    Scenarios, each -Repeat times (min / median / max are reported):
      Demo store    New-AttendanceDemoStore -Students N -Seed S -NoConnect (the store the others start from).
      Full          Update-AttendanceAggregation -SchoolYear 2026 -AsOf 2026-11-23T12:00 -Confirm:$false on a
                    fresh copy of the demo store (no aggregates yet): every calendar, the whole year, computing
                    overlapped with writing.
      No change     The same command again on the refreshed store: every calendar skipped (inputs unchanged).
      Nightly       Update-AttendanceAggregation -Nightly -AsOf 2026-03-11T03:45 -Confirm:$false on a copy of a
                    store whose nightly of 2026-03-10 03:45 has run (prepared once, not timed: it computed every
                    day through 2026-03-09): computes and inserts 2026-03-10.
      Nightly, no change   The same nightly again on that store: recomputes 2026-03-10, writes nothing.
      Import, first load   Import-AttendanceData -Confirm:$false of the demo store's own package (Export-AttendanceData,
                    once, not timed) into a new empty store (New-AttendanceStore, not timed).
      Import, no change    The same package again into that store: compares every table, writes nothing.
    Copying a store file between runs is not timed.

.PARAMETER Students
    Size of the demo district (default 50,000).

.PARAMETER Repeat
    Runs of each scenario (default 3).

.PARAMETER ModulePath
    The built module folder, imported as users import it (default: out/AttendanceTools of this repository).

.PARAMETER Scenario
    Which groups to run: Refresh (demo store, full, no-change and nightly refreshes), Import (first load and
    re-import of the demo store's package), or both (the default). The demo store is built either way.

.PARAMETER WorkFolder
    Where the store files go (default: a new temporary folder, deleted at the end).

.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-Process.ps1 -Students 50000 -Repeat 3
#>
[CmdletBinding()]
param(
    [int] $Students = 50000,
    [int] $Seed = 1,
    [ValidateRange(1, 100)]
    [int] $Repeat = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '..' 'out' 'AttendanceTools'),
    [string] $WorkFolder,

    # Which scenarios: Refresh (the demo store, full, no-change and nightly refreshes) and Import (first load, no change).
    [ValidateSet('Refresh', 'Import')]
    [string[]] $Scenario = @('Refresh', 'Import'),

    # Child mode (used by this script itself): run one scenario in this process and print its counts.
    [ValidateSet('Demo', 'Full', 'Nightly', 'Prepare', 'Export', 'Import')]
    [string] $Child,
    [string] $StorePath,
    [string] $PackagePath
)

$ErrorActionPreference = 'Stop'

if ($Child) {
    Import-Module -Name $ModulePath
    switch ($Child) {
        'Demo' {
            $r = New-AttendanceDemoStore -Path $StorePath -Students $Students -Seed $Seed -NoConnect -Force -Confirm:$false
            "students=$($r.Students) calendars=$($r.Calendars)"
            return
        }
        'Export' {
            Connect-AttendanceStore -Path $StorePath
            $r = Export-AttendanceData -Path $PackagePath -Force -Confirm:$false
            "files=$($r.Files.Count) rows=$($r.Rows)"
            Disconnect-AttendanceStore
            return
        }
        'Import' {
            if (-not (Test-Path -LiteralPath $StorePath)) { New-AttendanceStore -Path $StorePath | Out-Null }
            Connect-AttendanceStore -Path $StorePath
            $r = Import-AttendanceData -Path $PackagePath -Confirm:$false -WarningAction SilentlyContinue
            "inserted=$($r.Inserted) updated=$($r.Updated) deleted=$($r.Deleted) unchanged=$($r.Unchanged)"
            Disconnect-AttendanceStore
            return
        }
        'Full' { $refresh = @{ SchoolYear = '2026'; AsOf = '2026-11-23T12:00' } }
        'Prepare' { $refresh = @{ Nightly = $true; AsOf = '2026-03-10T03:45' } }
        'Nightly' { $refresh = @{ Nightly = $true; AsOf = '2026-03-11T03:45' } }
    }
    Connect-AttendanceStore -Path $StorePath
    $results = @(Update-AttendanceAggregation @refresh -Confirm:$false -WarningAction SilentlyContinue)
    $days = ($results | Measure-Object -Property StudentDays -Sum).Sum
    $written = ($results | ForEach-Object { $_.Inserted + $_.Updated + $_.Deleted } | Measure-Object -Sum).Sum
    "student-days=$days written=$written"
    Disconnect-AttendanceStore
    return
}

if (-not (Test-Path -LiteralPath /usr/bin/time)) { throw 'Measure-Process.ps1 needs /usr/bin/time (GNU time) for the CPU time and peak RSS of each process.' }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$ownFolder = -not $WorkFolder
if ($ownFolder) { $WorkFolder = Join-Path ([IO.Path]::GetTempPath()) "attendancetools-process-$PID" }
New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$base = Join-Path $WorkFolder 'demo.db'
$work = Join-Path $WorkFolder 'work.db'
$timing = Join-Path $WorkFolder 'time.txt'
$package = Join-Path $WorkFolder 'package'

# One child process under /usr/bin/time: wall s, CPU s (user + system), peak RSS (KiB), and what the child printed.
function Invoke-Child([string] $Scenario, [string] $Store) {
    Push-Location $repoRoot  # `dotnet pwsh` finds the pinned tool from the repository's manifest
    try {
        $out = & /usr/bin/time -f '%e %U %S %M' -o $timing dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath `
            -Child $Scenario -StorePath $Store -PackagePath $package -ModulePath $ModulePath -Students $Students -Seed $Seed 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The $Scenario child process failed (exit code $LASTEXITCODE): $($out -join [Environment]::NewLine)" }
    }
    finally { Pop-Location }
    $f = (Get-Content -LiteralPath $timing | Select-Object -Last 1).Split(' ') | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }
    [pscustomobject]@{ Wall = $f[0]; Cpu = $f[1] + $f[2]; RssKiB = $f[3]; Output = ($out | Select-Object -Last 1) }
}

function Remove-Store([string] $Path) {
    foreach ($suffix in '', '-wal', '-shm') { Remove-Item -LiteralPath "$Path$suffix" -ErrorAction SilentlyContinue }
}

function Copy-Store([string] $From, [string] $To) {
    Remove-Store $To
    foreach ($suffix in '', '-wal', '-shm') {
        if (Test-Path -LiteralPath "$From$suffix") { Copy-Item -LiteralPath "$From$suffix" -Destination "$To$suffix" }
    }
}

$rows = [Collections.Generic.List[object]]::new()
# Runs $Before (untimed) then one timed child, $Repeat times; one result row with min / median / max.
function Measure-Scenario([string] $Name, [string] $Scenario, [string] $Store, [scriptblock] $Before) {
    $loadBefore = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $runs = foreach ($i in 1..$Repeat) {
        if ($Before) { & $Before }
        $r = Invoke-Child $Scenario $Store
        Write-Host ("  {0} run {1}: {2:0.00} s wall, {3:0.00} s CPU, peak RSS {4:N0} MB; {5}" -f $Name, $i, $r.Wall, $r.Cpu, ($r.RssKiB / 1024), $r.Output)
        $r
    }
    $loadAfter = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $wall = @($runs.Wall | Sort-Object)
    $cpu = @($runs.Cpu | Sort-Object)
    $mid = [int][math]::Floor($wall.Count / 2)
    $wallText = '{0:0.00} / {1:0.00} / {2:0.00}' -f $wall[0], $wall[$mid], $wall[-1]
    $peakMb = ($runs.RssKiB | Measure-Object -Maximum).Maximum / 1024
    $rows.Add([pscustomobject]@{
            'Scenario'                    = $Name
            'Wall min / median / max (s)' = $wallText
            'CPU median (s)'              = ('{0:0.00}' -f $cpu[$mid])
            'Peak RSS (MB)'               = ('{0:N0}' -f $peakMb)
            'Counts (last run)'           = $runs[-1].Output
            'Load before / after'         = "$loadBefore / $loadAfter"
        })
}

try {
    $commit = git -C $repoRoot rev-parse --short HEAD 2>$null
    Write-Host "AttendanceTools whole-process figures: $Students students, seed $Seed, $Repeat runs each; commit $commit; module $ModulePath; $([Environment]::ProcessorCount) cores"
    if ('Refresh' -in $Scenario) {
        Measure-Scenario 'New-AttendanceDemoStore' 'Demo' $base
        Measure-Scenario 'Full refresh (Update-AttendanceAggregation -SchoolYear 2026)' 'Full' $work { Copy-Store $base $work }
        Measure-Scenario 'Refresh after nothing changed' 'Full' $work
        $prepared = Join-Path $WorkFolder 'night-prepared.db'
        Copy-Store $base $prepared
        $null = Invoke-Child 'Prepare' $prepared
        Measure-Scenario 'Nightly refresh of one day (-Nightly)' 'Nightly' $work { Copy-Store $prepared $work }
        Measure-Scenario 'Nightly, nothing changed' 'Nightly' $work
    }
    else { $null = Invoke-Child 'Demo' $base }
    if ('Import' -in $Scenario) {
        $null = Invoke-Child 'Export' $base
        $imported = Join-Path $WorkFolder 'imported.db'
        Measure-Scenario 'Import-AttendanceData, first load' 'Import' $imported { Remove-Store $imported }
        Measure-Scenario 'Import-AttendanceData, nothing changed' 'Import' $imported
    }
    $rows | Format-Table -AutoSize | Out-String -Width 400 | Write-Host
    Write-Host "Load average at the end: $(Get-Content /proc/loadavg)"
}
finally {
    if ($ownFolder) { Remove-Item -LiteralPath $WorkFolder -Recurse -Force -ErrorAction SilentlyContinue }
}
