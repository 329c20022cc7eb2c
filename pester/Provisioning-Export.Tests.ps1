#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:runbook = Get-RepositoryPath -ChildPath 'examples/Provisioning-Export.ps1'

    # Changes the demo store the way a registration rollover or a year-end lock would; those cmdlets are
    # built elsewhere, so the SQL goes through the store object's own connection.
    function Invoke-StoreSql {
        param([string] $StorePath, [string] $Sql)
        $store = Connect-AttendanceStore -Path $StorePath -PassThru
        $connection = $store.OpenConnection()
        try {
            $command = $connection.CreateCommand()
            $command.CommandText = $Sql
            $null = $command.ExecuteNonQuery()
        }
        finally {
            $connection.Dispose()
            Disconnect-AttendanceStore
        }
    }

    function Get-FeedState {
        param([string] $Folder)
        (Get-ChildItem -LiteralPath $Folder -File | Sort-Object -Property Name | ForEach-Object { "$($_.Name):$((Get-FileHash -LiteralPath $_.FullName).Hash)" }) -join '|'
    }
}

Describe 'Provisioning-Export runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = Join-Path -Path $TestDrive -ChildPath 'district.db'
        $script:feed = Join-Path -Path $TestDrive -ChildPath 'feed'
        if (Test-Path -LiteralPath $script:feed) { Remove-Item -LiteralPath $script:feed -Recurse -Force }
        $null = New-TestDemoStore -Path $script:store -Students 150 -Seed 11
        $script:run = @{ StorePath = $script:store; Path = $script:feed; ModulePath = $script:modulePath }
    }

    It 'runs as a scheduled job would (pwsh -NoProfile -NonInteractive -File) and exits 0' {
        $job = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $script:store; Path = $script:feed; SchoolYear = 2026; ModulePath = $script:modulePath }

        $job.ExitCode | Should -Be 0 -Because $job.ErrorOutput
    }

    It 'previews, passes the guards and exports the OneRoster package' {
        $output = & $script:runbook @run -SchoolYear 2026

        $preview = $output | Where-Object { $_.PSObject.Properties['Guards'] }
        $result = $output | Where-Object { $_.PSObject.Properties['Status'] }
        $preview.Total | Should -BeGreaterThan 0
        $result.Status | Should -Be 'Exported'
        $result.Total | Should -Be $preview.Total
        Join-Path -Path $script:feed -ChildPath 'manifest.csv' | Should -Exist
        Join-Path -Path $script:feed -ChildPath 'users.csv' | Should -Exist
    }

    It 'writes nothing new when run again right away: the same files byte for byte, the same snapshot, one run-log row with no changes' {
        $first = @(& $script:runbook @run -SchoolYear 2026) | Where-Object { $_.PSObject.Properties['Status'] }
        $files = Get-FeedState -Folder $script:feed
        $snapshotSql = "SELECT StudentUniqueId || '|' || SchoolId || '|' || GradeLevel || '|' || COALESCE(GraduationYear, '') || '|' || ExportedAt FROM ProvisioningSnapshot ORDER BY StudentUniqueId"
        $snapshot = @(Invoke-TestStoreSql -Path $script:store -Sql $snapshotSql)
        $runs = @(Get-AttendanceRun -Store $script:store -Operation ProvisioningExport)

        $second = @(& $script:runbook @run -SchoolYear 2026) | Where-Object { $_.PSObject.Properties['Status'] }

        $second.Status | Should -Be 'Exported'
        ($second.Total, $second.New, $second.Updated, $second.Removed, $second.GraduationYearChanged) | Should -Be @($first.Total, 0, 0, 0, 0)
        Get-FeedState -Folder $script:feed | Should -Be $files
        # The snapshot's rows are unchanged, ExportedAt included (only changed students are rewritten).
        $snapshot.Count | Should -Be $first.Total
        @(Invoke-TestStoreSql -Path $script:store -Sql $snapshotSql) | Should -Be $snapshot
        # Every applied export is one run-log row (domain 4.4); the second one changed nothing.
        $after = @(Get-AttendanceRun -Store $script:store -Operation ProvisioningExport)
        $after.Count | Should -Be ($runs.Count + 1)
        $last = $after | Sort-Object -Property RunId | Select-Object -Last 1
        $last.RunId | Should -Be $second.RunId
        ($last.Inserted, $last.Updated, $last.Deleted, $last.Unchanged) | Should -Be @(0, 0, 0, $first.Total)
        $first.RunId | Should -BeLessThan $second.RunId
    }

    It 'refuses a school year that is not current (SchoolYearMismatch) and writes nothing' {
        $null = & $script:runbook @run -SchoolYear 2026
        $before = Get-FeedState -Folder $script:feed

        { & $script:runbook @run -SchoolYear 2027 } | Should -Throw -ExpectedMessage 'Provisioning export refused (SchoolYearMismatch): *'
        Get-FeedState -Folder $script:feed | Should -Be $before
    }

    It 'refuses a year made current before grades were promoted (GraduationYearGuard) and writes nothing' {
        $null = & $script:runbook @run -SchoolYear 2026
        $before = Get-FeedState -Folder $script:feed
        Invoke-StoreSql -StorePath $script:store -Sql @'
INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote)
SELECT StudentRef, 2027, SchoolRef, GradeLevel, CalendarCode, Status, Promote FROM StudentYearRecord WHERE SchoolYear = 2026;
UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = 2027 THEN 1 ELSE 0 END;
'@

        { & $script:runbook @run -SchoolYear 2027 } | Should -Throw -ExpectedMessage 'Provisioning export refused (GraduationYearGuard): *(100.0%)*'
        Get-FeedState -Folder $script:feed | Should -Be $before
    }

    It 'refuses too many updates, then too many deletes (ChangeThresholdExceeded), and exports once both are raised' {
        $null = & $script:runbook @run -SchoolYear 2026
        $before = Get-FeedState -Folder $script:feed
        Invoke-StoreSql -StorePath $script:store -Sql @'
INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote)
SELECT StudentRef, 2027, SchoolRef, CASE GradeLevel WHEN 'KG' THEN '01' ELSE printf('%02d', CAST(GradeLevel AS INTEGER) + 1) END, CalendarCode, 'Active', 1
FROM StudentYearRecord WHERE SchoolYear = 2026 AND Status = 'Active' AND GradeLevel <> '12' AND StudentRef % 5 <> 0;
UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = 2027 THEN 1 ELSE 0 END;
'@

        # Half the continuing students updated is more than a 50 % limit, whatever the demo's size.
        { & $script:runbook @run -SchoolYear 2027 -MaxUpdatePercent 50 -MaxDeletePercent 100 } | Should -Throw -ExpectedMessage '*(ChangeThresholdExceeded)*would be updated*-MaxUpdatePercent*'
        { & $script:runbook @run -SchoolYear 2027 -MaxUpdatePercent 100 } | Should -Throw -ExpectedMessage '*(ChangeThresholdExceeded)*would be removed*-MaxDeletePercent*'
        Get-FeedState -Folder $script:feed | Should -Be $before

        $output = & $script:runbook @run -SchoolYear 2027 -MaxUpdatePercent 100 -MaxDeletePercent 100
        ($output | Where-Object { $_.PSObject.Properties['Status'] }).Status | Should -Be 'Exported'
    }

    It 'skips, writing nothing and succeeding, while a maintenance lock disables scheduled tasks' {
        $null = & $script:runbook @run -SchoolYear 2026
        $before = Get-FeedState -Folder $script:feed
        Invoke-StoreSql -StorePath $script:store -Sql @'
INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token)
VALUES (1, 'registrar', '2026-06-20T08:00:00.000Z', 'Year-end rollover', 1, 'tok');
'@

        $output = & $script:runbook @run -SchoolYear 2026 3>$null

        $output | Where-Object { $_ -is [string] } | Should -BeLike 'Provisioning export skipped: The store is under a maintenance lock*'
        Get-FeedState -Folder $script:feed | Should -Be $before
    }

    It 'exits with a non-zero code under pwsh -File when the export is refused' {
        $null = & $script:runbook @run -SchoolYear 2026

        $null = & pwsh -NoProfile -NonInteractive -File $script:runbook -StorePath $script:store -Path $script:feed -SchoolYear 2027 -ModulePath $script:modulePath 2>&1

        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'writes no file and keeps the snapshot under -WhatIf' {
        $null = & $script:runbook @run -SchoolYear 2026 -WhatIf

        Test-Path -LiteralPath $script:feed | Should -BeFalse
        @(Get-ProvisioningPreview -Store $script:store -SchoolYear 2026).New | Should -BeGreaterThan 0
    }
}
