using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Reports chronic absenteeism per student and school from the day aggregates.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ChronicAbsenteeism", HelpUri = HelpLinks.Base + "Get-ChronicAbsenteeism.md")]
[OutputType(typeof(ChronicAbsenteeismInfo))]
public sealed class GetChronicAbsenteeismCommand : StoreCmdlet
{
    /// <summary>Only these schools (name or id); wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Only these students (StudentId).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("StudentId")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] Student { get; set; } = [];

    /// <summary>The school year (2026 or 2025-26). Default: the current school year.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>First day counted. Default: the school year's first day.</summary>
    [Parameter]
    public DateTime? From { get; set; }

    /// <summary>Last day counted. Default: the latest aggregated day of the year.</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>What makes a day absent: HalfDay (default: at least half the scheduled minutes), Fractional (absent ÷ scheduled), or WholeHalf (the calendar's whole- and half-day minutes).</summary>
    [Parameter]
    [ValidateSet("HalfDay", "Fractional", "WholeHalf")]
    public string Rule { get; set; } = "HalfDay";

    /// <summary>The chronic threshold as a percent of enrolled days (default 10), more than 1 and at most 100; 0.1 is refused, not read as 10 %.</summary>
    [Parameter]
    [ValidateRange(0.0001, 100)]
    public double Threshold { get; set; } = 10;

    /// <summary>Students with fewer enrolled days are never chronic (Reason BelowMinimumDays). Default 10.</summary>
    [Parameter]
    [ValidateRange(0, 400)]
    public int MinimumEnrolledDays { get; set; } = ChronicAbsenteeism.DefaultMinimumEnrolledDays;

    /// <summary>Only chronically absent students.</summary>
    [Parameter]
    public SwitchParameter ChronicOnly { get; set; }

    private readonly List<string> _schools = [];
    private readonly List<string> _students = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        _schools.AddRange(School);
        _students.AddRange(Student);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            // Every percentage in the module is a percent. A value of 1 or less is almost always a
            // fraction typed by mistake (0.1 for 10 %), which would flag most students: refuse it.
            if (Threshold <= 1)
                throw new Engine.AttendanceException("ThresholdNotPercent", Engine.FailureKind.InvalidArgument,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"-Threshold {Threshold} would mean {Threshold} % of enrolled days; if you meant the fraction {Threshold} ({Threshold * 100} %), pass -Threshold {Threshold * 100}. Thresholds are percents, more than 1 and at most 100."),
                    Threshold, "Pass the threshold as a percent, for example -Threshold 10.");
            var request = new ChronicRequest
        {
            Schools = _schools.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Students = _students.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            SchoolYear = SchoolYearArgument.Parse(SchoolYear),
            From = From is { } f ? DateOnly.FromDateTime(f) : null,
            AsOf = AsOf is { } a ? DateOnly.FromDateTime(a) : null,
            Rule = Enum.Parse<DayAbsentRule>(Rule),
            Threshold = (decimal)Threshold / 100m,
            MinimumEnrolledDays = MinimumEnrolledDays,
            };
            foreach (var row in AggregationQueries.Chronic(store, request, e => WriteErrorFor(e), CancelToken))
                if (!ChronicOnly || row.IsChronic) WriteObject(row);
            AggregateWarnings.NotYetRefreshed(this, store, request.SchoolYear is { } year ? [year] : []);
        });
    }
}
