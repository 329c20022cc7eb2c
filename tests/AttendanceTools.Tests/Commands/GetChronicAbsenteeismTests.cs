using System.Globalization;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-ChronicAbsenteeism on the small demo district refreshed for the whole year.</summary>
public sealed class GetChronicAbsenteeismTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private PsSession WholeYear(out string store)
    {
        var s = new PsSession();
        store = demo.CopyTo(s.TempFolder);
        // As of 2026-07-01, after the year ended: every day of every calendar.
        s.Run("Connect-AttendanceStore -Path $p; $null = Update-AttendanceAggregation -SchoolYear 2026 -AsOf 2026-07-01T12:00 -Confirm:$false",
            new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return s;
    }

    [Fact]
    public void Every_row_equals_the_half_day_rule_counted_from_the_stored_aggregates()
    {
        using var s = WholeYear(out var store);
        var rows = s.Run("Get-ChronicAbsenteeism").ShouldSucceed().Output;

        foreach (var name in new[] { "Student", "School", "From", "To", "Rule", "EnrolledDays", "DaysAbsent", "Rate", "Threshold", "IsChronic", "Reason" })
            Assert.NotNull(rows[0].Properties[name]);
        // The oracle: the stored rows counted in SQL, per student and school (HalfDay: absent at least half the scheduled minutes).
        var expected = DemoTemplate.Rows(store,
                "SELECT st.StudentUniqueId, sc.Name, COUNT(*), SUM(CASE WHEN a.AbsentMinutes * 2 >= a.ScheduledMinutes THEN 1 ELSE 0 END) " +
                "FROM DayAggregate a JOIN Calendar k ON k.CalendarRef = a.CalendarRef JOIN School sc ON sc.SchoolRef = k.SchoolRef " +
                "JOIN Student st ON st.StudentRef = a.StudentRef WHERE k.SchoolYear = 2026 AND st.IsDeleted = 0 GROUP BY st.StudentUniqueId, sc.Name")
            .ToDictionary(r => ((string)r[0], (string)r[1]), r => (Days: Convert.ToInt32(r[2], CultureInfo.InvariantCulture), Absent: Convert.ToInt32(r[3], CultureInfo.InvariantCulture)));
        var enrolled = DemoTemplate.Rows(store,
                "SELECT DISTINCT st.StudentUniqueId, sc.Name FROM StudentSchoolAssociation e JOIN School sc ON sc.SchoolRef = e.SchoolRef " +
                "JOIN Student st ON st.StudentRef = e.StudentRef WHERE e.SchoolYear = 2026 AND st.IsDeleted = 0")
            .Select(r => ((string)r[0], (string)r[1]));

        Assert.Equal(expected.Keys.Union(enrolled).Order(), rows.Select(r => (r.Prop<string>("Student"), r.Prop<string>("School"))).Order());
        Assert.All(rows, r =>
        {
            var (days, absent) = expected.GetValueOrDefault((r.Prop<string>("Student"), r.Prop<string>("School")));
            Assert.Equal(("HalfDay", days, (decimal)absent, 0.1m), (r.Prop<string>("Rule"), r.Prop<int>("EnrolledDays"), r.Prop<decimal>("DaysAbsent"), r.Prop<decimal>("Threshold")));
            Assert.Equal(days == 0 ? 0m : Math.Round((decimal)absent / days, 24), Math.Round(r.Prop<decimal>("Rate"), 24));
            Assert.Equal(days >= 10 && absent * 10 >= days, r.Prop<bool>("IsChronic")); // integers: exactly 10 % is chronic
            Assert.Equal(days >= 10 ? null : "BelowMinimumDays", r.Prop("Reason") as string);
        });
        // The demo district has a chronically absent tail and students who are not.
        Assert.Contains(rows, r => r.Prop<bool>("IsChronic"));
        Assert.Contains(rows, r => !r.Prop<bool>("IsChronic"));
    }

    [Fact]
    public void A_student_id_that_names_nobody_is_an_error_not_an_empty_answer()
    {
        using var s = WholeYear(out _);
        var r = s.Run("Get-ChronicAbsenteeism -Student NOBODY");
        Assert.StartsWith("StudentNotFound", r.ErrorId, StringComparison.Ordinal);
        Assert.Equal("NOBODY", r.FirstError!.TargetObject);
    }

    [Fact]
    public void ChronicOnly_Threshold_and_Rule_change_the_answer_consistently()
    {
        using var s = WholeYear(out _);
        {
            var all = s.Run("Get-ChronicAbsenteeism -School 'Cedar High'").ShouldSucceed().Output;
            var chronic = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -ChronicOnly").ShouldSucceed().Output;
            var strict = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -ChronicOnly -Threshold 20").ShouldSucceed().Output;
            var fractional = s.Run("Get-ChronicAbsenteeism -School 'Cedar High' -Rule Fractional").ShouldSucceed().Output;

            Assert.Equal(all.Count(r => r.Prop<bool>("IsChronic")), chronic.Count);
            Assert.True(strict.Count <= chronic.Count);
            Assert.All(strict, r => Assert.True(r.Prop<decimal>("Rate") >= 0.20m));
            Assert.All(fractional, r => Assert.Equal("Fractional", r.Prop<string>("Rule")));
            Assert.Equal(all.Count, fractional.Count);
        }
    }

    [Fact]
    public void AsOf_limits_the_days_counted()
    {
        using var s = WholeYear(out _);
        {
            var rows = s.Run("Get-ChronicAbsenteeism -School 'Pine Middle' -AsOf 2025-09-30").ShouldSucceed().Output;
            Assert.All(rows, r => Assert.Equal(new DateTime(2025, 9, 30), r.Prop<DateTime>("To")));
            Assert.All(rows, r => Assert.True(r.Prop<int>("EnrolledDays") <= 31));
        }
    }

    [Fact]
    public void An_unknown_rule_is_a_binding_error()
    {
        using var s = new PsSession();
        var r = s.Run("Get-ChronicAbsenteeism -Rule Weekly");
        Assert.StartsWith("ParameterArgumentValidationError", r.ErrorId, StringComparison.Ordinal);
    }
}
