using AttendanceTools.Tests.Infrastructure;
using static AttendanceTools.Tests.Commands.BackfillSession;

namespace AttendanceTools.Tests.Commands;

/// <summary>Clear-Backfill (step 1) on the demo district.</summary>
public sealed class ClearBackfillTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Fact]
    public void Clears_the_moves_and_states_of_the_chosen_students_only()
    {
        using var b = new BackfillSession(demo);
        b.Run($"Invoke-BackfillValidation -School 401 {AsOf} -Confirm:$false").ShouldSucceed();
        var student = b.Rows("SELECT s.StudentUniqueId FROM BackfillMove m JOIN Student s ON s.StudentRef = m.StudentRef ORDER BY 1 LIMIT 1")[0];
        var his = b.Moves().Count(m => m.StartsWith(student + " ", StringComparison.Ordinal));
        var total = b.Moves().Count;

        Assert.Empty(b.Run($"Clear-Backfill -School 401 -Student {student} {AsOf} -WhatIf").ShouldSucceed().Output);
        Assert.Equal(total, b.Moves().Count);

        var r = Assert.Single(b.Run($"Clear-Backfill -School 401 -Student {student} {AsOf} -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal((student, "Cleared", his, 0), (r.Prop<string>("Student"), r.Prop<string>("Reason"), r.Prop<int>("MovesDeleted"), r.Prop<int>("MovesInserted")));
        Assert.Equal(total - his, b.Moves().Count);
        Assert.Equal(0, b.Scalar($"SELECT COUNT(*) FROM BackfillStudentState WHERE StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = '{student}')"));

        // Again: nothing left to clear.
        var again = Assert.Single(b.Run($"Clear-Backfill -School 401 -Student {student} {AsOf} -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal("Unchanged", again.Prop<string>("Reason"));
    }
}
