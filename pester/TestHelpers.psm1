<#
    Shared by every pester/*.Tests.ps1 (the runbook tests): import the BUILT module, make a small
    demo store in the test drive, run a script as a scheduled job does, and read or edit a store
    with SQL where no cmdlet can. README.md, "Adding a runbook test", shows how to use them.

    Import it in the test file's BeforeAll:
        Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1')
#>

Set-StrictMode -Version 3.0

$script:RepositoryRoot = Split-Path -Path $PSScriptRoot -Parent
# One demo store per size and seed per test run; each test gets its own copy (generating is slower).
$script:TemplateFolder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "attendancetools-pester-$PID"

$ExecutionContext.SessionState.Module.OnRemove = {
    if (Test-Path -LiteralPath $script:TemplateFolder) { Remove-Item -LiteralPath $script:TemplateFolder -Recurse -Force }
}

function Get-RepositoryPath {
    <# .SYNOPSIS The full path of a file or folder of this repository (the root without -ChildPath). #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $ChildPath)
    if ($ChildPath) { Join-Path -Path $script:RepositoryRoot -ChildPath $ChildPath } else { $script:RepositoryRoot }
}

function Get-TestModulePath {
    <# .SYNOPSIS The built module's manifest, out/AttendanceTools/AttendanceTools.psd1; fails when it is not built. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $manifest = Get-RepositoryPath -ChildPath 'out/AttendanceTools/AttendanceTools.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not built: '$manifest' does not exist. Run 'dotnet build AttendanceTools.sln -c Release' (or ./build.ps1) first."
    }
    $manifest
}

function Import-TestModule {
    <# .SYNOPSIS Imports the built AttendanceTools into the test session (once) and returns its manifest path. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $manifest = Get-TestModulePath
    if (-not (Get-Module -Name AttendanceTools)) { Import-Module -Name $manifest -Global }
    $manifest
}

function Get-TestDriveFolder {
    # Pester's TestDrive: of the current test (It), else of the current block.
    $drive = Get-PSDrive -Name TestDrive -ErrorAction Ignore
    if (-not $drive) { throw 'There is no TestDrive: call this inside a Pester block (BeforeAll, BeforeEach, It), or pass -Path.' }
    $drive.Root
}

function New-TestDemoStore {
    <#
    .SYNOPSIS
        A fresh demo district (New-AttendanceDemoStore) in the test drive, returned as its file path.
    .DESCRIPTION
        The first call of a size and seed generates the store; later calls copy it, so every test
        can start from a fresh store cheaply. Small by default (120 students: six schools, seven
        calendars of 2025-26), which is enough for every runbook and fast.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [string] $Path,
        [ValidateRange(100, 200000)]
        [int] $Students = 120,
        [int] $Seed = 3
    )
    $null = Import-TestModule
    if (-not $Path) { $Path = Join-Path -Path (Get-TestDriveFolder) -ChildPath 'district.db' }
    $template = Join-Path -Path $script:TemplateFolder -ChildPath "demo-$Students-$Seed.db"
    if (-not (Test-Path -LiteralPath $template)) {
        $null = New-Item -ItemType Directory -Path $script:TemplateFolder -Force
        $null = New-AttendanceDemoStore -Path $template -Students $Students -Seed $Seed -NoConnect -Force -Confirm:$false
    }
    Copy-Item -LiteralPath $template -Destination $Path -Force
    $Path
}

function ConvertTo-JobArgument {
    # @{ StorePath = 'x'; WhatIf = $true; Force = $false } -> -StorePath x -WhatIf -Force:$false, as a scheduler passes them.
    param([System.Collections.IDictionary] $Parameters)
    foreach ($name in $Parameters.Keys) {
        $value = $Parameters[$name]
        if ($value -is [switch] -or $value -is [bool]) {
            if ($value) { "-$name" } else { "-${name}:`$false" }
        }
        else {
            "-$name"
            [string] $value
        }
    }
}

function ConvertTo-PlainErrorText {
    # pwsh -File prints an uncaught error framed ("Line |", "     | ") and wrapped at 80 columns; this is
    # its text without the frame, on one line, with every run of white space as one space.
    param([string] $Text)
    $lines = $Text -split '\r?\n' | ForEach-Object { $_ -replace '^\s*(Line )?\|\s?', '' }
    ($lines -join ' ') -replace '\s+', ' '
}

function Invoke-RunbookJob {
    <#
    .SYNOPSIS
        Runs a script as a scheduled job does: pwsh -NoProfile -NonInteractive -File <script> <arguments>,
        a separate process of the same pwsh as the tests, no console input.
    .DESCRIPTION
        Returns ExitCode, Output (stdout) and ErrorOutput (stderr) as plain text (NO_COLOR is set, so
        there are no colour codes), Lines (stdout as lines) and ErrorMessage (stderr without pwsh's
        error frame, unwrapped, white space collapsed: compare messages with it, using -BeLike). The job's objects reach stdout as the
        formatted text a job log shows; to check objects, call the script in the test session
        (& $runbook @parameters) as well.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [System.Collections.IDictionary] $Parameters = @{},
        [string] $WorkingDirectory,
        [ValidateRange(1, 60)]
        [int] $TimeoutMinutes = 10
    )
    if (-not $WorkingDirectory) {
        $drive = Get-PSDrive -Name TestDrive -ErrorAction Ignore
        $WorkingDirectory = if ($drive) { $drive.Root } else { [System.IO.Path]::GetTempPath() }
    }
    # The job runs in another folder: a relative path means one from here.
    $Path = (Resolve-Path -LiteralPath $Path -ErrorAction Stop).ProviderPath
    $pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $Path) + @(ConvertTo-JobArgument -Parameters $Parameters)) {
        $start.ArgumentList.Add($argument)
    }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $start.Environment['NO_COLOR'] = '1'
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit([timespan]::FromMinutes($TimeoutMinutes))) {
            $process.Kill($true)
            throw "The job '$Path' did not finish within $TimeoutMinutes minute(s); it was stopped."
        }
        $process.WaitForExit()
        [pscustomobject]@{
            PSTypeName   = 'AttendanceTools.Tests.RunbookJob'
            ExitCode     = $process.ExitCode
            Output       = $stdout.Result
            Lines        = @($stdout.Result -split '\r?\n')
            ErrorOutput  = $stderr.Result
            ErrorMessage = ConvertTo-PlainErrorText -Text $stderr.Result
        }
    }
    finally {
        $process.Dispose()
    }
}

function Invoke-TestStoreSql {
    <#
    .SYNOPSIS
        Runs SQL against a store file where no cmdlet can (to break a calendar, or count rows), and
        returns the first column of each row.
    .DESCRIPTION
        Uses the module's own Microsoft.Data.Sqlite in a separate pwsh process: two SQLite libraries
        in one process must never have the same file open, and the test session has the module loaded.
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Sql
    )
    $dependencies = Join-Path -Path (Split-Path -Path (Get-TestModulePath) -Parent) -ChildPath 'Dependencies'
    $query = {
        param($Dependencies, $Store, $Text)
        $ErrorActionPreference = 'Stop'
        $names = 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Microsoft.Data.Sqlite'
        Add-Type -Path ($names | ForEach-Object { Join-Path -Path $Dependencies -ChildPath "$_.dll" })
        # The native SQLite the module ships for this platform, loaded by path so the provider finds it.
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $file = if ($IsWindows) { 'e_sqlite3.dll' } elseif ($IsMacOS) { 'libe_sqlite3.dylib' } else { 'libe_sqlite3.so' }
        $null = [System.Runtime.InteropServices.NativeLibrary]::Load((Join-Path -Path $Dependencies -ChildPath "runtimes/$rid/native/$file"))
        [SQLitePCL.Batteries_V2]::Init()
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Store;Pooling=False")
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = $Text
            $reader = $command.ExecuteReader()
            while ($reader.Read()) { $reader.GetValue(0) }
            $reader.Dispose()
        }
        catch {
            # A child pwsh returning objects to its caller exits 0 on an uncaught error; say it and exit 1.
            Write-Error -ErrorRecord $_ -ErrorAction Continue
            exit 1
        }
        finally {
            $connection.Dispose()
        }
    }
    $pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $rows = & $pwsh -NoProfile -NonInteractive -Command $query -args $dependencies, $Path, $Sql
    if ($LASTEXITCODE -ne 0) { throw "The SQL on '$Path' failed (exit code $LASTEXITCODE): $Sql" }
    $rows
}

function Get-TestStoreState {
    <#
    .SYNOPSIS
        What a store holds, as two strings a test compares before and after a run that must write nothing.
    .DESCRIPTION
        Rows is one "Table=count" per table, every table of the store (the run log, the lock, backups,
        rollover and provisioning bookkeeping included). Data is a SHA-256 over Export-AttendanceData's
        files (the district's rows, values included), which counts alone would not catch being updated.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [string] $Path)
    $tables = @(Invoke-TestStoreSql -Path $Path -Sql "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    $counts = @(Invoke-TestStoreSql -Path $Path -Sql (($tables | ForEach-Object { "SELECT '$_=' || COUNT(*) FROM ""$_""" }) -join ' UNION ALL '))
    $export = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('attendancetools-state-' + [guid]::NewGuid())
    try {
        $null = Export-AttendanceData -Store $Path -Path $export -Confirm:$false
        $hashes = Get-ChildItem -LiteralPath $export -File | Sort-Object -Property Name | ForEach-Object { '{0}:{1}' -f $_.Name, (Get-FileHash -LiteralPath $_.FullName).Hash }
    }
    finally {
        Remove-Item -LiteralPath $export -Recurse -Force -ErrorAction Ignore
    }
    [pscustomobject]@{
        Rows = $counts -join ';'
        Data = $hashes -join ';'
    }
}

Export-ModuleMember -Function Get-RepositoryPath, Get-TestModulePath, Import-TestModule, New-TestDemoStore, Invoke-RunbookJob, Invoke-TestStoreSql, Get-TestStoreState
