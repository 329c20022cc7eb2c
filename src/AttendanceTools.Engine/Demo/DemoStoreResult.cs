using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

/// <summary>What New-AttendanceDemoStore made: where, from which seed and size, and how many rows of each table.</summary>
public sealed record DemoStoreResult
{
    public required string Path { get; init; }
    public required string DistrictName { get; init; }
    /// <summary>The current school year as people write it ("2025-26"); the store also holds the next one.</summary>
    public string SchoolYear => SchoolYearText.Format(SchoolYearNumber);
    public required int SchoolYearNumber { get; init; }
    public required int Seed { get; init; }
    public required int Students { get; init; }
    /// <summary>Schools, the district office included.</summary>
    public required int Schools { get; init; }
    /// <summary>Calendars of both school years.</summary>
    public required int Calendars { get; init; }
    /// <summary>Rows written per store table.</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }
    public long TotalRows => RowCounts.Values.Sum();
    /// <summary>Whether an existing store file was replaced (-Force).</summary>
    public bool Replaced { get; init; }
    public required TimeSpan GenerateDuration { get; init; }
    public required TimeSpan LoadDuration { get; init; }
    public TimeSpan Duration => GenerateDuration + LoadDuration;

    public override string ToString() => $"{Path} ({Students:N0} students, seed {Seed}, {SchoolYear})";
}
