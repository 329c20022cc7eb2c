using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

// One school's plan: which students, the aggregation refresh of step 2, and each student's diff.
public static partial class BackfillOperation
{
    internal static BackfillSchoolPlan PlanSchool(DbConnection c, BackfillSettings s, DateOnly windowEnd, DateTime localNow, DateTimeOffset utcNow,
        BackfillRequest request, HashSet<int>? selected, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var inputs = BackfillInputs.Load(c, s, windowEnd);
        var loaded = clock.Elapsed;
        var students = inputs.CeStudents().Where(r => selected is null || selected.Contains(r)).ToList();
        IReadOnlyList<CalendarPlan> aggregation = [];
        if (request.Step is BackfillStep.Validate or BackfillStep.Aggregate)
        {
            var ids = students.Where(inputs.StudentIds.ContainsKey).Select(r => inputs.StudentIds[r]).ToList();
            aggregation = AggregationOperation.PlanStudents(c, s.SchoolRef, s.SchoolYear,
                new AggregationRequest { Students = ids, From = s.Rules.StartDate, To = windowEnd }, localNow, ct);
            inputs.Overlay(aggregation);
        }
        var aggregated = clock.Elapsed;
        var plan = new BackfillSchoolPlan
        {
            Settings = s, WindowStart = s.Rules.StartDate, WindowEnd = windowEnd, Aggregation = aggregation, InScope = students,
            Students = request.Step == BackfillStep.Aggregate ? [] : students.Select(r => PlanStudent(inputs, r, request, utcNow)).ToList(),
            ExistingMoves = students.Sum(r => inputs.StoredInScope(r).Count),
        };
        plan.Timing = (loaded, aggregated - loaded, clock.Elapsed - aggregated);
        if (s.Rules.WorkExperienceCapPerDay == 0 && request.Step != BackfillStep.Aggregate
            && students.Any(r => inputs.Days(r).Any(d => d.WorkExperience > 0)))
            plan.Warnings.Add(new EngineWarning("WorkExperienceIgnored",
                $"Students of {s} have work-experience minutes in the window, but MaxWorkExperienceHoursPerDay is 0, so none of them is credited."));
        return plan;
    }

    private static BackfillStudentPlan PlanStudent(BackfillInputs inputs, int student, BackfillRequest request, DateTimeOffset utcNow)
    {
        var s = inputs.Settings;
        var rules = s.Rules;
        var weeks = inputs.Weeks(student);
        var stored = inputs.StoredInScope(student);
        var storedMoves = stored.Select(m => m.Move).ToList();
        var before = BackfillCore.Evaluate(weeks, rules, storedMoves);
        var claimableBefore = before.Sum(w => w.Claimable);
        var weekSet = weeks.Select(w => w.Monday).ToHashSet();
        var isCe = inputs.ProgramStudents.Contains(student);
        bool Orphan(BackfillMoveRow m) => !isCe || !weekSet.Contains(m.DonorWeek) || !weekSet.Contains(m.RecipientWeek);
        inputs.States.TryGetValue(student, out var state);
        var stateBefore = state is null ? ((DateOnly, string, string)?)null : (state.StartDate, state.Fingerprint, state.ComputedAt);
        var id = inputs.StudentIds.GetValueOrDefault(student, $"#{student}");
        var fingerprint = BackfillFingerprint.Of(weeks, rules);
        var computedAt = DbValue.Timestamp(utcNow);

        if (request.Step == BackfillStep.Clear)
        {
            var cleared = new BackfillStudentPlan
            {
                StudentRef = student, StudentId = id, Weeks = weeks.Count, StateBefore = stateBefore, StateAfter = null,
                Reason = stored.Count > 0 || state is not null ? BackfillReason.Cleared : BackfillReason.Unchanged,
                OrphanDeletes = storedMoves.Count(Orphan), ClaimableBefore = claimableBefore,
                Claimable = BackfillCore.Evaluate(weeks, rules, []).Sum(w => w.Claimable),
            };
            cleared.Deletes.AddRange(stored.Select(m => new StoredMoveImage(m.Move, m.RunId)));
            return cleared;
        }

        // Realtime keeps moves current; Validate then recomputes only students whose inputs changed since (domain §5.5).
        if (request.Step == BackfillStep.Validate && s.RealtimeEnabled && !request.RecalculateAll && state is not null && isCe
            && state.StartDate == rules.StartDate && state.Fingerprint == fingerprint.ToString())
            return new BackfillStudentPlan
            {
                StudentRef = student, StudentId = id, Reason = BackfillReason.Unchanged, Weeks = weeks.Count, StateBefore = stateBefore, StateAfter = stateBefore,
                MovedMinutes = storedMoves.Sum(m => m.Minutes), ClaimableBefore = claimableBefore, Claimable = claimableBefore,
            };

        var desired = isCe ? BackfillCore.Moves(weeks, rules) : [];
        var storedByKey = stored.ToDictionary(m => m.Move.Key);
        var desiredKeys = desired.Select(m => m.Key).ToHashSet();
        var deletes = stored.Where(m => !desiredKeys.Contains(m.Move.Key)).ToList();
        var changed = deletes.Count > 0 || desired.Any(m => !storedByKey.TryGetValue(m.Key, out var old) || old.Move.Minutes != m.Minutes);
        // The state records what was last computed, also "no weeks" for a student who left the program (so a later run reports Unchanged).
        (DateOnly, string, string)? stateAfter = (rules.StartDate, fingerprint.ToString(), computedAt);
        if (stateBefore is { } sb && sb.Item1 == rules.StartDate && sb.Item2 == fingerprint.ToString()) stateAfter = stateBefore;
        var plan = new BackfillStudentPlan
        {
            StudentRef = student, StudentId = id, Weeks = weeks.Count, StateBefore = stateBefore, StateAfter = stateAfter,
            Reason = !changed ? BackfillReason.Unchanged
                : BackfillFingerprint.ReasonFor(BackfillFingerprint.Parse(state?.Fingerprint), state?.StartDate, fingerprint, rules.StartDate),
            OrphanDeletes = deletes.Count(m => Orphan(m.Move)), MovedMinutes = desired.Sum(m => m.Minutes), ClaimableBefore = claimableBefore,
            Claimable = BackfillCore.Evaluate(weeks, rules, desired).Sum(w => w.Claimable),
        };
        plan.Deletes.AddRange(deletes.Select(m => new StoredMoveImage(m.Move, m.RunId)));
        foreach (var m in desired)
        {
            if (!storedByKey.TryGetValue(m.Key, out var old)) plan.Inserts.Add(m);
            else if (old.Move.Minutes != m.Minutes) plan.Updates.Add((new StoredMoveImage(old.Move, old.RunId), m));
        }
        foreach (var w in weeks.Where(w => w.Frozen > w.Class + w.IndependentStudy + Math.Min(w.WorkExperience, rules.WorkExperienceCapPerDay * w.Days)))
            plan.Warnings.Add(new EngineWarning("FrozenMoveUnsupported", string.Create(CultureInfo.InvariantCulture,
                $"Student '{id}' at {s}: frozen moves take {w.Frozen} minutes out of the week of {w.Monday:yyyy-MM-dd}, more than its {w.Class + w.IndependentStudy + Math.Min(w.WorkExperience, rules.WorkExperienceCapPerDay * w.Days)} countable minutes.")));
        return plan;
    }
}
