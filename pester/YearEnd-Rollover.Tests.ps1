#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:runbook = Get-RepositoryPath -ChildPath 'examples/YearEnd-Rollover.ps1'
}

Describe 'YearEnd-Rollover runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = Join-Path -Path $TestDrive -ChildPath 'district.db'
        $null = New-TestDemoStore -Path $script:store -Students 150 -Seed 11
        $script:criteria = Join-Path -Path $TestDrive -ChildPath 'criteria.json'
        Get-RolloverCriteria -Default -AsJson | Set-Content -Path $script:criteria
    }

    It 'runs as a scheduled job would (pwsh -NoProfile -NonInteractive -File) and exits 0' {
        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $script:store; CriteriaPath = $script:criteria; ModulePath = $script:modulePath }

        $job.ExitCode | Should -Be 0 -Because $job.ErrorOutput
    }

    It 'runs the whole checklist: four rollovers in order, the next year current, the store unlocked' {
        $results = & $script:runbook -StorePath $script:store -CriteriaPath $script:criteria -ModulePath $script:modulePath

        @($results | ForEach-Object Type) | Should -Be @('Registration', 'Scheduling', 'MarkReporting', 'SuccessPlan')
        $results[0].Processed | Should -BeGreaterThan 0
        $results[0].Mode | Should -Be 'Applied'
        $info = Get-AttendanceStore -Store $script:store
        $info.CurrentSchoolYear | Should -Be '2026-27'
        $info.IsLocked | Should -BeFalse
        @(Get-AttendanceBackup -Store $script:store -Kind Store).Count | Should -Be 1
    }

    It 'stops on criteria with a missing next-year value, exits non-zero leaving the lock, and succeeds when rerun with fixed criteria' {
        $bad = Get-RolloverCriteria -Default | ForEach-Object {
            if ($_.Sequence -eq 2) {
                # Seniors "graduate" into Active with their (empty) next-year school: CriterionValueMissing.
                [pscustomobject]@{ Sequence = 2; Name = 'Seniors'; Conditions = $_.Conditions; AssignStatus = 'Active'; Updates = @{ SchoolId = 'NextYear' } }
            }
            else { $_ }
        }
        $badFile = Join-Path -Path $TestDrive -ChildPath 'bad.json'
        $bad | ConvertTo-Json -Depth 4 | Set-Content -Path $badFile

        $output = & pwsh -NoProfile -NonInteractive -File $script:runbook -StorePath $script:store -CriteriaPath $badFile -ModulePath $script:modulePath 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        ($output | Out-String) | Should -Match 'CriterionValueMissing|NextYearSchoolId'
        (Get-AttendanceStore -Store $script:store).IsLocked | Should -BeTrue
        (Get-AttendanceStore -Store $script:store).CurrentSchoolYear | Should -Be '2025-26'

        $results = & $script:runbook -StorePath $script:store -CriteriaPath $script:criteria -ModulePath $script:modulePath
        @($results | ForEach-Object Type) | Should -Be @('Registration', 'Scheduling', 'MarkReporting', 'SuccessPlan')
        (Get-AttendanceStore -Store $script:store).IsLocked | Should -BeFalse
    }

    It 'writes nothing under -WhatIf: same rows in every table, same data, no backup, not locked; it says what it would do' {
        $before = Get-TestStoreState -Path $script:store
        $backups = Join-Path -Path $TestDrive -ChildPath 'district.db.backups'
        $backupsBefore = @(Get-ChildItem -LiteralPath $backups -Recurse -ErrorAction Ignore).Count

        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $script:store; CriteriaPath = $script:criteria; ModulePath = $script:modulePath; WhatIf = $true }

        $job.ExitCode | Should -Be 0 -Because $job.ErrorOutput
        $after = Get-TestStoreState -Path $script:store
        $after.Rows | Should -Be $before.Rows
        $after.Data | Should -Be $before.Data
        @(Get-ChildItem -LiteralPath $backups -Recurse -ErrorAction Ignore).Count | Should -Be $backupsBefore
        $info = Get-AttendanceStore -Store $script:store
        $info.IsLocked | Should -BeFalse
        $info.CurrentSchoolYear | Should -Be '2025-26'
        $whatIf = @($job.Lines | Where-Object { $_ -like 'What if:*' })
        $whatIf[0] | Should -BeLike "What if: Lock the store '*district.db' for maintenance (Year-end rollover)."
        $whatIf[1] | Should -BeLike "What if: Back up the store '*district.db' to the folder '*district.db.backups'."
        $whatIf[2] | Should -BeLike 'What if: Replace the registration rollover criteria with 4 criteria*'
        @($whatIf | Where-Object { $_ -like '*Start the * rollover*' } | ForEach-Object { ($_ -split ' ')[7] }) | Should -Be @('Registration', 'Scheduling', 'MarkReporting', 'SuccessPlan')
        $whatIf[-1] | Should -BeLike 'What if: Performing the operation "Unlock the store"*'
    }

    It 'resumes after a stop: a second run processes nobody and still unlocks' {
        $null = & $script:runbook -StorePath $script:store -CriteriaPath $script:criteria -ModulePath $script:modulePath

        $again = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $again[0].Processed | Should -Be 0
        (Get-AttendanceStore -Store $script:store).IsLocked | Should -BeFalse
    }
}
