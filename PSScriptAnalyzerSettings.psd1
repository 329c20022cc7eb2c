# PSScriptAnalyzer settings for examples/, pester/ and build.ps1 (build.ps1 -Task Analyze fails on any finding).
# The default rules plus the formatting rules PowerShell-Docs recommends, set to this repository's
# style (style.md section 7): braces on the same line with else/catch on the next, four-space indentation,
# consistent whitespace, correct casing, no aliases, no Write-Host, lines up to 140 characters.
@{
    Severity            = @('Error', 'Warning')
    IncludeDefaultRules = $true
    Rules               = @{
        PSPlaceOpenBrace                   = @{
            Enable             = $true
            OnSameLine         = $true
            NewLineAfter       = $true
            IgnoreOneLineBlock = $true
        }
        PSPlaceCloseBrace                  = @{
            Enable             = $true
            NewLineAfter       = $true
            IgnoreOneLineBlock = $true
            NoEmptyLineBefore  = $false
        }
        PSUseConsistentIndentation         = @{
            Enable              = $true
            IndentationSize     = 4
            Kind                = 'space'
            PipelineIndentation = 'IncreaseIndentationForFirstPipeline'
        }
        PSUseConsistentWhitespace          = @{
            Enable                                  = $true
            CheckInnerBrace                         = $true
            CheckOpenBrace                          = $true
            CheckOpenParen                          = $true
            CheckOperator                           = $true
            CheckPipe                               = $true
            CheckSeparator                          = $true
            CheckParameter                          = $false
            IgnoreAssignmentOperatorInsideHashTable = $true
        }
        PSUseCorrectCasing                 = @{
            Enable = $true
        }
        PSAvoidLongLines                   = @{
            Enable            = $true
            MaximumLineLength = 140
        }
        PSAvoidSemicolonsAsLineTerminators = @{
            Enable = $true
        }
    }
}
