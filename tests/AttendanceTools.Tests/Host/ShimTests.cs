using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Host;

/// <summary>tools/ScriptHost/Shims.ps1 in this test engine (which, like the host, has core cmdlets only).</summary>
public sealed class ShimTests
{
    private static readonly string Shims = Path.Combine(Repo.Root, "tools", "ScriptHost", "Shims.ps1");

    private static PsSession WithShims()
    {
        var s = new PsSession(importModule: false);
        s.Run(". $shims", new Dictionary<string, object?> { ["shims"] = Shims }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void Real_commands_are_never_replaced()
    {
        using var s = WithShims();
        var r = s.Run("(Get-Command Out-Null).CommandType.ToString(); (Get-Command Select-Object).CommandType.ToString()").ShouldSucceed();
        Assert.Equal(["Cmdlet", "Function"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Select_Object_takes_first_last_skip_properties_and_expands()
    {
        using var s = WithShims();
        var r = s.Run("""
            $rows = foreach ($i in 1..5) { [pscustomobject]@{ Name = "c$i"; Count = $i; Extra = 'x' } }
            ($rows | Select-Object -First 2 | ForEach-Object Name) -join ','
            ($rows | Select-Object -Last 2 -ExpandProperty Count) -join ','
            ($rows | Select-Object -Skip 1 -First 1 | ForEach-Object Name) -join ','
            $shaped = $rows | Select-Object -First 1 -Property Name, @{ Name = 'Double'; Expression = { $_.Count * 2 } }
            ($shaped.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ','
            """).ShouldSucceed();
        Assert.Equal(["c1,c2", "4,5", "c2", "Name=c1,Double=2"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Measure_Object_counts_and_sums()
    {
        using var s = WithShims();
        var r = s.Run("""
            $m = 3, 9, 6 | Measure-Object -Sum -Maximum -Minimum -Average
            "$($m.Count) $($m.Sum) $($m.Maximum) $($m.Minimum) $($m.Average)"
            (@([pscustomobject]@{ Minutes = 30 }, [pscustomobject]@{ Minutes = 45 }) | Measure-Object -Property Minutes -Sum).Sum
            ('a', 'b' | Measure-Object).Count
            """).ShouldSucceed();
        Assert.Equal(["3 18 9 3 6", "75", "2"], r.Output.Select(o => Convert.ToString(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Sort_Object_sorts_by_property_descending_and_stably()
    {
        using var s = WithShims();
        var r = s.Run("""
            $rows = @(
                [pscustomobject]@{ Name = 'b'; N = 2 }, [pscustomobject]@{ Name = 'a'; N = 2 },
                [pscustomobject]@{ Name = 'c'; N = 10 }, [pscustomobject]@{ Name = 'd'; N = 1 })
            ($rows | Sort-Object -Property N -Descending | ForEach-Object Name) -join ','
            ($rows | Sort-Object N | ForEach-Object Name) -join ','
            (3, 1, 2, 3 | Sort-Object -Unique) -join ','
            """).ShouldSucceed();
        Assert.Equal(["c,b,a,d", "d,b,a,c", "1,2,3"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Group_Object_groups_in_first_seen_order()
    {
        using var s = WithShims();
        var r = s.Run("""
            $rows = 'HS', 'MS', 'HS', 'ES', 'HS' | ForEach-Object { [pscustomobject]@{ School = $_ } }
            $rows | Group-Object -Property School | ForEach-Object { "$($_.Name)=$($_.Count)/$($_.Group.Count)" }
            """).ShouldSucceed();
        Assert.Equal(["HS=3/3", "MS=1/1", "ES=1/1"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Path_commands_work_on_the_file_system()
    {
        using var s = WithShims();
        var r = s.Run("""
            $dir = Join-Path $PWD 'exports' 'daily'
            $null = New-Item -ItemType Directory -Path $dir
            Test-Path $dir -PathType Container
            Test-Path (Join-Path $dir 'missing.csv')
            Split-Path (Join-Path $dir 'a.csv') -Leaf
            $null = New-Item -Path (Join-Path $dir 'a.csv') -ItemType File
            (Get-ChildItem -Path (Join-Path $PWD 'exports') -Filter '*.csv' -Recurse | ForEach-Object Name) -join ','
            (Get-Item $dir).Name
            Remove-Item (Join-Path $PWD 'exports') -Recurse
            Test-Path (Join-Path $PWD 'exports')
            """).ShouldSucceed();
        Assert.Equal(["True", "False", "a.csv", "a.csv", "daily", "False"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Write_commands_reach_their_streams()
    {
        using var s = WithShims();
        var r = s.Run("""
            & {
                [CmdletBinding()] param()
                Write-Output 1, 2
                Write-Verbose 'v' -Verbose
                Write-Warning 'w'
                Write-Information 'i' -Tags Summary
                Write-Error 'e' -ErrorId 'SomethingFailed' -ErrorAction Continue
            }
            """);
        Assert.Equal([1, 2], r.Output.Select(o => (int)o.BaseObject));
        Assert.Equal("v", Assert.Single(r.Verbose).Message);
        Assert.Equal("w", Assert.Single(r.Warnings).Message);
        Assert.Equal("i", Assert.Single(r.Information).MessageData.ToString());
        Assert.StartsWith("SomethingFailed", Assert.Single(r.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
