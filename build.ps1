#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, analyzes and packages AttendanceTools.

.DESCRIPTION
    A convenience wrapper for machines with pwsh. The build itself needs only the .NET SDK:
    "dotnet build" lays out the importable module in out/AttendanceTools and its help, and
    "dotnet test" runs every C# test. This script wraps those and adds the steps that need pwsh:
    the Pester runbook tests and PSScriptAnalyzer.

    Tasks run in this order, whatever order they are given in: Build, Test, Analyze, Pester, Package.

.PARAMETER Task
    Build   - dotnet build AttendanceTools.sln (lays out out/AttendanceTools).
    Test    - dotnet test AttendanceTools.sln (engine, cmdlet, compliance and host tests).
    Pester  - Pester 5 runbook tests in pester/ (tag Runbook), in a separate pwsh process.
    Analyze - PSScriptAnalyzer over examples/, pester/ and build.ps1 with PSScriptAnalyzerSettings.psd1;
              any warning fails.
    Package - out/AttendanceTools.zip with the single top folder AttendanceTools/ (Azure Automation).
    All     - all of the above.

.PARAMETER Configuration
    The .NET build configuration.

.EXAMPLE
    ./build.ps1 -Task All

.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Analyze', 'Package', 'All')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$solution = Join-Path -Path $root -ChildPath 'AttendanceTools.sln'
$moduleProject = Join-Path -Path $root -ChildPath 'module/AttendanceTools.Module.csproj'
$manifest = Join-Path -Path $root -ChildPath 'out/AttendanceTools/AttendanceTools.psd1'

function Write-Step {
    param([Parameter(Mandatory)] [string] $Message)
    Write-Information -MessageData "==> $Message" -InformationAction Continue
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Argument)
    Write-Verbose -Message "dotnet $($Argument -join ' ')"
    & dotnet @Argument
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Argument[0]) failed with exit code $LASTEXITCODE."
    }
}

function Import-RequiredModule {
    # Installs a missing tool module for the current user from the PowerShell Gallery, saying so first.
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [version] $MinimumVersion,
        [Parameter(Mandatory)] [version] $BelowVersion
    )
    $maximum = "$($BelowVersion.Major - 1).999.999"
    $installed = @(Get-Module -ListAvailable -Name $Name)
    $available = $installed | Where-Object { $_.Version -ge $MinimumVersion -and $_.Version -lt $BelowVersion }
    if (-not $available) {
        $wanted = "$Name $MinimumVersion or later (below $BelowVersion)"
        Write-Warning -Message "$wanted is not installed; installing it for the current user from the PowerShell Gallery."
        if (Get-Command -Name Install-PSResource -ErrorAction Ignore) {
            $install = @{
                Name            = $Name
                Version         = "[$MinimumVersion,$BelowVersion)"
                Scope           = 'CurrentUser'
                TrustRepository = $true
                Quiet           = $true
            }
            Install-PSResource @install
        }
        else {
            $install = @{
                Name               = $Name
                MinimumVersion     = $MinimumVersion
                MaximumVersion     = $maximum
                Scope              = 'CurrentUser'
                Force              = $true
                SkipPublisherCheck = $true
            }
            Install-Module @install
        }
    }
    Import-Module -Name $Name -MinimumVersion $MinimumVersion -MaximumVersion $maximum
}

function Invoke-SolutionBuild {
    Invoke-Dotnet -Argument @('build', $solution, '-c', $Configuration)
}

function Invoke-SolutionTest {
    Invoke-Dotnet -Argument @('test', $solution, '-c', $Configuration)
}

function Confirm-ModuleBuilt {
    if (-not (Test-Path -LiteralPath $manifest)) {
        Write-Step -Message "The module is not built yet; building it first"
        Invoke-SolutionBuild
    }
}

function Invoke-Linter {
    Import-RequiredModule -Name PSScriptAnalyzer -MinimumVersion '1.22.0' -BelowVersion '2.0.0'
    $settings = Join-Path -Path $root -ChildPath 'PSScriptAnalyzerSettings.psd1'
    $candidates = @('examples', 'pester', 'build.ps1') | ForEach-Object { Join-Path -Path $root -ChildPath $_ }
    $targets = @($candidates | Where-Object { Test-Path -LiteralPath $_ })
    $findings = @(foreach ($target in $targets) { Invoke-ScriptAnalyzer -Path $target -Settings $settings -Recurse })
    if ($findings.Count -gt 0) {
        $columns = @('Severity', 'RuleName', 'ScriptName', 'Line', 'Message')
        $report = $findings | Format-Table -Property $columns -AutoSize -Wrap | Out-String -Width 200
        Write-Information -MessageData $report -InformationAction Continue
        throw "PSScriptAnalyzer reported $($findings.Count) finding(s); fix them (or, with a reason, adjust the settings file)."
    }
    Write-Step -Message "PSScriptAnalyzer: no findings in $($targets.Count) path(s)"
}

function Invoke-PesterTest {
    $pesterFolder = Join-Path -Path $root -ChildPath 'pester'
    if (-not (Test-Path -LiteralPath $pesterFolder)) {
        Write-Warning -Message "There is no pester/ folder; no runbook tests to run."
        return
    }
    Confirm-ModuleBuilt
    Import-RequiredModule -Name Pester -MinimumVersion '5.5.0' -BelowVersion '6.0.0'
    $results = Join-Path -Path $root -ChildPath 'out/pester-results.xml'
    # A child pwsh: the tests import the module's assemblies, which would otherwise stay loaded (and,
    # on Windows, locked) in this session and break the next build.
    $run = {
        param($Path, $ResultPath)
        $ErrorActionPreference = 'Stop'
        Import-Module -Name Pester -MinimumVersion 5.5.0
        $config = New-PesterConfiguration
        $config.Run.Path = $Path
        $config.Run.PassThru = $true
        $config.Filter.Tag = 'Runbook'
        $config.Output.Verbosity = 'Detailed'
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputPath = $ResultPath
        $result = Invoke-Pester -Configuration $config
        if ($result.Result -ne 'Passed') { exit 1 }
        exit 0
    }
    $pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    & $pwsh -NoProfile -NonInteractive -Command $run -args $pesterFolder, $results
    if ($LASTEXITCODE -ne 0) {
        throw "Pester runbook tests failed (results: $results)."
    }
}

function Invoke-Packaging {
    # The MSBuild Package target lays out the module, checks every path is under 140 characters and
    # writes out/AttendanceTools.zip with the single top folder AttendanceTools/ (no pwsh needed in CI).
    Invoke-Dotnet -Argument @('build', $moduleProject, '-c', $Configuration, '-t:Package')
    Get-Item -LiteralPath (Join-Path -Path $root -ChildPath 'out/AttendanceTools.zip')
}

$order = @('Build', 'Test', 'Analyze', 'Pester', 'Package')
$selected = if ($Task -contains 'All') { $order } else { $order | Where-Object { $Task -contains $_ } }
foreach ($step in $selected) {
    Write-Step -Message "$step ($Configuration)"
    switch ($step) {
        'Build' { Invoke-SolutionBuild }
        'Test' { Invoke-SolutionTest }
        'Analyze' { Invoke-Linter }
        'Pester' { Invoke-PesterTest }
        'Package' { Invoke-Packaging }
    }
}
