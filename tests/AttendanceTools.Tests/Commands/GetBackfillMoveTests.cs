using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-BackfillMove on the demo district.</summary>
public sealed class GetBackfillMoveTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Lists_the_stored_moves_with_Monday_weeks_and_the_run_that_wrote_them()
    {
        using var b = new BackfillSession(demo);
        var run = b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed().Output[0].Prop<long>("RunId");
        var moves = b.Run($"Get-BackfillMove -School 401 {AsOf}").ShouldSucceed().Output;

        Assert.Equal(b.Scalar("SELECT COUNT(*) FROM BackfillMove"), moves.Count);
        Assert.All(moves, o =>
        {
            var (donor, recipient) = (o.Prop<DateTime>("DonorWeek"), o.Prop<DateTime>("RecipientWeek"));
            Assert.True(donor > recipient);
            Assert.Equal((DayOfWeek.Monday, DayOfWeek.Monday), (donor.DayOfWeek, recipient.DayOfWeek));
            Assert.Contains(o.Prop<string>("Category"), new[] { "Class", "IndependentStudy", "WorkExperience" });
            Assert.Equal(o.Prop<int>("Minutes") / 60m, o.Prop<decimal>("Hours"));
            Assert.Equal((run, false), (o.Prop<long>("RunId"), o.Prop<bool>("IsFrozen")));
        });
        var one = moves[0].Prop<string>("Student");
        Assert.All(b.Run($"Get-AttendanceStudent -StudentId {one} | Get-BackfillMove {AsOf}").ShouldSucceed().Output, o => Assert.Equal(one, o.Prop<string>("Student")));
    }
}
