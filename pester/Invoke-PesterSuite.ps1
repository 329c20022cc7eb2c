#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite with the pinned Pester from NuGet: every pester/*.Tests.ps1, or the files given.

.DESCRIPTION
    build.ps1 -Task Pester (and -Task Test) runs this in a separate pwsh. Run it yourself to try one
    test file: dotnet pwsh ./pester/Invoke-PesterSuite.ps1 -Path ./pester/My-Runbook.Tests.ps1
    The module must be built (out/AttendanceTools). Pester is imported from out/modules, and restored
    there from NuGet (tools/PesterRestore) when it is missing; never from a gallery.

    Writes the NUnit results to out/test-results/pester.xml and the counts to
    out/test-results/pester-summary.json; exits 1 when a test, a block or a file failed.

.PARAMETER Path
    Test files or folders. Default: this folder, so every *.Tests.ps1 in it runs, tagged or not.

.PARAMETER TagFilter
    Only tests with one of these tags (for example Runbook).

.PARAMETER Verbosity
    Pester's output verbosity.
#>
[CmdletBinding()]
param(
    [string[]] $Path = @($PSScriptRoot),
    [string[]] $TagFilter,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Path $PSScriptRoot -Parent
$resultsFolder = Join-Path -Path $root -ChildPath 'out/test-results'
$props = [xml] (Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'Directory.Packages.props') -Raw)
$version = @($props.Project.PropertyGroup.PesterVersion | Where-Object { $_ })[0]
$pesterManifest = Join-Path -Path $root -ChildPath "out/modules/Pester/$version/Pester.psd1"

if (-not (Test-Path -LiteralPath $pesterManifest)) {
    Write-Information -MessageData "Pester $version is not in out/modules yet; restoring it from NuGet (tools/PesterRestore)." -InformationAction Continue
    & dotnet build (Join-Path -Path $root -ChildPath 'tools/PesterRestore/PesterRestore.csproj') -c Release -nologo -v:quiet
    if ($LASTEXITCODE -ne 0) { throw "Restoring Pester $version from NuGet failed (dotnet build exit code $LASTEXITCODE)." }
}
Import-Module -Name $pesterManifest

$null = New-Item -ItemType Directory -Path $resultsFolder -Force
$summaryPath = Join-Path -Path $resultsFolder -ChildPath 'pester-summary.json'
if (Test-Path -LiteralPath $summaryPath) { Remove-Item -LiteralPath $summaryPath }

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
if ($env:NO_COLOR -or $env:CI) { $config.Output.RenderMode = 'Plaintext' }
if ($TagFilter) { $config.Filter.Tag = $TagFilter }
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path -Path $resultsFolder -ChildPath 'pester.xml'
$result = Invoke-Pester -Configuration $config

# A failed BeforeAll or a file that does not load fails no test of its own: count them as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount + $result.NotRunCount
    Result  = $result.Result
}
$summary | ConvertTo-Json | Set-Content -LiteralPath $summaryPath
if ($result.Result -ne 'Passed' -or $failed -gt 0) { exit 1 }
