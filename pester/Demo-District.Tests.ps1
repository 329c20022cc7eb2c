#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# examples/Demo-District.ps1 (the README's quick start) as a job runs it: pwsh -NoProfile -NonInteractive -File,
# with a small district (100 students) so it is quick. The script prints text, not objects: a header
# and one table per step. Its objects are the store it leaves behind, read back with the cmdlets.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $script:modulePath = Import-TestModule
    $script:demo = Get-RepositoryPath -ChildPath 'examples/Demo-District.ps1'

    function Get-StepLine {
        # The non-empty lines of one step: its "== N." header, then its table, up to the next header.
        param([string[]] $Lines, [int] $Step)
        $inStep = $false
        foreach ($line in $Lines) {
            if ($line -like '== *') { $inStep = $line -like "== $Step. *" }
            if ($inStep -and $line -ne '') { $line }
        }
    }

    $script:store = Join-Path -Path $TestDrive -ChildPath 'demo.db'
    $script:first = Invoke-RunbookJob -Path $script:demo -Parameters @{ Path = $script:store; Students = 100; ModulePath = $script:modulePath }
    $script:firstCounts = (Get-AttendanceStore -Store $script:store).RowCounts
}

Describe 'Demo-District example' -Tag 'Runbook' {
    It 'runs as a job: exit code 0, nothing on stderr, eight steps each with a header and its own table' {
        $script:first.ExitCode | Should -Be 0 -Because $script:first.ErrorOutput
        $script:first.ErrorOutput | Should -BeNullOrEmpty
        $headers = @($script:first.Lines -like '== *')
        $headers.Count | Should -Be 8
        foreach ($step in 1..8) {
            $lines = @(Get-StepLine -Lines $script:first.Lines -Step $step)
            $lines.Count | Should -BeGreaterOrEqual 4 -Because "step $step has a header, column names, a rule and rows"
            $lines[2] | Should -Match '^-+( +-+)+$' -Because "step $step is a table"
        }
        $script:first.Lines.Count | Should -BeLessThan 120 -Because 'a table per step, not a list of every property'
    }

    It 'shows the store it created and every school in it' {
        $created = Get-StepLine -Lines $script:first.Lines -Step 1
        $created[1] | Should -Match '^Path\s+SchoolYear\s+Schools\s+Students\s+Seed\s+TotalRows\s+Duration$'
        $schoolCount = @(Get-AttendanceSchool -Store $script:store).Count
        $created[3] | Should -Match "^$([regex]::Escape($script:store))\s+2025-26\s+$schoolCount\s+100\s+1\s"

        $schools = Get-StepLine -Lines $script:first.Lines -Step 3
        $expected = @(Get-AttendanceSchool -Store $script:store)
        $expected.Count | Should -BeGreaterThan 1
        foreach ($school in $expected) {
            @($schools -match "^$($school.SchoolId)\s+$([regex]::Escape($school.Name))\s").Count | Should -Be 1
        }
    }

    It 'refreshes every calendar of 2025-26 once, and the second refresh writes nothing' {
        $calendars = @(Get-AttendanceCalendar -Store $script:store -SchoolYear 2025-26)
        $refresh = @(Get-StepLine -Lines $script:first.Lines -Step 4 | Select-Object -Skip 3)
        $again = @(Get-StepLine -Lines $script:first.Lines -Step 5 | Select-Object -Skip 3)

        $refresh.Count | Should -Be $calendars.Count
        $again.Count | Should -Be $calendars.Count
        $refresh | ForEach-Object { $_ | Should -Match '\sManual\s+2026-06-05\s+[\d,]+\s+[1-9][\d,]*\s+0\s+0\s' }
        $again | ForEach-Object { $_ | Should -Match '\sManual\s+2026-06-05\s+[\d,]+\s+0\s+0\s+0\s' }
    }

    It 'leaves a store whose run log has the load and the two refreshes, the second writing nothing' {
        $runs = @(Get-AttendanceRun -Store $script:store | Sort-Object -Property RunId)

        $runs.Operation | Should -Be @('BulkLoad', 'Aggregation', 'Aggregation')
        $runs[1].Inserted | Should -Be $script:firstCounts['DayAggregate']
        $runs[1].Inserted | Should -BeGreaterThan 0
        $runs[2].Inserted + $runs[2].Updated + $runs[2].Deleted | Should -Be 0
        $runs | ForEach-Object { $_.Status | Should -Be 'Succeeded' }
    }

    It 'builds the same district again on a second run (same seed, same rows)' {
        $second = Invoke-RunbookJob -Path $script:demo -Parameters @{ Path = $script:store; Students = 100; ModulePath = $script:modulePath }

        $second.ExitCode | Should -Be 0 -Because $second.ErrorOutput
        $counts = (Get-AttendanceStore -Store $script:store).RowCounts
        foreach ($table in $script:firstCounts.Keys) {
            $counts[$table] | Should -Be $script:firstCounts[$table] -Because "table $table"
        }
        Get-StepLine -Lines $second.Lines -Step 3 | Should -Be (Get-StepLine -Lines $script:first.Lines -Step 3)
        Get-StepLine -Lines $second.Lines -Step 7 | Should -Be (Get-StepLine -Lines $script:first.Lines -Step 7)
    }

    It 'creates nothing under -WhatIf, and says so' {
        $path = Join-Path -Path $TestDrive -ChildPath 'whatif.db'

        $run = Invoke-RunbookJob -Path $script:demo -Parameters @{ Path = $path; Students = 100; ModulePath = $script:modulePath; WhatIf = $true }

        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        @($run.Lines -like 'What if:*').Count | Should -BeGreaterThan 0
        $run.Lines | Should -Contain 'The demo store was not created (-WhatIf), so the other steps have nothing to show.'
        @($run.Lines -like '== *').Count | Should -Be 1
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'fails the job (exit code 1) naming the path when the store cannot be created' {
        $path = Join-Path -Path $TestDrive -ChildPath 'no-such-folder/demo.db'

        $run = Invoke-RunbookJob -Path $script:demo -Parameters @{ Path = $path; Students = 100; ModulePath = $script:modulePath }

        $run.ExitCode | Should -Be 1
        $run.ErrorMessage | Should -BeLike "*$path*"
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}
