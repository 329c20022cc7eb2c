using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Set-BackfillPreference on the demo district: saved, validated per domain §5.2, -WhatIf.</summary>
public sealed class SetBackfillPreferenceTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Saves_a_change_and_refuses_bad_values_naming_the_field()
    {
        using var b = new BackfillSession(demo);
        b.Run("Set-BackfillPreference -School 401 -BackfillStartDate 2025-10-06 -WhatIf").ShouldSucceed();
        Assert.Equal(20250821, b.Scalar("SELECT BackfillStartDate FROM BackfillPreference WHERE SchoolYear = 2026"));

        var saved = Assert.Single(b.Run("Set-BackfillPreference -School 401 -BackfillStartDate 2025-10-06 -RealtimeEnabled $true -PassThru -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal((new DateTime(2025, 10, 6), true), (saved.Prop<DateTime>("BackfillStartDate"), saved.Prop<bool>("RealtimeEnabled")));
        Assert.Equal(20251006, b.Scalar("SELECT BackfillStartDate FROM BackfillPreference WHERE SchoolYear = 2026"));

        var zero = b.Run("Set-BackfillPreference -School 401 -TargetHoursPerDay 0 -Confirm:$false");
        Assert.StartsWith("BackfillPreferenceInvalid", zero.ErrorId, StringComparison.Ordinal);
        Assert.Contains("TargetHoursPerDay", zero.FirstError!.Exception.Message, StringComparison.Ordinal);
        var program = b.Run("Set-BackfillPreference -School 401 -ProgramName 'Night School' -Confirm:$false");
        Assert.StartsWith("BackfillProgramMissing", program.ErrorId, StringComparison.Ordinal);
        var office = b.Run("Set-BackfillPreference -School 001 -Enabled $true -ProgramName CE -BackfillStartDate 2025-09-01 -Confirm:$false");
        Assert.StartsWith("BackfillPreferenceInvalid", office.ErrorId, StringComparison.Ordinal);
        Assert.Equal(3.0m, decimal.Parse(b.Rows("SELECT TargetHoursPerDay FROM BackfillPreference WHERE SchoolYear = 2026")[0], System.Globalization.CultureInfo.InvariantCulture));
    }
}
