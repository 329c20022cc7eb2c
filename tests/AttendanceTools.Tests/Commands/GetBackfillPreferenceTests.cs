using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-BackfillPreference on the demo district (§4.7: the continuation school has backfill on).</summary>
public sealed class GetBackfillPreferenceTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Shows_the_continuation_schools_preferences_and_defaults_for_a_named_school_without_them()
    {
        using var b = new BackfillSession(demo);
        var p = Assert.Single(b.Run("Get-BackfillPreference").ShouldSucceed().Output);
        Assert.Equal(("Redwood Continuation High", "401", "2025-26", true, false, "Continuation Education"),
            (p.Prop<string>("School"), p.Prop<string>("SchoolId"), p.Prop<string>("SchoolYear"), p.Prop<bool>("Enabled"), p.Prop<bool>("RealtimeEnabled"), p.Prop<string>("ProgramName")));
        Assert.Equal((3.0m, 1.0m, new DateTime(2025, 8, 21)), (p.Prop<decimal>("TargetHoursPerDay"), p.Prop<decimal>("MaxWorkExperienceHoursPerDay"), p.Prop<DateTime>("BackfillStartDate")));

        var other = Assert.Single(b.Run("Get-BackfillPreference -School 101").ShouldSucceed().Output);
        Assert.Equal((false, false), (other.Prop<bool>("IsStored"), other.Prop<bool>("Enabled")));

        var missing = b.Run("Get-BackfillPreference -School 'No Such School'");
        Assert.StartsWith("SchoolNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
