#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:runbook = Get-RepositoryPath -ChildPath 'examples/Weekly-BackfillValidation.ps1'
    $script:asOf = [datetime]'2025-12-19 12:00'
}

Describe 'Weekly-BackfillValidation runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = Join-Path -Path $TestDrive -ChildPath 'district.db'
        $null = New-TestDemoStore -Path $script:store -Students 150 -Seed 11
    }

    It 'runs as a scheduled job would (pwsh -NoProfile -NonInteractive -File) and exits 0' {
        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $script:store; AsOf = '2025-12-19T12:00'; ModulePath = $script:modulePath }

        $job.ExitCode | Should -Be 0 -Because $job.ErrorOutput
    }

    It 'validates every continuation student of the enabled school, one result object per student' {
        $results = & $script:runbook -StorePath $script:store -AsOf $script:asOf -ModulePath $script:modulePath

        @($results).Count | Should -BeGreaterThan 0
        $results | ForEach-Object { $_.SchoolId | Should -Be '401' }
        $results | ForEach-Object { $_.Reason | Should -BeIn @('NeverApplied', 'Unchanged') }
        $moves = Get-BackfillMove -Store $script:store -School 401 -AsOf $script:asOf
        ($results | Measure-Object -Property MovesInserted -Sum).Sum | Should -Be @($moves).Count
    }

    It 'writes nothing when run again with nothing changed' {
        $null = & $script:runbook -StorePath $script:store -AsOf $script:asOf -ModulePath $script:modulePath

        $again = & $script:runbook -StorePath $script:store -AsOf $script:asOf -ModulePath $script:modulePath

        $again | ForEach-Object { $_.Reason | Should -Be 'Unchanged' }
        ($again | Measure-Object -Property MovesInserted -Sum).Sum | Should -Be 0
        ($again | Measure-Object -Property MovesUpdated -Sum).Sum | Should -Be 0
        ($again | Measure-Object -Property MovesDeleted -Sum).Sum | Should -Be 0
    }

    It 'writes nothing under -WhatIf: same rows in every table (run log included), same data' {
        $before = Get-TestStoreState -Path $script:store

        $null = & $script:runbook -StorePath $script:store -AsOf $script:asOf -ModulePath $script:modulePath -WhatIf

        Get-BackfillMove -Store $script:store -School 401 -AsOf $script:asOf | Should -BeNullOrEmpty
        $after = Get-TestStoreState -Path $script:store
        $after.Rows | Should -Be $before.Rows
        $after.Data | Should -Be $before.Data
    }

    It 'fails, naming the problem, when a school has no backfill' {
        { & $script:runbook -StorePath $script:store -School 101 -AsOf $script:asOf -ModulePath $script:modulePath } |
            Should -Throw -ExpectedMessage '*BackfillNotEnabled*'
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
