#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# What a district administrator does with the module's objects in ordinary scripts, in real pwsh
# (issue #11): filter with Get-Date, Export-Csv and read it back, ConvertTo-Json, tab completion,
# and a misspelt school name.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
    $null = Import-TestModule
    $script:store = New-TestDemoStore
    Connect-AttendanceStore -Path $script:store
}

AfterAll {
    Disconnect-AttendanceStore
}

Describe 'Everyday scripting with AttendanceTools objects' -Tag 'Scripting' {
    It 'filters records by date with Get-Date' {
        $week = @(Get-AttendanceRecord -From 2025-10-06 -To 2025-10-10)
        $later = @($week | Where-Object Date -ge (Get-Date -Date 2025-10-08))
        $day = @($week | Where-Object Date -eq (Get-Date -Date 2025-10-08).Date)

        $week.Count | Should -BeGreaterThan 0
        $later.Count | Should -BeGreaterThan 0
        $later.Count | Should -BeLessThan $week.Count
        $day.Count | Should -BeGreaterThan 0
        $day | ForEach-Object { $_.Date.ToString('yyyy-MM-dd') } | Sort-Object -Unique | Should -Be '2025-10-08'
    }

    It 'writes records to CSV with Export-Csv and reads the same rows back' {
        $csv = Join-Path -Path $TestDrive -ChildPath 'records.csv'
        $records = @(Get-AttendanceRecord -From 2025-10-06 -To 2025-10-07)
        $records | Export-Csv -LiteralPath $csv

        $back = @(Import-Csv -LiteralPath $csv)
        $back.Count | Should -Be $records.Count
        $back[0].Student | Should -Be $records[0].Student
        $back[0].Code | Should -Be $records[0].Code
        ([datetime]$back[0].Date).Date | Should -Be $records[0].Date
    }

    It 'exports dates as ISO text and lists as text joined with "; ", and they read back' {
        $csv = Join-Path -Path $TestDrive -ChildPath 'students.csv'
        $students = @(Get-AttendanceStudent -School 401 | Where-Object { $_.Programs.Count -gt 0 })
        $students | Export-Csv -LiteralPath $csv
        $schedules = Join-Path -Path $TestDrive -ChildPath 'schedules.csv'
        $bell = @(Get-AttendanceBellSchedule -School 'Cedar High')
        $bell | Export-Csv -LiteralPath $schedules

        $back = @(Import-Csv -LiteralPath $csv)
        $back.Count | Should -Be $students.Count
        $back[0].BirthDate | Should -Be $students[0].BirthDate.ToString('yyyy-MM-dd')
        $back[0].BirthDate | Should -Match '^\d{4}-\d{2}-\d{2}$'
        $back[0].Programs | Should -Be ($students[0].Programs -join '; ')
        $back[0].Programs | Should -Be 'Continuation Education'
        [datetime] $back[0].BirthDate | Should -Be $students[0].BirthDate
        (Import-Csv -LiteralPath $schedules)[0].Periods | Should -Be (@($bell[0].Periods | ForEach-Object { "$_" }) -join '; ')
        # Still a DateTime and a list to scripts: compare, index, count.
        $students[0].BirthDate | Should -BeOfType [datetime]
        $students[0].BirthDate -lt (Get-Date) | Should -BeTrue
        $students[0].Programs[0] | Should -Be 'Continuation Education'
    }

    It 'writes a timestamp with the district offset to CSV' {
        $run = Get-AttendanceRun -Operation BulkLoad
        ($run | ConvertTo-Csv | ConvertFrom-Csv).StartedAt | Should -Be $run.StartedAt.ToString('yyyy-MM-ddTHH:mm:sszzz')
    }

    It 'converts objects to JSON with plain values, and run details as objects' {
        $record = Get-AttendanceRecord -From 2025-10-06 -To 2025-10-06 | Select-Object -First 1
        $json = $record | ConvertTo-Json | ConvertFrom-Json
        $json.Date | Should -BeOfType [datetime]
        $json.Student | Should -Be $record.Student

        $load = Get-AttendanceRun -Operation BulkLoad
        $load.Details.Student | Should -BeGreaterThan 0
        ($load | ConvertTo-Json -Depth 4 | ConvertFrom-Json).Details.Student | Should -Be $load.Details.Student
    }

    It 'completes school names and student ids through TabExpansion2' {
        $line = 'Get-ChronicAbsenteeism -School Ced'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "'Cedar High'"

        $student = (Get-AttendanceStudent | Select-Object -First 1).StudentId
        $line = "Get-AttendanceAggregation -Student $($student.Substring(0, $student.Length - 1))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $student
    }

    It 'says so when a school name is misspelt, instead of returning nothing' {
        { Get-ChronicAbsenteeism -School 'Ceder High' -ErrorAction Stop } | Should -Throw -ErrorId 'SchoolNotFound,AttendanceTools.Commands.GetChronicAbsenteeismCommand'
        { Get-AttendanceStudent -School 'Ceder High' -ErrorAction Stop } | Should -Throw -ErrorId 'SchoolNotFound,AttendanceTools.Commands.GetAttendanceStudentCommand'
    }

    It 'reports the misspelt name and still returns the other names (a non-terminating error)' {
        $schools = @(Get-AttendanceSchool -Name 'Ceder High', 'Cedar High' -ErrorVariable problems -ErrorAction SilentlyContinue)

        @($schools.Name) | Should -Be @('Cedar High')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SchoolNotFound,AttendanceTools.Commands.GetAttendanceSchoolCommand'
        $problems[0].TargetObject | Should -Be 'Ceder High'
    }

    It 'warns, saying what to run, when a school year has no aggregates yet' {
        $rows = @(Get-AttendanceAggregation -SchoolYear 2026-27 -WarningVariable said -WarningAction SilentlyContinue)

        $rows.Count | Should -Be 0
        "$said" | Should -Be 'School year 2026-27 has no day aggregates yet, so there is nothing to read for it. Run Update-AttendanceAggregation -SchoolYear 2026-27 to compute them.'
    }
}
