#Requires -Version 7.4
<#
.SYNOPSIS
    The one entry point: builds, tests, analyzes, packages AttendanceTools and runs the demo.

.DESCRIPTION
    Runs under the pinned pwsh (dotnet-tools.json), so a machine with only the .NET SDK can use it:

        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

    Tasks run in this order, whatever order they are given in: Build, Test, Pester, Analyze,
    Package, Demo. Each prints a "==>" line when it starts and how long it took when it ends.
    Nothing it needs comes from a gallery: Pester is restored from NuGet (tools/PesterRestore),
    and a missing optional tool (PSScriptAnalyzer) is skipped with a message, never a failure.

.PARAMETER Task
    Build   - dotnet build AttendanceTools.sln: lays out out/AttendanceTools (the module) and
              out/modules/Pester (the pinned Pester, from NuGet).
    Test    - every test: Build, the xunit suites (dotnet test), then the Pester suite. Ends with one
              "N passed, N failed" line per suite and a total. This is what CI runs (.ci/run).
    Pester  - only the Pester suite: every pester/*.Tests.ps1, in a separate pwsh, against the built
              module (built first if it is not there yet).
    Analyze - PSScriptAnalyzer over examples/, pester/ and build.ps1 with PSScriptAnalyzerSettings.psd1,
              any finding fails; skipped, with a message, where PSScriptAnalyzer is not installed.
    Package - out/AttendanceTools.zip with the single top folder AttendanceTools/ (Azure Automation).
    Demo    - examples/Demo-District.ps1 in a separate pwsh: the demo district in out/demo-district.db.
    All     - all of the above.

.PARAMETER Configuration
    The .NET build configuration.

.PARAMETER DemoStudents
    How many students the demo district has (Demo task).

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Analyze', 'Package', 'Demo', 'All')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [ValidateRange(100, 200000)]
    [int] $DemoStudents = 2000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$solution = Join-Path -Path $root -ChildPath 'AttendanceTools.sln'
$moduleProject = Join-Path -Path $root -ChildPath 'module/AttendanceTools.Module.csproj'
$manifest = Join-Path -Path $root -ChildPath 'out/AttendanceTools/AttendanceTools.psd1'
$resultsFolder = Join-Path -Path $root -ChildPath 'out/test-results'
$pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
# Pester's version is pinned once, in Directory.Packages.props (tools/PesterRestore restores it).
$props = [xml] (Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'Directory.Packages.props') -Raw)
$pesterVersion = @($props.Project.PropertyGroup.PesterVersion | Where-Object { $_ })[0]
$script:built = $false
$script:summaries = [System.Collections.Generic.List[object]]::new()

function Write-Step {
    param([Parameter(Mandatory)] [string] $Message)
    Write-Information -MessageData $Message -InformationAction Continue
}

function Format-Duration {
    param([Parameter(Mandatory)] [timespan] $Duration)
    if ($Duration.TotalMinutes -ge 1) { '{0} min {1:00} s' -f [int][math]::Floor($Duration.TotalMinutes), $Duration.Seconds } else { '{0:0.0} s' -f $Duration.TotalSeconds }
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Argument)
    Write-Verbose -Message "dotnet $($Argument -join ' ')"
    & dotnet @Argument
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Argument -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-SolutionBuild {
    Invoke-Dotnet -Argument @('build', $solution, '-c', $Configuration, '-nologo')
    $script:built = $true
}

function Confirm-ModuleBuilt {
    if (-not $script:built -and -not (Test-Path -LiteralPath $manifest)) {
        Write-Step -Message '    The module is not built yet; building it first.'
        Invoke-SolutionBuild
    }
}

function Add-Summary {
    param([string] $Suite, [int] $Passed, [int] $Failed, [int] $Skipped)
    $script:summaries.Add([pscustomobject]@{ Suite = $Suite; Passed = $Passed; Failed = $Failed; Skipped = $Skipped })
}

function Invoke-XunitTest {
    # dotnet test writes one TRX file per test project; their counters are the suite's numbers.
    $trxFolder = Join-Path -Path $resultsFolder -ChildPath 'xunit'
    if (Test-Path -LiteralPath $trxFolder) { Remove-Item -LiteralPath $trxFolder -Recurse -Force }
    & dotnet test $solution -c $Configuration --no-build --logger trx --results-directory $trxFolder
    $exitCode = $LASTEXITCODE
    $passed = 0
    $failed = 0
    $skipped = 0
    $files = @(Get-ChildItem -LiteralPath $trxFolder -Filter '*.trx' -ErrorAction Ignore)
    foreach ($file in $files) {
        $counters = ([xml] (Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        # The TRX logger counts a skipped test in total but not in executed (its notExecuted stays 0).
        $skipped += [int] $counters.total - [int] $counters.executed
    }
    # A crashed test host or a project that never ran still fails the suite.
    if ($exitCode -ne 0 -and $failed -eq 0) { $failed = 1 }
    if ($files.Count -eq 0 -and $exitCode -eq 0) {
        throw "dotnet test reported success but wrote no results to $trxFolder."
    }
    Add-Summary -Suite 'xunit' -Passed $passed -Failed $failed -Skipped $skipped
}

function Invoke-PesterTest {
    Confirm-ModuleBuilt
    $summaryPath = Join-Path -Path $resultsFolder -ChildPath 'pester-summary.json'
    if (Test-Path -LiteralPath $summaryPath) { Remove-Item -LiteralPath $summaryPath }
    # A separate pwsh: the tests load the module's assemblies, which would otherwise stay loaded (and,
    # on Windows, locked) in this session and break the next build. The runner restores Pester from
    # NuGet when it is missing and runs every pester/*.Tests.ps1.
    & $pwsh -NoProfile -NonInteractive -File (Join-Path -Path $root -ChildPath 'pester/Invoke-PesterSuite.ps1')
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $summaryPath)) {
        Write-Step -Message "    The Pester run ended (exit code $exitCode) before it wrote its results."
        Add-Summary -Suite 'pester' -Passed 0 -Failed 1 -Skipped 0
        return
    }
    $summary = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    $failed = [int] $summary.Failed
    if ($exitCode -ne 0 -and $failed -eq 0) { $failed = 1 }
    Add-Summary -Suite 'pester' -Passed $summary.Passed -Failed $failed -Skipped $summary.Skipped
}

function Invoke-Linter {
    $analyzer = Get-Module -ListAvailable -Name PSScriptAnalyzer | Sort-Object -Property Version -Descending | Select-Object -First 1
    if (-not $analyzer) {
        Write-Step -Message ('    Skipped: PSScriptAnalyzer is not installed here (the NuGet registry does not serve it). ' +
            'Where the PowerShell Gallery is reachable, Install-PSResource -Name PSScriptAnalyzer, then run this task again.')
        return
    }
    Import-Module -Name $analyzer.Path
    $settings = Join-Path -Path $root -ChildPath 'PSScriptAnalyzerSettings.psd1'
    $candidates = @('examples', 'pester', 'build.ps1') | ForEach-Object { Join-Path -Path $root -ChildPath $_ }
    $targets = @($candidates | Where-Object { Test-Path -LiteralPath $_ })
    $findings = @(foreach ($target in $targets) { Invoke-ScriptAnalyzer -Path $target -Settings $settings -Recurse })
    if ($findings.Count -gt 0) {
        $columns = @('Severity', 'RuleName', 'ScriptName', 'Line', 'Message')
        $report = $findings | Format-Table -Property $columns -AutoSize -Wrap | Out-String -Width 200
        Write-Step -Message $report
        throw "PSScriptAnalyzer $($analyzer.Version) reported $($findings.Count) finding(s); fix them (or, with a reason, adjust the settings file)."
    }
    Write-Step -Message "    PSScriptAnalyzer $($analyzer.Version): no findings in $($targets.Count) path(s)."
}

function Invoke-Packaging {
    # The MSBuild Package target lays out the module, checks every path is under 140 characters and
    # writes out/AttendanceTools.zip with the single top folder AttendanceTools/.
    Invoke-Dotnet -Argument @('build', $moduleProject, '-c', $Configuration, '-nologo', '-t:Package')
    $zip = Get-Item -LiteralPath (Join-Path -Path $root -ChildPath 'out/AttendanceTools.zip')
    Write-Step -Message ('    {0} ({1:N1} MB)' -f $zip.FullName, ($zip.Length / 1MB))
}

function Invoke-Demo {
    Confirm-ModuleBuilt
    $store = Join-Path -Path $root -ChildPath 'out/demo-district.db'
    $demo = Join-Path -Path $root -ChildPath 'examples/Demo-District.ps1'
    # As a user runs it: a fresh pwsh, the script imports the built module itself.
    & $pwsh -NoProfile -NonInteractive -File $demo -Path $store -Students $DemoStudents -ModulePath $manifest
    if ($LASTEXITCODE -ne 0) { throw "examples/Demo-District.ps1 failed with exit code $LASTEXITCODE." }
    Write-Step -Message "    The demo store is $store; try: Import-Module ./out/AttendanceTools; Connect-AttendanceStore -Path $store"
}

$order = @('Build', 'Test', 'Pester', 'Analyze', 'Package', 'Demo')
$selected = @(if ($Task -contains 'All') { $order } else { $order | Where-Object { $Task -contains $_ } })
# Test runs the Pester suite itself.
if ($selected -contains 'Test') { $selected = @($selected | Where-Object { $_ -ne 'Pester' }) }
$total = [System.Diagnostics.Stopwatch]::StartNew()
$timings = [System.Collections.Generic.List[string]]::new()
foreach ($step in $selected) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    switch ($step) {
        'Build' {
            Write-Step -Message "==> Build ($Configuration): dotnet build AttendanceTools.sln (restores packages, builds, lays out out/AttendanceTools)"
            Invoke-SolutionBuild
        }
        'Test' {
            if (-not $script:built) {
                Write-Step -Message "==> Build ($Configuration), for the tests"
                $part = [System.Diagnostics.Stopwatch]::StartNew()
                Invoke-SolutionBuild
                Write-Step -Message "<== Build done in $(Format-Duration -Duration $part.Elapsed)"
            }
            Write-Step -Message '==> Test: the xunit suites (dotnet test)'
            $part = [System.Diagnostics.Stopwatch]::StartNew()
            Invoke-XunitTest
            Write-Step -Message "<== xunit done in $(Format-Duration -Duration $part.Elapsed)"
            Write-Step -Message "==> Test: the Pester suite (pester/*.Tests.ps1, Pester $pesterVersion, pwsh $($PSVersionTable.PSVersion))"
            $part = [System.Diagnostics.Stopwatch]::StartNew()
            Invoke-PesterTest
            Write-Step -Message "<== Pester done in $(Format-Duration -Duration $part.Elapsed)"
        }
        'Pester' {
            Write-Step -Message "==> Pester: pester/*.Tests.ps1 (Pester $pesterVersion, pwsh $($PSVersionTable.PSVersion))"
            Invoke-PesterTest
        }
        'Analyze' {
            Write-Step -Message '==> Analyze: PSScriptAnalyzer'
            Invoke-Linter
        }
        'Package' {
            Write-Step -Message '==> Package: out/AttendanceTools.zip'
            Invoke-Packaging
        }
        'Demo' {
            Write-Step -Message "==> Demo: examples/Demo-District.ps1 ($DemoStudents students)"
            Invoke-Demo
        }
    }
    $timings.Add("$step $(Format-Duration -Duration $clock.Elapsed)")
    Write-Step -Message "<== $step done in $(Format-Duration -Duration $clock.Elapsed)"
}
Write-Step -Message "Finished in $(Format-Duration -Duration $total.Elapsed) ($($timings -join ', '))."

# The summary lines come last: one per suite, then the total, each "N passed, N failed".
if ($script:summaries.Count -gt 0) {
    foreach ($summary in $script:summaries) {
        Write-Step -Message ('{0}: {1} passed, {2} failed, {3} skipped' -f $summary.Suite, $summary.Passed, $summary.Failed, $summary.Skipped)
    }
    $passed = ($script:summaries | Measure-Object -Property Passed -Sum).Sum
    $failed = ($script:summaries | Measure-Object -Property Failed -Sum).Sum
    Write-Step -Message "total: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}
