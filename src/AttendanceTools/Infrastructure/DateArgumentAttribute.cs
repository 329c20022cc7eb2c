using System.Management.Automation;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Lets a date parameter take the DateOnly dates other objects carry (Get-AttendanceRecord output
/// piped by property name), which PowerShell does not convert to DateTime by itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DateArgumentAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        => (inputData is PSObject p ? p.BaseObject : inputData) switch
        {
            DateOnly d => d.ToDateTime(TimeOnly.MinValue),
            var other => other,
        };
}
