#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:runbook = Get-RepositoryPath -ChildPath 'examples/Sync-AttendanceBridge.ps1'
}

Describe 'Sync-AttendanceBridge runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = Join-Path -Path $TestDrive -ChildPath 'district.db'
        $null = New-TestDemoStore -Path $script:store -Students 150 -Seed 11
    }

    It 'runs as a scheduled job would (pwsh -NoProfile -NonInteractive -File) and exits 0' {
        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $script:store; ModulePath = $script:modulePath }

        $job.ExitCode | Should -Be 0 -Because $job.ErrorOutput
    }

    It 'syncs the school that switched method, from its switch date, creating records with Origin Sync' {
        $switcher = Get-AttendanceBridge -Store $script:store | Where-Object RecordingMethodSince

        $result = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        @($result).Count | Should -Be 1
        $result.School | Should -Be $switcher.School
        $result.Direction | Should -Be 'MeetingToDaily'
        $result.From | Should -Be $switcher.RecordingMethodSince
        $result.Created | Should -BeGreaterThan 0
        $synced = Get-AttendanceRecord -Store $script:store -Kind Daily -School $switcher.School | Where-Object Origin -eq 'Sync'
        @($synced).Count | Should -Be $result.Created
    }

    It 'creates nothing when run again' {
        $first = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $again = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $again.Created | Should -Be 0
        $again.AlreadyPresent | Should -Be ($first.Created + $first.AlreadyPresent)
    }

    It 'writes nothing under -WhatIf: same rows in every table (run log included), same data' {
        $before = Get-TestStoreState -Path $script:store

        $null = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath -WhatIf

        Get-AttendanceRecord -Store $script:store -Kind Daily | Where-Object Origin -eq 'Sync' | Should -BeNullOrEmpty
        $after = Get-TestStoreState -Path $script:store
        $after.Rows | Should -Be $before.Rows
        $after.Data | Should -Be $before.Data
    }

    It 'is undone by Undo-AttendanceRun' {
        $result = & $script:runbook -StorePath $script:store -ModulePath $script:modulePath

        $undo = Undo-AttendanceRun -Store $script:store -RunId $result.RunId -Confirm:$false

        $undo.Restored | Should -Be $result.Created
        Get-AttendanceRecord -Store $script:store -Kind Daily | Where-Object Origin -eq 'Sync' | Should -BeNullOrEmpty
    }

    It 'fails naming the school when a school is refused' {
        { & $script:runbook -StorePath $script:store -ModulePath $script:modulePath -School 'Oak Elementary' } |
            Should -Throw -ExpectedMessage '*BridgeNotConfigured*Oak Elementary*'
    }

    It 'throws, naming the path, when the store does not exist' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.db'

        { & $script:runbook -StorePath $missing -ModulePath $script:modulePath } | Should -Throw -ExpectedMessage "*$missing*"
    }

    It 'resolves a relative -StorePath against the current location' {
        Push-Location -LiteralPath $TestDrive
        try { $result = & $script:runbook -StorePath './district.db' -ModulePath $script:modulePath }
        finally { Pop-Location }

        $result.Created | Should -BeGreaterThan 0
    }

    It 'exits with a non-zero code under pwsh -File when it fails' {
        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = (Join-Path -Path $TestDrive -ChildPath 'missing.db'); ModulePath = $script:modulePath }

        $job.ExitCode | Should -Be 1
    }
}
