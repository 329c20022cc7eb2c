using static AttendanceTools.Engine.Tests.Demo.DemoFixture;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>Domain §7.5 (half-day rule, 10 %, at least 10 enrolled days) computed from the generated rows themselves.</summary>
public sealed class DemoChronicAbsenceTests
{
    [Fact]
    public void Chronically_absent_and_not_chronically_absent_students()
    {
        var tallies = Chronic.Tallies.Where(t => t.EnrolledDays >= 10).ToList();
        Assert.True(tallies.Count > DemoFixture.Students * 0.9);
        var chronic = tallies.Count(t => t.IsChronic);
        var share = chronic / (double)tallies.Count;
        // A tail of roughly 10–15 % (more at the continuation school), never everybody.
        Assert.InRange(share, 0.09, 0.20);
        Assert.Contains(tallies, t => !t.IsChronic);
    }

    [Fact]
    public void Most_students_are_rarely_absent()
    {
        var rates = Chronic.Tallies.Where(t => t.EnrolledDays >= 10).Select(t => t.Rate).Order().ToList();
        Assert.InRange(rates[rates.Count / 2], 0.0, 0.04);
        Assert.Contains(rates, r => r == 0);
        // Some days count as absent through partial marks alone: at least one student has half-day
        // absences without any full-day mark, and the continuation school has a larger tail.
        var ce = Chronic.Tallies.Where(t => t.School == "401" && t.EnrolledDays >= 10).ToList();
        Assert.True(ce.Count(t => t.IsChronic) / (double)ce.Count > 0.2);
    }

    [Fact]
    public void The_tail_is_there_in_the_smallest_district()
    {
        var small = new HalfDayCounter(AttendanceTools.Engine.Demo.DemoDistrictGenerator.Generate(new AttendanceTools.Engine.Demo.DemoOptions { Students = 100, Seed = 3 }));
        var tallies = small.Tallies.Where(t => t.EnrolledDays >= 10).ToList();
        Assert.Contains(tallies, t => t.IsChronic);
        Assert.Contains(tallies, t => !t.IsChronic);
    }
}
