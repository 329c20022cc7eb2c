using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Rollover;

/// <summary>What the registration rules read of one student (domain §8.3 condition fields).</summary>
internal sealed record YearEndFacts
{
    public required string StudentUniqueId { get; init; }
    public required string Status { get; init; }
    public required string GradeLevel { get; init; }
    public required string SchoolId { get; init; }
    public required bool Promote { get; init; }
    public string? CalendarCode { get; init; }
    public string? Homeroom { get; init; }
    public string? Counselor { get; init; }
    public string? NextYearSchoolId { get; init; }
    public string? NextYearGradeLevel { get; init; }
    public string? NextYearCalendarCode { get; init; }
    public string? NextYearHomeroom { get; init; }
    public string? NextYearCounselor { get; init; }
    public int? ClassOfSchoolYear { get; init; }
    /// <summary>Of the latest current-year enrolment.</summary>
    public string? ExitWithdrawCode { get; init; }
    /// <summary>Calendar code of the latest current-year enrolment (fallback for CalendarCode = Same).</summary>
    public string? EnrollmentCalendarCode { get; init; }

    public string? Field(string name) => name switch
    {
        "Status" => Status, "GradeLevel" => GradeLevel, "SchoolId" => SchoolId, "Promote" => Promote ? "true" : "false",
        "CalendarCode" => CalendarCode, "Homeroom" => Homeroom, "NextYearSchoolId" => NextYearSchoolId,
        "NextYearGradeLevel" => NextYearGradeLevel, "ClassOfSchoolYear" => ClassOfSchoolYear?.ToString(CultureInfo.InvariantCulture),
        "ExitWithdrawCode" => ExitWithdrawCode,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a condition field."),
    };
}

/// <summary>The next-year placement of a student the run makes Active.</summary>
internal sealed record Placement(string SchoolId, string GradeLevel, string CalendarCode, string? Homeroom, string? Counselor, int? ClassOfSchoolYear);

/// <summary>A student's fate: the criterion that selected them and what it assigns.</summary>
internal sealed record YearEndDecision(YearEndFacts Student, RolloverCriterion? Criterion, Placement? Placement)
{
    public string? Assign => Criterion?.AssignStatus;
    public bool WasActive => Student.Status == "Active";
    public bool WasPreRegistered => Student.Status == "PreRegistered";

    /// <summary>The action recorded per student: Promoted, Retained, Activated, Graduated, Inactivated, Deleted or Unmatched.</summary>
    public string Action => Assign switch
    {
        null => "Unmatched",
        "Graduated" => "Graduated",
        "Inactive" => "Inactivated",
        "Delete" => "Deleted",
        _ when WasActive && Model.GradeLevel.Ordinal(Placement!.GradeLevel) > Model.GradeLevel.Ordinal(Student.GradeLevel) => "Promoted",
        _ when WasActive => "Retained",
        _ => "Activated",
    };
}

/// <summary>A problem that refuses the run (domain §8.4), before it is grouped into one message.</summary>
internal sealed record YearEndProblem(string ErrorId, RolloverCriterion Criterion, string Field, string StudentUniqueId, string? Detail = null);

/// <summary>
/// The pure core of the registration rollover (domain §8.3, §8.5 steps 3–4): first matching criterion,
/// then the next-year values its updates give. No I/O.
/// </summary>
internal static class RegistrationRules
{
    public static bool Matches(IReadOnlyList<Condition> conditions, YearEndFacts s) => conditions.All(c =>
    {
        var value = s.Field(c.Field);
        return c.Operator switch
        {
            "isEmpty" => string.IsNullOrEmpty(value),
            "notEmpty" => !string.IsNullOrEmpty(value),
            "=" => Same(c.Field, value, c.Values[0]),
            "<>" => !Same(c.Field, value, c.Values[0]),
            "in" => c.Values.Any(v => Same(c.Field, value, v)),
            _ => false,
        };
    });

    private static bool Same(string field, string? value, string literal) => field switch
    {
        "GradeLevel" or "NextYearGradeLevel" => value is not null && GradeLevel.Normalize(value) == GradeLevel.Normalize(literal),
        "Promote" or "Status" => string.Equals(value, literal, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(value, literal, StringComparison.Ordinal),
    };

    public static YearEndDecision Decide(YearEndFacts s, IReadOnlyList<(RolloverCriterion Criterion, IReadOnlyList<Condition> Conditions)> criteria,
        int nextYear, List<YearEndProblem> problems)
    {
        foreach (var (criterion, conditions) in criteria)
        {
            if (!Matches(conditions, s)) continue;
            return new YearEndDecision(s, criterion, criterion.AssignStatus == "Active" ? Place(s, criterion, nextYear, problems) : null);
        }
        return new YearEndDecision(s, null, null);
    }

    private static Placement Place(YearEndFacts s, RolloverCriterion c, int nextYear, List<YearEndProblem> problems)
    {
        string Update(string field, string fallback) => c.Updates.TryGetValue(field, out var v) ? v : fallback;
        string? FromNextYear(string field, string? value)
        {
            if (string.IsNullOrEmpty(value)) problems.Add(new YearEndProblem("CriterionValueMissing", c, field, s.StudentUniqueId));
            return value;
        }

        var grade = Update("GradeLevel", "Same") switch
        {
            "Same" => s.GradeLevel,
            "NextYear" => FromNextYear("NextYearGradeLevel", s.NextYearGradeLevel),
            "Next" => GradeLevel.Next(s.GradeLevel) ?? Cannot(s, c, problems),
            var code => code,
        } ?? s.GradeLevel;
        var school = Update("SchoolId", "Same") switch
        {
            "Same" => s.SchoolId,
            "NextYear" => FromNextYear("NextYearSchoolId", s.NextYearSchoolId),
            var id => id,
        } ?? s.SchoolId;
        var calendar = Update("CalendarCode", "Same") switch
        {
            "Same" => s.CalendarCode ?? s.EnrollmentCalendarCode ?? FromNextYear("CalendarCode", null),
            "NextYear" => FromNextYear("NextYearCalendarCode", s.NextYearCalendarCode),
            var code => code,
        } ?? "";
        var homeroom = Person(Update("Homeroom", "Same"), s.Homeroom, () => FromNextYear("NextYearHomeroom", s.NextYearHomeroom));
        var counselor = Person(Update("Counselor", "Same"), s.Counselor, () => FromNextYear("NextYearCounselor", s.NextYearCounselor));
        var classOf = Update("ClassOfSchoolYear", "Keep") switch
        {
            "Keep" => s.ClassOfSchoolYear,
            "Recompute" => GradeLevel.GraduationYear(grade, nextYear) ?? s.ClassOfSchoolYear,
            var year => int.Parse(year, CultureInfo.InvariantCulture),
        };
        return new Placement(school, grade, calendar, homeroom, counselor, classOf);
    }

    private static string? Person(string rule, string? same, Func<string?> nextYear) => rule switch
    {
        "Same" => same,
        "NextYear" => nextYear(),
        "Clear" => null,
        var value => value,
    };

    private static string? Cannot(YearEndFacts s, RolloverCriterion c, List<YearEndProblem> problems)
    {
        problems.Add(new YearEndProblem("GradeCannotAdvance", c, "GradeLevel", s.StudentUniqueId, s.GradeLevel));
        return null;
    }

    /// <summary>One exception for every problem found, with the first problem's id (C18: refuse the run, list every problem).</summary>
    public static AttendanceException Refusal(IReadOnlyList<YearEndProblem> problems, IEnumerable<string> other)
    {
        var lines = problems.GroupBy(p => (p.ErrorId, p.Criterion.Sequence, p.Field, p.Detail)).Select(g =>
        {
            var (id, _, field, detail) = g.Key;
            var c = g.First().Criterion;
            var students = Students(g.Select(p => p.StudentUniqueId));
            return id switch
            {
                "CriterionValueMissing" => $"CriterionValueMissing: criterion {c} uses the next-year value for {field}, but {field} is empty for {students}.",
                "GradeCannotAdvance" => $"GradeCannotAdvance: criterion {c} moves grade {detail} to the next grade, which does not exist, for {students}.",
                _ => $"{id}: criterion {c}, {field}: {students}.",
            };
        }).Concat(other).ToList();
        var firstId = problems.Count > 0 ? problems[0].ErrorId : lines[0][..lines[0].IndexOf(':', StringComparison.Ordinal)];
        return new AttendanceException(firstId, FailureKind.InvalidData,
            $"The registration rollover was refused; nothing was written. {string.Join(" ", lines)}", (problems.Count > 0 ? problems[0].StudentUniqueId : null),
            "Fix the students' next-year values or the criteria (Set-RolloverCriteria), then run again; -Preview checks without writing.");
    }

    internal static string Students(IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", list.Take(20));
        return list.Count switch
        {
            1 => "student " + shown,
            <= 20 => $"students {shown}",
            _ => $"{list.Count} students ({shown} and {list.Count - 20} more)",
        };
    }
}
