namespace AttendanceTools.Engine.Backfill;

/// <summary>The three kinds of minutes a continuation week holds, in the order a donor week gives them (domain §5.4 step 6, choice C6).</summary>
public enum BackfillCategory { WorkExperience, IndependentStudy, Class }

/// <summary>One membership day of a student with its daily minutes (domain §5.3).</summary>
public readonly record struct BackfillDay(DateOnly Date, int Class, int IndependentStudy, int WorkExperience);

/// <summary>One stored or desired move: minutes of one category from a donor week to an earlier recipient week (both Mondays).</summary>
public readonly record struct BackfillMoveRow(DateOnly DonorWeek, DateOnly RecipientWeek, BackfillCategory Category, int Minutes)
{
    public (DateOnly, DateOnly, BackfillCategory) Key => (DonorWeek, RecipientWeek, Category);
}

/// <summary>Per-day target and work-experience cap in minutes, and the first day of the window.</summary>
public sealed record BackfillRules(int TargetPerDay, int WorkExperienceCapPerDay, DateOnly StartDate);

/// <summary>One week of a student before backfill: its membership days, the category sums and what frozen moves already took out of it.</summary>
public sealed record BackfillWeekInput
{
    public required DateOnly Monday { get; init; }
    public required int Days { get; init; }
    public required int Class { get; init; }
    public required int IndependentStudy { get; init; }
    public required int WorkExperience { get; init; }
    /// <summary>Minutes of frozen moves (recipient week before the start date) out of this week, per category.</summary>
    public int FrozenClass { get; init; }
    public int FrozenIndependentStudy { get; init; }
    public int FrozenWorkExperience { get; init; }
    public int Frozen => FrozenClass + FrozenIndependentStudy + FrozenWorkExperience;
}

/// <summary>One week after backfill, every field of domain §5.6 in minutes.</summary>
public sealed record BackfillWeekOutcome
{
    public required DateOnly Monday { get; init; }
    public int Days { get; init; }
    public int Target { get; init; }
    public int BaselineClass { get; init; }
    public int BaselineIndependentStudy { get; init; }
    /// <summary>Work experience credited before backfill (capped).</summary>
    public int BaselineWorkExperience { get; init; }
    public int WorkExperienceOverCap { get; init; }
    public int Countable { get; init; }
    public int FrozenOut { get; init; }
    public int MovedOut { get; init; }
    public int MovedIn { get; init; }
    public int PostClass { get; init; }
    public int PostIndependentStudy { get; init; }
    public int PostWorkExperience { get; init; }
    public int PostTotal { get; init; }
    public int Claimable { get; init; }
    public int UnusedExcess { get; init; }
    public int Short { get; init; }
}

/// <summary>
/// The pure per-student backfill of domain §5.4: weeks, the work-experience cap, moves from later
/// long weeks to the earliest earlier short weeks, and the per-week results. No I/O.
/// </summary>
public static class BackfillCore
{
    /// <summary>The Monday of the week (Monday–Sunday, choice C16) that holds <paramref name="date"/>.</summary>
    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>Groups membership days into weeks; <paramref name="frozen"/> are the frozen moves (any week), counted out of their donor weeks.</summary>
    public static List<BackfillWeekInput> Weeks(IEnumerable<BackfillDay> days, IEnumerable<BackfillMoveRow> frozen)
    {
        var frozenByWeek = frozen.GroupBy(m => m.DonorWeek).ToDictionary(g => g.Key, g => g.ToList());
        return days.GroupBy(d => Monday(d.Date)).OrderBy(g => g.Key).Select(g =>
        {
            var f = frozenByWeek.GetValueOrDefault(g.Key) ?? [];
            return new BackfillWeekInput
            {
                Monday = g.Key, Days = g.Count(), Class = g.Sum(d => d.Class), IndependentStudy = g.Sum(d => d.IndependentStudy),
                WorkExperience = g.Sum(d => d.WorkExperience),
                FrozenClass = Sum(f, BackfillCategory.Class), FrozenIndependentStudy = Sum(f, BackfillCategory.IndependentStudy),
                FrozenWorkExperience = Sum(f, BackfillCategory.WorkExperience),
            };
        }).ToList();
    }

    private static int Sum(List<BackfillMoveRow> moves, BackfillCategory category) => moves.Where(m => m.Category == category).Sum(m => m.Minutes);

    private static int WeCredited(BackfillWeekInput w, BackfillRules rules) => Math.Min(w.WorkExperience, rules.WorkExperienceCapPerDay * w.Days);

    private static int Countable(BackfillWeekInput w, BackfillRules rules) => w.Class + w.IndependentStudy + WeCredited(w, rules);

    /// <summary>Steps 5 and 6: the desired moves, in donor order, at most one row per donor, recipient and category.</summary>
    public static List<BackfillMoveRow> Moves(IReadOnlyList<BackfillWeekInput> weeks, BackfillRules rules)
    {
        var n = weeks.Count;
        var target = new int[n];
        var net = new int[n]; // Countable − Frozen + In − Out, updated as moves are made
        for (var i = 0; i < n; i++)
        {
            target[i] = rules.TargetPerDay * weeks[i].Days;
            net[i] = Countable(weeks[i], rules) - weeks[i].Frozen;
        }
        var moves = new Dictionary<(DateOnly, DateOnly, BackfillCategory), int>();
        var order = new List<(DateOnly, DateOnly, BackfillCategory)>();
        for (var w = 1; w < n; w++)
        {
            var excess = Math.Max(0, net[w] - target[w]);
            if (excess == 0) continue;
            var week = weeks[w];
            // What the donor can still give, per category, after frozen moves took their share.
            var pools = new[]
            {
                (Category: BackfillCategory.WorkExperience, Left: Math.Max(0, WeCredited(week, rules) - week.FrozenWorkExperience)),
                (Category: BackfillCategory.IndependentStudy, Left: Math.Max(0, week.IndependentStudy - week.FrozenIndependentStudy)),
                (Category: BackfillCategory.Class, Left: Math.Max(0, week.Class - week.FrozenClass)),
            };
            var pool = 0;
            for (var r = 0; r < w && excess > 0; r++)
            {
                var need = target[r] - net[r];
                if (need <= 0) continue;
                var m = Math.Min(need, excess);
                excess -= m;
                net[r] += m;
                net[w] -= m;
                while (m > 0 && pool < pools.Length)
                {
                    var give = Math.Min(m, pools[pool].Left);
                    if (give > 0)
                    {
                        var key = (week.Monday, weeks[r].Monday, pools[pool].Category);
                        if (!moves.ContainsKey(key)) order.Add(key);
                        moves[key] = moves.GetValueOrDefault(key) + give;
                        pools[pool].Left -= give;
                        m -= give;
                    }
                    if (pools[pool].Left == 0) pool++;
                }
            }
        }
        return order.Select(k => new BackfillMoveRow(k.Item1, k.Item2, k.Item3, moves[k])).ToList();
    }

    /// <summary>Step 7 for any set of moves (the new ones, or the ones stored before the run, orphans included: each side counts in the week it names when the student has it).</summary>
    public static List<BackfillWeekOutcome> Evaluate(IReadOnlyList<BackfillWeekInput> weeks, BackfillRules rules, IEnumerable<BackfillMoveRow> moves)
    {
        var list = moves.ToList();
        return weeks.Select(w =>
        {
            var weC = WeCredited(w, rules);
            var target = rules.TargetPerDay * w.Days;
            int Out(BackfillCategory c) => list.Where(m => m.DonorWeek == w.Monday && m.Category == c).Sum(m => m.Minutes);
            int In(BackfillCategory c) => list.Where(m => m.RecipientWeek == w.Monday && m.Category == c).Sum(m => m.Minutes);
            var postClass = w.Class - w.FrozenClass - Out(BackfillCategory.Class) + In(BackfillCategory.Class);
            var postIs = w.IndependentStudy - w.FrozenIndependentStudy - Out(BackfillCategory.IndependentStudy) + In(BackfillCategory.IndependentStudy);
            var postWe = weC - w.FrozenWorkExperience - Out(BackfillCategory.WorkExperience) + In(BackfillCategory.WorkExperience);
            var movedOut = list.Where(m => m.DonorWeek == w.Monday).Sum(m => m.Minutes);
            var movedIn = list.Where(m => m.RecipientWeek == w.Monday).Sum(m => m.Minutes);
            var countable = w.Class + w.IndependentStudy + weC;
            var post = countable - w.Frozen + movedIn - movedOut;
            return new BackfillWeekOutcome
            {
                Monday = w.Monday, Days = w.Days, Target = target, BaselineClass = w.Class, BaselineIndependentStudy = w.IndependentStudy,
                BaselineWorkExperience = weC, WorkExperienceOverCap = w.WorkExperience - weC, Countable = countable, FrozenOut = w.Frozen,
                MovedOut = movedOut, MovedIn = movedIn, PostClass = postClass, PostIndependentStudy = postIs, PostWorkExperience = postWe,
                PostTotal = post, Claimable = Math.Min(post, target), UnusedExcess = Math.Max(0, post - target), Short = Math.Max(0, target - post),
            };
        }).ToList();
    }
}
