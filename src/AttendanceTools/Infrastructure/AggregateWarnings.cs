using System.Management.Automation;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The aggregate reads (Get-AttendanceAggregation, Get-ChronicAbsenteeism) answer from stored day aggregates; a
/// school year that has none yet warns and says what to run, instead of an empty answer that looks like "no absences".
/// </summary>
internal static class AggregateWarnings
{
    public static void NotYetRefreshed(Cmdlet cmdlet, AttendanceStore store, IReadOnlyList<int> years)
    {
        foreach (var year in AggregateCoverage.YearsWithoutAggregates(store, years))
            cmdlet.WriteWarning($"School year {year} has no day aggregates yet, so there is nothing to read for it. " +
                                $"Run Update-AttendanceAggregation -SchoolYear {year} to compute them.");
    }
}
