#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# examples/Nightly-AttendanceAggregation.ps1 as a scheduler runs it (pwsh -NoProfile -NonInteractive -File),
# on a fresh copy of a small demo district. Its school year 2025-26 has ended by the real date, so the
# first night catches up every attendance day of every calendar.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:runbook = Get-RepositoryPath -ChildPath 'examples/Nightly-AttendanceAggregation.ps1'

    function Get-AggregateCount {
        param([string] $Store, [string] $School)
        if ($School) { return @(Get-AttendanceAggregation -Store $Store -School $School -SchoolYear 2025-26).Count }
        (Get-AttendanceStore -Store $Store).RowCounts['DayAggregate']
    }
}

Describe 'Nightly-AttendanceAggregation runbook' -Tag 'Runbook' {
    BeforeEach {
        $script:store = New-TestDemoStore
        $script:job = @{ StorePath = $script:store; ModulePath = $script:modulePath }
        $script:calendars = @(Get-AttendanceCalendar -Store $script:store -SchoolYear 2025-26)
    }

    It 'runs as a job: exit code 0, nothing on stderr, one Nightly row per calendar of 2025-26' {
        $run = Invoke-RunbookJob -Path $script:runbook -Parameters $script:job

        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        $run.ErrorOutput | Should -BeNullOrEmpty
        $script:calendars.Count | Should -BeGreaterThan 1
        foreach ($calendar in $script:calendars) {
            $row = "^$([regex]::Escape($calendar.School))\s+$([regex]::Escape($calendar.Name))\s+2025-26\s+Nightly\s"
            @($run.Lines -match $row).Count | Should -Be 1 -Because "the job log has one row for $($calendar.School) $($calendar.Name)"
        }
    }

    It 'returns one result object per calendar, with the rows it wrote, and logs the run' {
        $results = @(& $script:runbook @script:job)

        $results.Count | Should -Be $script:calendars.Count
        ($results | ForEach-Object { "$($_.SchoolId) $($_.Calendar)" } | Sort-Object) |
            Should -Be ($script:calendars | ForEach-Object { "$($_.SchoolId) $($_.Name)" } | Sort-Object)
        $results | ForEach-Object {
            $_.Mode | Should -Be 'Nightly'
            $_.SchoolYear | Should -Be '2025-26'
            $_.Updated | Should -Be 0
            $_.Deleted | Should -Be 0
            $_.Inserted | Should -Be $_.StudentDays
        }
        $inserted = ($results | Measure-Object -Property Inserted -Sum).Sum
        $inserted | Should -BeGreaterThan 0
        $inserted | Should -Be (Get-AggregateCount -Store $script:store)
        $run = Get-AttendanceRun -Store $script:store | Sort-Object -Property RunId | Select-Object -Last 1
        $run.Operation | Should -Be 'Aggregation'
        $run.Inserted | Should -Be $inserted
    }

    It 'writes nothing the second night' {
        $first = Invoke-RunbookJob -Path $script:runbook -Parameters $script:job
        $first.ExitCode | Should -Be 0 -Because $first.ErrorOutput
        $rows = Get-AggregateCount -Store $script:store

        $second = @(& $script:runbook @script:job)

        $second.Count | Should -Be $script:calendars.Count
        ($second | Measure-Object -Property Inserted -Sum).Sum | Should -Be 0
        ($second | Measure-Object -Property Updated -Sum).Sum | Should -Be 0
        ($second | Measure-Object -Property Deleted -Sum).Sum | Should -Be 0
        Get-AggregateCount -Store $script:store | Should -Be $rows
    }

    It 'writes nothing under -WhatIf, not even the run log, and says what it would do' {
        $runsBefore = @(Get-AttendanceRun -Store $script:store).Count

        $run = Invoke-RunbookJob -Path $script:runbook -Parameters ($script:job + @{ WhatIf = $true })

        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        @($run.Lines -like 'What if:*').Count | Should -Be $script:calendars.Count
        Get-AggregateCount -Store $script:store | Should -Be 0
        @(Get-AttendanceRun -Store $script:store).Count | Should -Be $runsBefore
    }

    It 'fails the job (exit code 1) naming the path, and creates nothing, when the store does not exist' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.db'

        $run = Invoke-RunbookJob -Path $script:runbook -Parameters @{ StorePath = $missing; ModulePath = $script:modulePath }

        $run.ExitCode | Should -Be 1
        $run.ErrorMessage | Should -BeLike "*There is no store at '$missing'.*"
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'fails the job after refreshing the other calendars when one fails validation, and says why' {
        $sql = "UPDATE BellSchedulePeriod SET StartTime = NULL WHERE BellScheduleRef IN (SELECT b.BellScheduleRef FROM BellSchedule b " +
            "JOIN School s ON s.SchoolRef = b.SchoolRef WHERE s.Name = 'Pine Middle')"
        $null = Invoke-TestStoreSql -Path $script:store -Sql $sql

        $run = Invoke-RunbookJob -Path $script:runbook -Parameters $script:job

        $run.ExitCode | Should -Be 1
        $run.ErrorMessage | Should -BeLike '*The nightly aggregation refresh skipped 1 calendar(s):*PeriodTimesMissing*'
        Get-AggregateCount -Store $script:store -School 'Pine Middle' | Should -Be 0
        Get-AggregateCount -Store $script:store | Should -BeGreaterThan 0 -Because 'the other calendars are refreshed'
        # The refreshed calendars' result objects are not in the job log: pwsh -File formats a script's
        # output as one table at the end, and the final throw stops that before it is printed.
        $runs = @(Get-AttendanceRun -Store $script:store | Where-Object Operation -EQ 'Aggregation')
        $runs.Count | Should -Be 1
        $runs[0].Inserted | Should -Be (Get-AggregateCount -Store $script:store)
    }
}
