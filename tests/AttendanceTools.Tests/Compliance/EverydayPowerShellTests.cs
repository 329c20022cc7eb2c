using System.Management.Automation;
using System.Reflection;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// The everyday-PowerShell rules (issue #11), checked over every exported cmdlet by reflection, so a
/// cmdlet added later inherits them: parameters that name a thing complete it, output objects carry
/// types scripts can compare and serialise, and percentages read one way.
/// </summary>
public sealed class EverydayPowerShellTests
{
    /// <summary>Parameter names that name a thing in the store, and the completer that offers those things.</summary>
    private static readonly Dictionary<string, string> CompleterFor = new(StringComparer.OrdinalIgnoreCase)
    {
        ["School"] = "SchoolNameCompleter",
        ["Calendar"] = "CalendarNameCompleter",
        ["SchoolYear"] = "SchoolYearCompleter",
        ["Student"] = "StudentIdCompleter",
        ["StudentId"] = "StudentIdCompleter",
        ["Program"] = "ProgramNameCompleter",
        ["RunId"] = "RunIdCompleter",
    };

    /// <summary>Where a generic parameter name (Name) names a thing, by cmdlet noun.</summary>
    private static readonly Dictionary<(string Cmdlet, string Parameter), string> Special = new()
    {
        [("Get-AttendanceSchool", "Name")] = "SchoolNameCompleter",
        [("Get-AttendanceCalendar", "Name")] = "CalendarNameCompleter",
    };

    public static TheoryData<string> Cmdlets => ModuleFacts.ExportedCmdlets;

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_that_names_a_thing_completes_it(string cmdlet)
    {
        var type = ModuleFacts.CmdletType(cmdlet);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ParameterAttribute>() is null) continue;
            var expected = Special.GetValueOrDefault((cmdlet, property.Name)) ?? CompleterFor.GetValueOrDefault(property.Name);
            if (expected is null) continue;
            var completer = property.GetCustomAttribute<ArgumentCompleterAttribute>();
            Assert.True(completer is not null, $"{cmdlet} -{property.Name} names a thing but has no [ArgumentCompleter(typeof({expected}))].");
            Assert.Equal(expected, completer!.Type?.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Output_objects_carry_DateTime_and_TimeSpan_never_DateOnly_or_TimeOnly(string cmdlet)
    {
        foreach (var output in ModuleFacts.CmdletType(cmdlet).GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type))
            foreach (var (path, propertyType) in PublicProperties(output.Type!, output.Type!.Name, []))
                Assert.True(!IsDateOnlyOrTimeOnly(propertyType),
                    $"{cmdlet} outputs {path} as {propertyType.Name}: PowerShell 7.4 cannot compare it with Get-Date and ConvertTo-Json renders it as an object. Use DateTime (date part) or TimeSpan.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Percentages_are_percents_and_validated(string cmdlet)
    {
        foreach (var property in ModuleFacts.CmdletType(cmdlet).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ParameterAttribute>() is null) continue;
            if (!property.Name.EndsWith("Percent", StringComparison.Ordinal) && property.Name != "Threshold") continue;
            var range = property.GetCustomAttribute<ValidateRangeAttribute>();
            Assert.True(range is not null, $"{cmdlet} -{property.Name} is a percentage without [ValidateRange]: a fraction typed by mistake must not pass silently.");
            // Percents, not fractions: 0 at the least (a change guard may allow more than 100 %, growth).
            Assert.Equal(0, Convert.ToDouble(range!.MinRange, System.Globalization.CultureInfo.InvariantCulture), 3);
        }
    }

    private static bool IsDateOnlyOrTimeOnly(Type t)
    {
        var inner = Nullable.GetUnderlyingType(t) ?? t;
        if (inner == typeof(DateOnly) || inner == typeof(TimeOnly)) return true;
        return inner.IsGenericType && inner.GetGenericArguments().Any(IsDateOnlyOrTimeOnly) || inner.IsArray && IsDateOnlyOrTimeOnly(inner.GetElementType()!);
    }

    /// <summary>Public properties of the output type and of the module's own types it holds (lists of rows, nested records).</summary>
    private static IEnumerable<(string Path, Type Type)> PublicProperties(Type type, string path, HashSet<Type> seen)
    {
        if (!seen.Add(type)) yield break;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            yield return ($"{path}.{p.Name}", p.PropertyType);
            foreach (var nested in OwnTypes(p.PropertyType))
                foreach (var x in PublicProperties(nested, $"{path}.{p.Name}", seen)) yield return x;
        }
    }

    private static IEnumerable<Type> OwnTypes(Type t)
    {
        if (t.Namespace?.StartsWith("AttendanceTools", StringComparison.Ordinal) == true && !t.IsEnum) yield return t;
        if (t.IsArray) foreach (var x in OwnTypes(t.GetElementType()!)) yield return x;
        if (t.IsGenericType) foreach (var x in t.GetGenericArguments().SelectMany(OwnTypes)) yield return x;
    }
}
