# Simple stand-ins for commands that a PowerShell engine hosted from the System.Management.Automation
# package lacks (it has only Microsoft.PowerShell.Core) and that scripts commonly use. Each is defined
# ONLY when the real command is missing, so under pwsh this file changes nothing. They cover the
# common parameters of each command, not all of them. Dot-source it at global scope:  . ./Shims.ps1

if (-not (Get-Command -Name 'Write-Output' -ErrorAction Ignore)) {
    function global:Write-Output {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline, ValueFromRemainingArguments)]
            [AllowNull()] [AllowEmptyCollection()]
            [object[]] $InputObject,
            [switch] $NoEnumerate
        )
        process {
            foreach ($item in $InputObject) { $PSCmdlet.WriteObject($item, -not $NoEnumerate.IsPresent) }
        }
    }
}

if (-not (Get-Command -Name 'Write-Verbose' -ErrorAction Ignore)) {
    function global:Write-Verbose {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [AllowEmptyString()] [string] $Message)
        process { $PSCmdlet.WriteVerbose($Message) }
    }
}

if (-not (Get-Command -Name 'Write-Warning' -ErrorAction Ignore)) {
    function global:Write-Warning {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [AllowEmptyString()] [string] $Message)
        process { $PSCmdlet.WriteWarning($Message) }
    }
}

if (-not (Get-Command -Name 'Write-Debug' -ErrorAction Ignore)) {
    function global:Write-Debug {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [AllowEmptyString()] [string] $Message)
        process { $PSCmdlet.WriteDebug($Message) }
    }
}

if (-not (Get-Command -Name 'Write-Error' -ErrorAction Ignore)) {
    function global:Write-Error {
        [CmdletBinding(DefaultParameterSetName = 'Message')]
        param(
            [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'Message')] [Alias('Msg')] [AllowEmptyString()] [string] $Message,
            [Parameter(Mandatory, ParameterSetName = 'ErrorRecord')] [System.Management.Automation.ErrorRecord] $ErrorRecord,
            [Parameter(Mandatory, ParameterSetName = 'Exception')] [Exception] $Exception,
            [string] $ErrorId = 'Microsoft.PowerShell.Commands.WriteErrorException',
            [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified',
            [object] $TargetObject
        )
        process {
            $record = switch ($PSCmdlet.ParameterSetName) {
                'ErrorRecord' { $ErrorRecord }
                'Exception' { [System.Management.Automation.ErrorRecord]::new($Exception, $ErrorId, $Category, $TargetObject) }
                default { [System.Management.Automation.ErrorRecord]::new([Exception]::new($Message), $ErrorId, $Category, $TargetObject) }
            }
            $PSCmdlet.WriteError($record)
        }
    }
}

if (-not (Get-Command -Name 'Write-Information' -ErrorAction Ignore)) {
    function global:Write-Information {
        [CmdletBinding()]
        param(
            [Parameter(Mandatory, Position = 0)] [Alias('Msg', 'Message')] [AllowNull()] [object] $MessageData,
            [Parameter(Position = 1)] [string[]] $Tags
        )
        $PSCmdlet.WriteInformation($MessageData, $Tags)
    }
}

if (-not (Get-Command -Name 'Write-Host' -ErrorAction Ignore)) {
    function global:Write-Host {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline, ValueFromRemainingArguments)] [object[]] $Object,
            [switch] $NoNewline,
            [object] $Separator = ' ',
            [ConsoleColor] $ForegroundColor,
            [ConsoleColor] $BackgroundColor
        )
        process {
            $text = (@($Object) | ForEach-Object { "$_" }) -join "$Separator"
            if ($NoNewline) { $Host.UI.Write($text) } else { $Host.UI.WriteLine($text) }
        }
    }
}

if (-not (Get-Command -Name 'Out-Null' -ErrorAction Ignore)) {
    function global:Out-Null {
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline)] [object] $InputObject)
        process { }
    }
}

if (-not (Get-Command -Name 'Select-Object' -ErrorAction Ignore)) {
    function global:Select-Object {
        [CmdletBinding()]
        param(
            [Parameter(ValueFromPipeline)] [object] $InputObject,
            [Parameter(Position = 0)] [object[]] $Property,
            [string] $ExpandProperty,
            [int] $First = -1,
            [int] $Last = -1,
            [int] $Skip = 0
        )
        begin { $items = [System.Collections.Generic.List[object]]::new() }
        process { if ($null -ne $InputObject) { $items.Add($InputObject) } }
        end {
            $from = [Math]::Min($Skip, $items.Count)
            $selected = $items.GetRange($from, $items.Count - $from)
            if ($First -ge 0 -and $selected.Count -gt $First) { $selected = $selected.GetRange(0, $First) }
            if ($Last -ge 0 -and $selected.Count -gt $Last) { $selected = $selected.GetRange($selected.Count - $Last, $Last) }
            foreach ($item in $selected) {
                if ($ExpandProperty) { $PSCmdlet.WriteObject($item.$ExpandProperty, $true); continue }
                if (-not $Property) { $item; continue }
                $shaped = [ordered]@{}
                foreach ($p in $Property) {
                    if ($p -is [System.Collections.IDictionary]) {
                        $name = if ($p.Contains('Name')) { $p['Name'] } else { $p['Label'] }
                        $expr = if ($p.Contains('Expression')) { $p['Expression'] } else { $p['E'] }
                        $shaped[$name] = if ($expr -is [scriptblock]) { $item | ForEach-Object $expr } else { $item.$expr }
                    }
                    else {
                        foreach ($match in $item.PSObject.Properties | Where-Object Name -Like "$p") { $shaped[$match.Name] = $match.Value }
                    }
                }
                [pscustomobject] $shaped
            }
        }
    }
}

if (-not (Get-Command -Name 'Measure-Object' -ErrorAction Ignore)) {
    function global:Measure-Object {
        [CmdletBinding()]
        param(
            [Parameter(ValueFromPipeline)] [object] $InputObject,
            [Parameter(Position = 0)] [string] $Property,
            [switch] $Sum, [switch] $Average, [switch] $Maximum, [switch] $Minimum
        )
        begin { $values = [System.Collections.Generic.List[object]]::new() }
        process {
            if ($null -eq $InputObject) { return }
            if ($Property) { $values.Add($InputObject.$Property) } else { $values.Add($InputObject) }
        }
        end {
            $total = 0.0
            $max = $null
            $min = $null
            $numeric = if ($Sum -or $Average -or $Maximum -or $Minimum) { $values } else { @() }
            foreach ($v in $numeric) {
                $n = [double] $v
                $total += $n
                if ($null -eq $max -or $n -gt $max) { $max = $n }
                if ($null -eq $min -or $n -lt $min) { $min = $n }
            }
            [pscustomobject] [ordered] @{
                Count    = $values.Count
                Average  = if ($Average -and $values.Count) { $total / $values.Count } else { $null }
                Sum      = if ($Sum) { $total } else { $null }
                Maximum  = if ($Maximum) { $max } else { $null }
                Minimum  = if ($Minimum) { $min } else { $null }
                Property = $Property
            }
        }
    }
}

if (-not (Get-Command -Name 'Sort-Object' -ErrorAction Ignore)) {
    function global:Sort-Object {
        [CmdletBinding()]
        param(
            [Parameter(ValueFromPipeline)] [object] $InputObject,
            [Parameter(Position = 0)] [object[]] $Property,
            [switch] $Descending,
            [switch] $Unique
        )
        begin { $items = [System.Collections.Generic.List[object]]::new() }
        process { if ($null -ne $InputObject) { $items.Add($InputObject) } }
        end {
            $keyOf = {
                param($item)
                if (-not $Property) { return , @($item) }
                , @(foreach ($p in $Property) { if ($p -is [scriptblock]) { $item | ForEach-Object $p } else { $item.$p } })
            }
            $keyed = [System.Collections.Generic.List[object]]::new()
            for ($i = 0; $i -lt $items.Count; $i++) { $keyed.Add([pscustomobject] @{ Key = (& $keyOf $items[$i]); Index = $i; Item = $items[$i] }) }
            $sign = if ($Descending) { -1 } else { 1 }
            $keyed.Sort([System.Comparison[object]] {
                    param($a, $b)
                    for ($k = 0; $k -lt $a.Key.Count; $k++) {
                        $c = [System.Management.Automation.LanguagePrimitives]::Compare($a.Key[$k], $b.Key[$k], $true)
                        if ($c -ne 0) { return $sign * $c }
                    }
                    return $a.Index.CompareTo($b.Index)
                })
            $previous = $null
            foreach ($entry in $keyed) {
                $keyText = $entry.Key -join "`u{1F}"
                if ($Unique -and $null -ne $previous -and $keyText -eq $previous) { continue }
                $previous = $keyText
                $entry.Item
            }
        }
    }
}

if (-not (Get-Command -Name 'Group-Object' -ErrorAction Ignore)) {
    function global:Group-Object {
        [CmdletBinding()]
        param(
            [Parameter(ValueFromPipeline)] [object] $InputObject,
            [Parameter(Position = 0)] [object[]] $Property,
            [switch] $NoElement
        )
        begin { $groups = [ordered]@{} }
        process {
            if ($null -eq $InputObject) { return }
            $values = if (-not $Property) { @($InputObject) } else { @(foreach ($p in $Property) { if ($p -is [scriptblock]) { $InputObject | ForEach-Object $p } else { $InputObject.$p } }) }
            $name = $values -join ', '
            if (-not $groups.Contains($name)) { $groups[$name] = [System.Collections.Generic.List[object]]::new() }
            $groups[$name].Add($InputObject)
        }
        end {
            foreach ($name in $groups.Keys) {
                $group = [ordered]@{ Count = $groups[$name].Count; Name = $name }
                if (-not $NoElement) { $group['Group'] = $groups[$name].ToArray() }
                [pscustomobject] $group
            }
        }
    }
}

if (-not (Get-Command -Name 'Format-Table' -ErrorAction Ignore)) {
    # Pass-through: the host prints objects as tables itself; -Property picks the columns.
    function global:Format-Table {
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline)] [object] $InputObject, [Parameter(Position = 0)] [object[]] $Property, [switch] $AutoSize, [switch] $Wrap)
        process { if ($Property) { $InputObject | Select-Object -Property $Property } else { $InputObject } }
    }
}

if (-not (Get-Command -Name 'Format-List' -ErrorAction Ignore)) {
    function global:Format-List {
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline)] [object] $InputObject, [Parameter(Position = 0)] [object[]] $Property)
        process { if ($Property) { $InputObject | Select-Object -Property $Property } else { $InputObject } }
    }
}

if (-not (Get-Command -Name 'Out-String' -ErrorAction Ignore)) {
    function global:Out-String {
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline)] [object] $InputObject, [switch] $Stream)
        begin { $lines = [System.Collections.Generic.List[string]]::new() }
        process { if ($null -ne $InputObject) { $lines.Add("$InputObject") } }
        end { if ($Stream) { $lines } else { ($lines -join [Environment]::NewLine) + [Environment]::NewLine } }
    }
}

if (-not (Get-Command -Name 'Get-Date' -ErrorAction Ignore)) {
    function global:Get-Date {
        [CmdletBinding()]
        param([Parameter(Position = 0)] [datetime] $Date = [datetime]::Now, [string] $Format)
        if ($Format) { $Date.ToString($Format, [cultureinfo]::CurrentCulture) } else { $Date }
    }
}

if (-not (Get-Command -Name 'Get-Location' -ErrorAction Ignore)) {
    function global:Get-Location { $ExecutionContext.SessionState.Path.CurrentLocation }
}

if (-not (Get-Command -Name 'Set-Location' -ErrorAction Ignore)) {
    function global:Set-Location {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0)] [string] $Path)
        $null = $ExecutionContext.SessionState.Path.SetLocation($Path)
    }
}

if (-not (Get-Command -Name 'Join-Path' -ErrorAction Ignore)) {
    function global:Join-Path {
        [CmdletBinding()]
        param(
            [Parameter(Mandatory, Position = 0)] [string] $Path,
            [Parameter(Mandatory, Position = 1)] [string] $ChildPath,
            [Parameter(Position = 2, ValueFromRemainingArguments)] [string[]] $AdditionalChildPath
        )
        $separator = [System.IO.Path]::DirectorySeparatorChar
        $result = $Path
        foreach ($part in @($ChildPath) + @($AdditionalChildPath | Where-Object { $_ })) {
            $result = $result.TrimEnd('\', '/') + $separator + $part.TrimStart('\', '/')
        }
        $result
    }
}

if (-not (Get-Command -Name 'Split-Path' -ErrorAction Ignore)) {
    function global:Split-Path {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0)] [string] $Path, [switch] $Leaf, [switch] $Parent)
        if ($Leaf) { [System.IO.Path]::GetFileName($Path.TrimEnd('\', '/')) } else { [System.IO.Path]::GetDirectoryName($Path.TrimEnd('\', '/')) }
    }
}

if (-not (Get-Command -Name 'Test-Path' -ErrorAction Ignore)) {
    function global:Test-Path {
        [CmdletBinding()]
        param(
            [Parameter(Mandatory, Position = 0)] [Alias('LiteralPath')] [string] $Path,
            [ValidateSet('Any', 'Container', 'Leaf')] [string] $PathType = 'Any'
        )
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        switch ($PathType) {
            'Leaf' { [System.IO.File]::Exists($full) }
            'Container' { [System.IO.Directory]::Exists($full) }
            default { [System.IO.File]::Exists($full) -or [System.IO.Directory]::Exists($full) }
        }
    }
}

if (-not (Get-Command -Name 'Get-Item' -ErrorAction Ignore)) {
    function global:Get-Item {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [Alias('LiteralPath')] [string[]] $Path)
        process {
            foreach ($p in $Path) {
                $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
                if ([System.IO.Directory]::Exists($full)) { [System.IO.DirectoryInfo]::new($full) }
                elseif ([System.IO.File]::Exists($full)) { [System.IO.FileInfo]::new($full) }
                else { $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.IO.FileNotFoundException]::new("Cannot find path '$full' because it does not exist."), 'PathNotFound', 'ObjectNotFound', $full)) }
            }
        }
    }
}

if (-not (Get-Command -Name 'Get-ChildItem' -ErrorAction Ignore)) {
    function global:Get-ChildItem {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0)] [string] $Path = '.',
            [Parameter(Position = 1)] [string] $Filter = '*',
            [switch] $Recurse,
            [switch] $File,
            [switch] $Directory
        )
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $option = if ($Recurse) { [System.IO.SearchOption]::AllDirectories } else { [System.IO.SearchOption]::TopDirectoryOnly }
        $folder = [System.IO.DirectoryInfo]::new($full)
        if (-not $File) { $folder.GetDirectories($Filter, $option) }
        if (-not $Directory) { $folder.GetFiles($Filter, $option) }
    }
}

if (-not (Get-Command -Name 'New-Item' -ErrorAction Ignore)) {
    function global:New-Item {
        [CmdletBinding(SupportsShouldProcess)]
        param(
            [Parameter(Mandatory, Position = 0)] [string] $Path,
            [ValidateSet('Directory', 'File')] [string] $ItemType = 'File',
            [switch] $Force
        )
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        if (-not $PSCmdlet.ShouldProcess($full, "Create $ItemType")) { return }
        if ($ItemType -eq 'Directory') { return [System.IO.Directory]::CreateDirectory($full) }
        if ((-not $Force) -and [System.IO.File]::Exists($full)) { throw "The file '$full' already exists." }
        [System.IO.File]::WriteAllText($full, '')
        [System.IO.FileInfo]::new($full)
    }
}

if (-not (Get-Command -Name 'Remove-Item' -ErrorAction Ignore)) {
    function global:Remove-Item {
        [CmdletBinding(SupportsShouldProcess)]
        param(
            [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [Alias('LiteralPath', 'FullName')] [string[]] $Path,
            [switch] $Recurse,
            [switch] $Force
        )
        process {
            foreach ($p in $Path) {
                $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
                if (-not $PSCmdlet.ShouldProcess($full, 'Remove')) { continue }
                if ([System.IO.Directory]::Exists($full)) { [System.IO.Directory]::Delete($full, $Recurse.IsPresent) }
                elseif ([System.IO.File]::Exists($full)) { [System.IO.File]::Delete($full) }
                else { $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.IO.FileNotFoundException]::new("Cannot find path '$full' because it does not exist."), 'PathNotFound', 'ObjectNotFound', $full)) }
            }
        }
    }
}
