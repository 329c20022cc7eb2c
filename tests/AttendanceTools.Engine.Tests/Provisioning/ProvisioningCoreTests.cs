using AttendanceTools.Engine.Provisioning;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>Domain §9.3–9.4 and worked examples P2 and P3 on the pure core.</summary>
public sealed class ProvisioningCoreTests
{
    private static readonly ProvisioningLimits Defaults = new();

    // P2: the snapshot exported in 2026.
    private static readonly FeedStudent[] P2Snapshot =
        [new("Avery", "101", "03", 2035), new("Blake", "101", "05", 2033), new("Casey", "201", "08", 2030)];

    private static List<FeedStudent> Feed(int year, params (string Id, string School, string Grade)[] students)
        => ProvisioningCore.Desired(students, year, []);

    [Fact]
    public void P2_the_year_made_current_before_grades_are_promoted_changes_every_graduation_year()
    {
        var feed = Feed(2027, ("Avery", "101", "03"), ("Blake", "101", "05"), ("Casey", "201", "08"));
        Assert.Equal([2036, 2034, 2031], feed.Select(f => f.GraduationYear));

        var p = ProvisioningCore.Preview(2027, 2027, feed, P2Snapshot, Defaults, []);

        Assert.Equal((3, 0, 0, 3, 3), (p.Total, p.New, p.Removed, p.Updated, p.GraduationYearChanged));
        Assert.Equal(100.0, p.GraduationYearChangePercent);
        Assert.Equal("GraduationYearGuard", p.FailedGuard);
        var refusal = ProvisioningCore.Refusal(p)!;
        Assert.Equal("GraduationYearGuard", refusal.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, refusal.Kind);
        Assert.StartsWith("3 of the 3 students in both the last export and the 2026-27 feed (100.0%) would change graduation year, more than the 10% allowed by -MaxGraduationYearChangePercent.", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("do not seem to match", refusal.Message, StringComparison.Ordinal);
        Assert.Same(p, refusal.Target);
    }

    [Fact]
    public void P2_after_the_roll_up_only_the_retained_student_changes_which_is_still_refused_unless_allowed()
    {
        var feed = Feed(2027, ("Avery", "101", "04"), ("Blake", "201", "06"), ("Casey", "201", "08"));
        Assert.Equal([2035, 2033, 2031], feed.Select(f => f.GraduationYear));

        var p = ProvisioningCore.Preview(2027, 2027, feed, P2Snapshot, Defaults, []);

        Assert.Equal((3, 0, 0, 3, 1), (p.Total, p.New, p.Removed, p.Updated, p.GraduationYearChanged));
        Assert.Equal("33.3", p.GraduationYearChangePercent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        var refusal = ProvisioningCore.Refusal(p)!;
        Assert.Equal("GraduationYearGuard", refusal.ErrorId);
        Assert.StartsWith("1 of the 3 students in both the last export and the 2026-27 feed (33.3%) would change graduation year, more than the 10% allowed", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("-MaxGraduationYearChangePercent 34", refusal.RecommendedAction, StringComparison.Ordinal);

        // Allowed for this run, the graduation-year guard passes; every record changed, so the update alarm is next.
        var allowed = ProvisioningCore.Preview(2027, 2027, feed, P2Snapshot, Defaults with { MaxGraduationYearChangePercent = 34 }, []);
        Assert.True(allowed.Guards.Single(g => g.Guard == "GraduationYear").Passed);
        Assert.Equal("ChangeThresholdExceeded", ProvisioningCore.Refusal(allowed)!.ErrorId);
        var both = ProvisioningCore.Preview(2027, 2027, feed, P2Snapshot, Defaults with { MaxGraduationYearChangePercent = 34, MaxUpdatePercent = 100 }, []);
        Assert.Null(ProvisioningCore.Refusal(both));
    }

    [Fact]
    public void The_school_year_guard_comes_first()
    {
        var feed = Feed(2027, ("Avery", "101", "03"), ("Blake", "101", "05"), ("Casey", "201", "08"));
        var p = ProvisioningCore.Preview(2027, 2026, feed, P2Snapshot, Defaults, []);

        Assert.Equal(["SchoolYear", "GraduationYear", "Update"], p.Guards.Where(g => !g.Passed).Select(g => g.Guard));
        var refusal = ProvisioningCore.Refusal(p)!;
        Assert.Equal(("SchoolYearMismatch", FailureKind.InvalidArgument), (refusal.ErrorId, refusal.Kind));
        Assert.StartsWith("The feed was asked for school year 2025-26, but the store's current school year is 2026-27.", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>P3: 200 in the snapshot; 190 continue with a new grade (3 retained), 12 are new, 10 are gone.</summary>
    private static (List<FeedStudent> Snapshot, List<FeedStudent> Feed) P3()
    {
        var snapshot = new List<(string, string, string)>();
        var feed = new List<(string, string, string)>();
        for (var i = 1; i <= 200; i++)
        {
            var id = $"S{i:000}";
            if (i > 190)
            {
                snapshot.Add((id, "301", "12"));
                continue;
            }
            var grade = 1 + (i % 11);
            snapshot.Add((id, "101", $"{grade:00}"));
            feed.Add((id, "101", i <= 3 ? $"{grade:00}" : $"{grade + 1:00}"));
        }
        for (var i = 1; i <= 12; i++) feed.Add(($"N{i:00}", "101", "KG"));
        return (ProvisioningCore.Desired(snapshot, 2026, []), ProvisioningCore.Desired(feed, 2027, []));
    }

    [Fact]
    public void P3_preview_counts_and_thresholds()
    {
        var (snapshot, feed) = P3();
        var p = ProvisioningCore.Preview(2027, 2027, feed, snapshot, Defaults, []);

        Assert.Equal((202, 12, 10, 190, 3), (p.Total, p.New, p.Removed, p.Updated, p.GraduationYearChanged));
        Assert.Equal((200, 190), (p.SnapshotCount, p.InBoth));
        var guards = p.Guards.ToDictionary(g => g.Guard);
        Assert.Equal(("1.6", true), (Round(guards["GraduationYear"].Percent), guards["GraduationYear"].Passed));
        Assert.Equal(("95.0", false), (Round(guards["Update"].Percent), guards["Update"].Passed));
        Assert.Equal(("5.0", true), (Round(guards["Delete"].Percent), guards["Delete"].Passed));
        Assert.Equal("3 of 190", guards["GraduationYear"].Counts);
        Assert.Equal("190 of 200", guards["Update"].Counts);

        var refusal = ProvisioningCore.Refusal(p)!;
        Assert.Equal("ChangeThresholdExceeded", refusal.ErrorId);
        Assert.Equal("The 2026-27 feed changes too much at once: 190 of the 200 students in the last export would be updated (95.0%, more than the 75% allowed by -MaxUpdatePercent). " +
                     "Nothing was exported; the previous files and the snapshot were kept.", refusal.Message);
        Assert.Contains("-MaxUpdatePercent 95", refusal.RecommendedAction, StringComparison.Ordinal);

        var raised = ProvisioningCore.Preview(2027, 2027, feed, snapshot, Defaults with { MaxUpdatePercent = 100 }, []);
        Assert.True(raised.Passed);
        Assert.Null(ProvisioningCore.Refusal(raised));
    }

    [Fact]
    public void The_delete_threshold_and_the_generic_change_guard_name_their_counts()
    {
        var (snapshot, feed) = P3();
        var p = ProvisioningCore.Preview(2027, 2027, feed, snapshot, new ProvisioningLimits { MaxUpdatePercent = 100, MaxDeletePercent = 4, MaxChangePercent = 100 }, []);

        Assert.Equal(["Delete", "Change"], p.Guards.Where(g => !g.Passed).Select(g => g.Guard));
        var refusal = ProvisioningCore.Refusal(p)!;
        Assert.Equal("ChangeThresholdExceeded", refusal.ErrorId);
        Assert.Contains("10 of the 200 students in the last export would be removed (5.0%, more than the 4% allowed by -MaxDeletePercent)", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("212 students would be new, updated or removed against the 200 in the last export (106.0%, more than the 100% allowed by -MaxChangePercent)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_limit_passes()
    {
        var snapshot = Enumerable.Range(1, 10).Select(i => new FeedStudent($"S{i}", "101", "03", 2035)).ToList();
        var feed = snapshot.Take(9).ToList(); // 1 of 10 removed = 10 %
        var p = ProvisioningCore.Preview(2026, 2026, feed, snapshot, Defaults, []);
        Assert.Equal(10.0, p.DeletePercent);
        Assert.True(p.Passed);
    }

    [Fact]
    public void An_empty_snapshot_skips_the_percentage_guards_but_not_the_school_year()
    {
        var feed = Feed(2026, ("Avery", "101", "03"));
        var p = ProvisioningCore.Preview(2026, 2026, feed, [], Defaults with { MaxChangePercent = 0 }, []);
        Assert.Equal((1, 1, 0, 0), (p.Total, p.New, p.Removed, p.Updated));
        Assert.True(p.Passed);
        Assert.All(p.Guards.Skip(1), g => Assert.True(g.Skipped));

        var wrongYear = ProvisioningCore.Preview(2026, 2027, feed, [], Defaults, []);
        Assert.Equal("SchoolYearMismatch", ProvisioningCore.Refusal(wrongYear)!.ErrorId);
    }

    [Fact]
    public void Detailed_changes_say_what_changed_old_to_new()
    {
        var feed = Feed(2027, ("Avery", "101", "04"), ("Blake", "201", "06"), ("Casey", "201", "08"), ("Dana", "101", "KG"));
        var changes = ProvisioningCore.Diff(feed, [.. P2Snapshot, new FeedStudent("Emery", "301", "12", 2026)]);

        Assert.Equal(["Avery", "Blake", "Casey", "Dana", "Emery"], changes.Select(c => c.StudentId));
        Assert.Equal("grade 03 -> 04", changes[0].Changes); // promoted: the graduation year stays
        Assert.Equal("school 101 -> 201; grade 05 -> 06", changes[1].Changes);
        Assert.Equal("graduation year 2030 -> 2031", changes[2].Changes);
        Assert.Equal(("New", "new: school 101, grade KG, graduation year 2039"), (changes[3].Change, changes[3].Changes));
        Assert.Equal(("Removed", "removed: was school 301, grade 12, graduation year 2026"), (changes[4].Change, changes[4].Changes));
        Assert.Equal((2030, 2031, true, false, false), (changes[2].OldGraduationYear, changes[2].NewGraduationYear, changes[2].GraduationYearChanged, changes[2].GradeChanged, changes[2].SchoolChanged));
    }

    private static string Round(double percent) => percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
