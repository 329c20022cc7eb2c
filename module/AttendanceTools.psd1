@{
    RootModule           = 'AttendanceTools.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0f1f5e-8d37-4b8e-9c1a-2f6d1e7a4c93'
    Author               = 'AttendanceTools contributors'
    CompanyName          = 'AttendanceTools'
    Copyright            = '(c) AttendanceTools contributors. MIT License.'
    Description          = 'School-district attendance maintenance and year-end turnover: day aggregation and chronic absenteeism, continuation-education backfill, the daily/meeting attendance bridge, year-end rollovers, and provisioning safeguards. Stores: SQLite now; SQL Server and PostgreSQL are planned (see the README, section Stores).'
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('AttendanceTools.Format.ps1xml')
    CmdletsToExport      = @(
        'New-AttendanceStore'
        'Connect-AttendanceStore'
        'Disconnect-AttendanceStore'
        'Get-AttendanceStore'
        'Set-AttendanceStore'
        'Update-AttendanceStoreSchema'
        'Copy-AttendanceStore'
        'Update-AttendanceAggregation'
        'Get-AttendanceAggregation'
        'Get-ChronicAbsenteeism'
        'New-AttendanceDemoStore'
        'Get-AttendanceSchool'
        'Get-AttendanceCalendar'
        'Get-AttendanceStudent'
        'Get-AttendanceRecord'
        'Get-AttendanceRun'
        'Import-AttendanceData'
        'Export-AttendanceData'
        'Lock-AttendanceStore'
        'Unlock-AttendanceStore'
        'Backup-AttendanceStore'
        'Get-AttendanceBackup'
        'Remove-AttendanceBackup'
        'Restore-AttendanceStore'
        'Start-Rollover'
        'Get-RolloverCriteria'
        'Set-RolloverCriteria'
        'Get-RolloverLog'
        'Restore-Rollover'
        'Undo-AttendanceRun'
        'Get-AttendanceLease'
        'Remove-AttendanceLease'
        'Get-ProvisioningPreview'
        'Export-ProvisioningFeed'
        'Get-AttendanceBridge'
        'Set-AttendanceBridge'
        'Get-AttendanceBellSchedule'
        'Set-AttendanceBellSchedule'
        'Sync-AttendanceBridge'
        'Set-AttendanceRecord'
        'Remove-AttendanceRecord'
        'Get-BackfillPreference'
        'Set-BackfillPreference'
        'Invoke-BackfillValidation'
        'Clear-Backfill'
        'Update-BackfillAggregation'
        'Invoke-Backfill'
        'Get-BackfillReport'
        'Get-BackfillMove'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Attendance', 'Education', 'K12', 'SIS', 'OneRoster', 'EdFi', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/attendancetools/AttendanceTools'
            LicenseUri   = 'https://github.com/attendancetools/AttendanceTools/blob/main/LICENSE'
            ReleaseNotes = 'This version ships: the SQLite store; OneRoster 1.1/1.2 and AttendanceTools CSV import and export; day aggregation and chronic absenteeism; the daily/meeting attendance bridge; continuation-education backfill; undo of runs; the year-end maintenance lock, backups and rollovers; provisioning feeds with roll-up guards. Planned: SQL Server and PostgreSQL stores (see the README, section Stores).'
        }
    }
}
