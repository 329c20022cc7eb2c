using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>One student as the feed carries them (domain §9.3): school, grade and the graduation year computed from them.</summary>
public sealed record FeedStudent(string StudentUniqueId, string SchoolId, string GradeLevel, int? GraduationYear);

/// <summary>The guard thresholds of §9.4, each a percent (0-100) the operator may raise for one run.</summary>
public sealed record ProvisioningLimits
{
    public const double DefaultMaxGraduationYearChangePercent = 10, DefaultMaxUpdatePercent = 75, DefaultMaxDeletePercent = 10;

    public double MaxGraduationYearChangePercent { get; init; } = DefaultMaxGraduationYearChangePercent;
    /// <summary>Clever's update threshold [S40].</summary>
    public double MaxUpdatePercent { get; init; } = DefaultMaxUpdatePercent;
    /// <summary>Clever's delete threshold [S40].</summary>
    public double MaxDeletePercent { get; init; } = DefaultMaxDeletePercent;
    /// <summary>The generic change guard of §4.4 over new + updated + removed students; null: not applied.</summary>
    public double? MaxChangePercent { get; init; }
}

/// <summary>What kind of change a student's feed row has against the last export.</summary>
public enum FeedChangeKind { New, Removed, Updated }

/// <summary>
/// One changed student (Get-ProvisioningPreview -Detailed): what the last export said and what the
/// feed says now. A new student has no old values, a removed one no new values.
/// </summary>
public sealed record ProvisioningChange
{
    public required string StudentId { get; init; }
    /// <summary>New, Removed or Updated.</summary>
    public required string Change { get; init; }
    public string? OldSchoolId { get; init; }
    public string? NewSchoolId { get; init; }
    public string? OldGrade { get; init; }
    public string? NewGrade { get; init; }
    public int? OldGraduationYear { get; init; }
    public int? NewGraduationYear { get; init; }
    public bool SchoolChanged => Change == nameof(FeedChangeKind.Updated) && !string.Equals(OldSchoolId, NewSchoolId, StringComparison.Ordinal);
    public bool GradeChanged => Change == nameof(FeedChangeKind.Updated) && !string.Equals(OldGrade, NewGrade, StringComparison.Ordinal);
    public bool GraduationYearChanged => Change == nameof(FeedChangeKind.Updated) && OldGraduationYear != NewGraduationYear;

    /// <summary>The school as the detailed view shows it: "old -> new" when it changed, else the current one.</summary>
    public string? School => SchoolChanged ? $"{OldSchoolId} -> {NewSchoolId}" : NewSchoolId ?? OldSchoolId;
    /// <summary>The grade: "old -> new" when it changed, else the current one.</summary>
    public string? Grade => GradeChanged ? $"{OldGrade} -> {NewGrade}" : NewGrade ?? OldGrade;
    /// <summary>The graduation year: "old -> new" when it changed, else the current one (the last exported one for a removed student).</summary>
    public string? GraduationYear => GraduationYearChanged ? $"{Year(OldGraduationYear)} -> {Year(NewGraduationYear)}"
        : Change == nameof(FeedChangeKind.Removed) ? OldGraduationYear?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : NewGraduationYear?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What changed, as text: "grade 03 -> 04; graduation year 2035 -> 2036".</summary>
    public string Changes
    {
        get
        {
            if (Change == nameof(FeedChangeKind.New)) return $"new: school {NewSchoolId}, grade {NewGrade}, graduation year {Year(NewGraduationYear)}";
            if (Change == nameof(FeedChangeKind.Removed)) return $"removed: was school {OldSchoolId}, grade {OldGrade}, graduation year {Year(OldGraduationYear)}";
            var parts = new List<string>();
            if (SchoolChanged) parts.Add($"school {OldSchoolId} -> {NewSchoolId}");
            if (GradeChanged) parts.Add($"grade {OldGrade} -> {NewGrade}");
            if (GraduationYearChanged) parts.Add($"graduation year {Year(OldGraduationYear)} -> {Year(NewGraduationYear)}");
            return string.Join("; ", parts);
        }
    }

    private static string Year(int? y) => y?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";

    public override string ToString() => $"{StudentId}: {Changes}";
}

/// <summary>One guard of §9.4 as the preview reports it.</summary>
public sealed record ProvisioningGuardInfo
{
    /// <summary>SchoolYear, GraduationYear, Update, Delete or Change.</summary>
    public required string Guard { get; init; }
    /// <summary>The error id the guard refuses with.</summary>
    public required string ErrorId { get; init; }
    public required double Percent { get; init; }
    public double? Limit { get; init; }
    public required bool Passed { get; init; }
    /// <summary>True when the snapshot is empty (first export): percentage guards do not apply.</summary>
    public bool Skipped { get; init; }
    /// <summary>"3 of 190".</summary>
    public required string Counts { get; init; }

    public override string ToString() => $"{Guard}: {Counts} ({Percent:0.0}%) {(Skipped ? "skipped" : Passed ? "passed" : "FAILED")}";
}

/// <summary>
/// The desired feed against the last export (domain §9.3) with the guards of §9.4: what
/// Get-ProvisioningPreview and Export-ProvisioningFeed -Preview return.
/// </summary>
public sealed record ProvisioningPreview
{
    /// <summary>The store's current school year, "2025-26".</summary>
    public string SchoolYear => SchoolYearText.Format(SchoolYearNumber);
    public required int SchoolYearNumber { get; init; }
    /// <summary>The year the caller named (-SchoolYear); null when none was named.</summary>
    public int? RequestedSchoolYear { get; init; }
    public required int Total { get; init; }
    public required int New { get; init; }
    public required int Removed { get; init; }
    public required int Updated { get; init; }
    public required int GraduationYearChanged { get; init; }
    public int Unchanged => Total - New - Updated;
    /// <summary>Students in the last export.</summary>
    public required int SnapshotCount { get; init; }
    /// <summary>Students in both the last export and the feed (the graduation-year guard's base).</summary>
    public int InBoth => Total - New;
    public double GraduationYearChangePercent => InBoth == 0 ? 0 : 100.0 * GraduationYearChanged / InBoth;
    public double UpdatePercent => SnapshotCount == 0 ? 0 : 100.0 * Updated / SnapshotCount;
    public double DeletePercent => SnapshotCount == 0 ? 0 : 100.0 * Removed / SnapshotCount;
    public double ChangePercent => SnapshotCount == 0 ? 0 : 100.0 * (New + Updated + Removed) / SnapshotCount;
    public required ProvisioningLimits Limits { get; init; }
    /// <summary>Every guard in §9.4's order, with its percent and whether it passes.</summary>
    public required IReadOnlyList<ProvisioningGuardInfo> Guards { get; init; }
    /// <summary>True when every guard passes: an export would proceed.</summary>
    public bool Passed => Guards.All(g => g.Passed);
    /// <summary>The first guard that fails, or null.</summary>
    public string? FailedGuard => Guards.FirstOrDefault(g => !g.Passed)?.ErrorId;
    /// <summary>When the last export ran (the run log), or null before the first one.</summary>
    public DateTimeOffset? LastExportedAt { get; init; }
    public long? LastExportRunId { get; init; }
    public IReadOnlyList<ProvisioningChange> Changes { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public override string ToString()
        => $"{SchoolYear}: Total {Total}, New {New}, Removed {Removed}, Updated {Updated}, GraduationYearChanged {GraduationYearChanged}";
}

/// <summary>What Export-ProvisioningFeed did.</summary>
public sealed record ProvisioningExportResult
{
    /// <summary>Exported, or Skipped (a scheduled run under a maintenance lock that disables scheduled tasks).</summary>
    public required string Status { get; init; }
    public required string Path { get; init; }
    public string SchoolYear => SchoolYearText.Format(SchoolYearNumber);
    public required int SchoolYearNumber { get; init; }
    public int Total { get; init; }
    public int New { get; init; }
    public int Removed { get; init; }
    public int Updated { get; init; }
    public int GraduationYearChanged { get; init; }
    public IReadOnlyList<Import.ExportFileInfo> Files { get; init; } = [];
    public long Rows => Files.Sum(f => f.Rows);
    public long? RunId { get; init; }
    public TimeSpan Duration { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Why the run was skipped; null when it exported.</summary>
    public string? Reason { get; init; }
}
