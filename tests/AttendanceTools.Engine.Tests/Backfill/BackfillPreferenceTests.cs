using AttendanceTools.Engine.Backfill;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>Domain §5.2: every preference rule with its error id and field; a valid change is saved and journaled.</summary>
public sealed class BackfillPreferenceTests : IDisposable
{
    private readonly BackfillStoreFixture _f = new(new RedwoodDistrict().Student("BEN"));

    public void Dispose() => _f.Dispose();

    private static BackfillPreferences.Change Change(string school = "RCH") => new() { School = school };

    private AttendanceException Refused(BackfillPreferences.Change change)
        => Assert.Throws<AttendanceException>(() => BackfillPreferences.Apply(_f.Store, change, NullObserver.Instance));

    [Theory]
    [InlineData("0", "TargetHoursPerDay")]
    [InlineData("24.5", "TargetHoursPerDay")]
    [InlineData("3.001", "TargetHoursPerDay")]
    public void A_bad_target_is_refused_naming_the_field(string target, string field)
    {
        var ex = Refused(Change() with { TargetHoursPerDay = decimal.Parse(target, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(("BackfillPreferenceInvalid", $"{field}={target}"), (ex.ErrorId, ex.Target));
        Assert.Contains($"(field {field})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Redwood Continuation (RCH) in 2025-26", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_work_experience_a_start_date_outside_the_year_a_missing_program_and_the_district_office_are_refused()
    {
        Assert.Equal("MaxWorkExperienceHoursPerDay=-1", Refused(Change() with { MaxWorkExperienceHoursPerDay = -1 }).Target);
        var start = Refused(Change() with { BackfillStartDate = new DateOnly(2026, 7, 1) });
        Assert.Equal(("BackfillPreferenceInvalid", "BackfillStartDate=2026-07-01"), (start.ErrorId, start.Target));
        Assert.Contains("outside the school year (2025-07-01 to 2026-06-30)", start.Message, StringComparison.Ordinal);
        var program = Refused(Change() with { ProgramName = "Night School" });
        Assert.Equal(("BackfillProgramMissing", "Night School"), (program.ErrorId, program.Target));
        var office = Refused(Change("DO") with { Enabled = true, ProgramName = "CE", BackfillStartDate = new DateOnly(2026, 1, 5) });
        Assert.Equal(("BackfillPreferenceInvalid", "School=DO"), (office.ErrorId, office.Target));
        Assert.Contains("district office", office.Message, StringComparison.Ordinal);
        Assert.Equal(1, _f.Sql("SELECT COUNT(*) FROM BackfillPreference")); // nothing written
    }

    [Fact]
    public void A_valid_change_is_saved_with_a_journaled_run_and_an_unchanged_one_writes_nothing()
    {
        var saved = BackfillPreferences.Apply(_f.Store, Change() with { RealtimeEnabled = true, BackfillStartDate = new DateOnly(2026, 1, 12) }, NullObserver.Instance);
        Assert.Equal((true, true, "CE", 3.0m, 1.0m, new DateTime(2026, 1, 12), "2025-26"),
            (saved.Enabled, saved.RealtimeEnabled, saved.ProgramName, saved.TargetHoursPerDay, saved.MaxWorkExperienceHoursPerDay, saved.BackfillStartDate, saved.SchoolYear));
        Assert.Equal(20260112, _f.Sql("SELECT BackfillStartDate FROM BackfillPreference"));
        Assert.Equal(1, _f.Sql("SELECT COUNT(*) FROM RunChange c JOIN RunLog r ON r.RunId = c.RunId WHERE r.Operation = 'BackfillPreference'"));
        var runs = _f.Sql("SELECT COUNT(*) FROM RunLog");
        BackfillPreferences.Apply(_f.Store, Change() with { RealtimeEnabled = true }, NullObserver.Instance);
        Assert.Equal(runs, _f.Sql("SELECT COUNT(*) FROM RunLog"));

        var listed = Assert.Single(BackfillPreferences.Find(_f.Store, [], null, _ => { }));
        Assert.Equal(("Redwood Continuation", "RCH", true), (listed.School, listed.SchoolId, listed.IsStored));
        var defaults = Assert.Single(BackfillPreferences.Find(_f.Store, ["DO"], null, _ => { }));
        Assert.Equal((false, false, 3.0m, 0m, (DateTime?)null), (defaults.IsStored, defaults.Enabled, defaults.TargetHoursPerDay, defaults.MaxWorkExperienceHoursPerDay, defaults.BackfillStartDate));
    }
}
