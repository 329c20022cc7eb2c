using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// The pure rules of domain §9: the desired feed, its diff against the last export (§9.3) and the
/// guards in §9.4's order. No I/O, no clock.
/// </summary>
public static class ProvisioningCore
{
    /// <summary>
    /// The desired set: one row per student with an Active year record in <paramref name="schoolYear"/>,
    /// with the graduation year computed from grade and year (not the stored class year, as the feeds do [S39]).
    /// Grades without an ordinal get a null graduation year and a <c>GradeHasNoOrdinal</c> warning.
    /// </summary>
    public static List<FeedStudent> Desired(IEnumerable<(string StudentId, string SchoolId, string Grade)> active, int schoolYear, List<EngineWarning> warnings)
    {
        var feed = new List<FeedStudent>();
        foreach (var (id, school, grade) in active)
        {
            var year = FeedGraduationYear.Of(grade, schoolYear);
            if (year is null) warnings.Add(FeedGraduationYear.NoOrdinal(id, grade, schoolYear));
            feed.Add(new FeedStudent(id, school, grade, year));
        }
        feed.Sort((a, b) => string.CompareOrdinal(a.StudentUniqueId, b.StudentUniqueId));
        return feed;
    }

    /// <summary>Every changed student, ordered by student id: new, removed, or updated (school, grade or graduation year differ).</summary>
    public static List<ProvisioningChange> Diff(IReadOnlyList<FeedStudent> desired, IReadOnlyList<FeedStudent> snapshot)
    {
        var old = new Dictionary<string, FeedStudent>(snapshot.Count, StringComparer.Ordinal);
        foreach (var s in snapshot) old[s.StudentUniqueId] = s;
        var changes = new List<ProvisioningChange>();
        foreach (var now in desired)
        {
            if (!old.Remove(now.StudentUniqueId, out var was))
            {
                changes.Add(new ProvisioningChange
                {
                    StudentId = now.StudentUniqueId, Change = nameof(FeedChangeKind.New),
                    NewSchoolId = now.SchoolId, NewGrade = now.GradeLevel, NewGraduationYear = now.GraduationYear,
                });
                continue;
            }
            if (was == now) continue;
            changes.Add(new ProvisioningChange
            {
                StudentId = now.StudentUniqueId, Change = nameof(FeedChangeKind.Updated),
                OldSchoolId = was.SchoolId, NewSchoolId = now.SchoolId, OldGrade = was.GradeLevel, NewGrade = now.GradeLevel,
                OldGraduationYear = was.GraduationYear, NewGraduationYear = now.GraduationYear,
            });
        }
        changes.AddRange(old.Values.Select(was => new ProvisioningChange
        {
            StudentId = was.StudentUniqueId, Change = nameof(FeedChangeKind.Removed),
            OldSchoolId = was.SchoolId, OldGrade = was.GradeLevel, OldGraduationYear = was.GraduationYear,
        }));
        changes.Sort((a, b) => string.CompareOrdinal(a.StudentId, b.StudentId));
        return changes;
    }

    /// <summary>The counts of §9.3 and the guards of §9.4 for a desired feed against the last export.</summary>
    public static ProvisioningPreview Preview(int currentYear, int? requestedYear, IReadOnlyList<FeedStudent> desired, IReadOnlyList<FeedStudent> snapshot,
        ProvisioningLimits limits, IReadOnlyList<EngineWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(limits);
        var changes = Diff(desired, snapshot);
        var counts = new Counts(
            desired.Count, changes.Count(c => c.Change == nameof(FeedChangeKind.New)), changes.Count(c => c.Change == nameof(FeedChangeKind.Removed)),
            changes.Count(c => c.Change == nameof(FeedChangeKind.Updated)), changes.Count(c => c.GraduationYearChanged), snapshot.Count);
        return new ProvisioningPreview
        {
            SchoolYearNumber = currentYear, RequestedSchoolYear = requestedYear, Total = counts.Total, New = counts.New, Removed = counts.Removed,
            Updated = counts.Updated, GraduationYearChanged = counts.GraduationYearChanged, SnapshotCount = counts.Snapshot, Limits = limits,
            Guards = Guards(currentYear, requestedYear, counts, limits), Changes = changes, Warnings = [.. warnings.Select(w => w.ToString())],
        };
    }

    private sealed record Counts(int Total, int New, int Removed, int Updated, int GraduationYearChanged, int Snapshot)
    {
        public int InBoth => Total - New;
    }

    /// <summary>The guards in §9.4's order; exactly the limit passes; an empty snapshot skips the percentage guards.</summary>
    private static List<ProvisioningGuardInfo> Guards(int currentYear, int? requestedYear, Counts n, ProvisioningLimits limits)
    {
        var skip = n.Snapshot == 0;
        ProvisioningGuardInfo Percent(string guard, string errorId, int part, int whole, double? limit)
        {
            var percent = whole == 0 ? 0 : 100.0 * part / whole;
            return new ProvisioningGuardInfo
            {
                Guard = guard, ErrorId = errorId, Percent = percent, Limit = limit, Skipped = skip || limit is null,
                Passed = skip || limit is not { } max || percent <= max, Counts = string.Create(CultureInfo.InvariantCulture, $"{part:N0} of {whole:N0}"),
            };
        }
        return
        [
            new ProvisioningGuardInfo
            {
                Guard = "SchoolYear", ErrorId = ProvisioningErrors.SchoolYearMismatch, Percent = 0, Passed = requestedYear is null || requestedYear == currentYear,
                Skipped = requestedYear is null,
                Counts = requestedYear is { } asked ? $"asked {SchoolYearText.Format(asked)}, current {SchoolYearText.Format(currentYear)}" : $"current {SchoolYearText.Format(currentYear)}",
            },
            Percent("GraduationYear", ProvisioningErrors.GraduationYearGuard, n.GraduationYearChanged, n.InBoth, limits.MaxGraduationYearChangePercent),
            Percent("Update", ProvisioningErrors.ChangeThresholdExceeded, n.Updated, n.Snapshot, limits.MaxUpdatePercent),
            Percent("Delete", ProvisioningErrors.ChangeThresholdExceeded, n.Removed, n.Snapshot, limits.MaxDeletePercent),
            Percent("Change", ProvisioningErrors.ChangeThresholdExceeded, n.New + n.Updated + n.Removed, n.Snapshot, limits.MaxChangePercent),
        ];
    }

    /// <summary>The error the first failing guard refuses the export with (naming the counts that tripped it), or null when all pass.</summary>
    public static AttendanceException? Refusal(ProvisioningPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var failed = preview.Guards.Where(g => !g.Passed).ToList();
        if (failed.Count == 0) return null;
        var first = failed[0];
        return first.Guard switch
        {
            "SchoolYear" => ProvisioningErrors.YearMismatch(preview),
            "GraduationYear" => ProvisioningErrors.GraduationYears(preview, first),
            _ => ProvisioningErrors.Changes(preview, failed.Where(g => g.ErrorId == ProvisioningErrors.ChangeThresholdExceeded).ToList()),
        };
    }
}
