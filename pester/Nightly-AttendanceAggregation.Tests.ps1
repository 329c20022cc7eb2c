#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    $repoRoot = Split-Path -Path $PSScriptRoot -Parent
    $script:modulePath = Join-Path -Path $repoRoot -ChildPath 'out/AttendanceTools/AttendanceTools.psd1'
    $script:runbook = Join-Path -Path $repoRoot -ChildPath 'examples/Nightly-AttendanceAggregation.ps1'
    Import-Module -Name $script:modulePath -Force
}

Describe 'Nightly-AttendanceAggregation runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = Join-Path -Path $TestDrive -ChildPath 'district.db'
        $demo = @{ Path = $script:store; Students = 150; Seed = 11; Force = $true; NoConnect = $true; Confirm = $false }
        $null = New-AttendanceDemoStore @demo
    }

    It 'refreshes every calendar of the current school year, one result object per calendar' {
        $results = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $calendars = Get-AttendanceCalendar -Store $script:store -SchoolYear 2026
        @($results).Count | Should -Be @($calendars).Count
        $results | ForEach-Object { $_.Mode | Should -Be 'Nightly' }
        ($results | Measure-Object -Property Inserted -Sum).Sum | Should -BeGreaterThan 0
    }

    It 'writes nothing when run again with nothing changed' {
        $null = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $again = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        ($again | Measure-Object -Property Inserted -Sum).Sum | Should -Be 0
        ($again | Measure-Object -Property Updated -Sum).Sum | Should -Be 0
        ($again | Measure-Object -Property Deleted -Sum).Sum | Should -Be 0
    }

    It 'writes nothing under -WhatIf' {
        $null = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath -WhatIf

        Get-AttendanceAggregation -Store $script:store -SchoolYear 2026 | Should -BeNullOrEmpty
    }

    It 'throws, naming the path, when the store does not exist' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.db'

        { & $script:runbook -StorePath $missing -ModulePath $script:modulePath } | Should -Throw -ExpectedMessage "*$missing*"
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'exits with a non-zero code under pwsh -File when it fails' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.db'

        $null = & pwsh -NoProfile -NonInteractive -File $script:runbook -StorePath $missing -ModulePath $script:modulePath 2>&1

        $LASTEXITCODE | Should -Not -Be 0
    }
}
