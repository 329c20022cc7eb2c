using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Rollover;

/// <summary>
/// One registration-rollover criterion (domain §8.3): all <see cref="Conditions"/> must hold; the
/// first criterion by <see cref="Sequence"/> that selects a student processes them. Conditions are
/// text ("GradeLevel = 12", "Status in Active,Inactive", "NextYearSchoolId isEmpty") so a district's
/// criteria file reads well in source control.
/// </summary>
public sealed record RolloverCriterion
{
    public required int Sequence { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    /// <summary><c>Active</c>, <c>Inactive</c>, <c>Graduated</c> or <c>Delete</c>.</summary>
    public required string AssignStatus { get; init; }
    /// <summary>Field → value, only for Active (GradeLevel, SchoolId, CalendarCode, Homeroom, Counselor, ClassOfSchoolYear).</summary>
    public IReadOnlyDictionary<string, string> Updates { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public override string ToString() => $"{Sequence} '{Name}'";
}

/// <summary>A parsed condition.</summary>
internal sealed record Condition(string Field, string Operator, IReadOnlyList<string> Values)
{
    public override string ToString() => Operator is "isEmpty" or "notEmpty" ? $"{Field} {Operator}" : $"{Field} {Operator} {string.Join(",", Values)}";
}

public static class RolloverCriteria
{
    public static readonly IReadOnlyList<string> ConditionFields =
        ["Status", "GradeLevel", "SchoolId", "Promote", "CalendarCode", "Homeroom", "NextYearSchoolId", "NextYearGradeLevel", "ClassOfSchoolYear", "ExitWithdrawCode"];
    public static readonly IReadOnlyList<string> Operators = ["=", "<>", "in", "isEmpty", "notEmpty"];
    public static readonly IReadOnlyList<string> Statuses = ["Active", "Inactive", "Graduated", "Delete"];
    public static readonly IReadOnlyList<string> UpdateFields = ["GradeLevel", "SchoolId", "CalendarCode", "Homeroom", "Counselor", "ClassOfSchoolYear"];

    /// <summary>The set a district starts from: R1's criteria, each limited to students still Active where that matters.</summary>
    public static IReadOnlyList<RolloverCriterion> Default { get; } =
    [
        new() { Sequence = 1, Name = "Pre-registered students become active", Conditions = ["Status = PreRegistered"], AssignStatus = "Active" },
        new() { Sequence = 2, Name = "Promoted seniors graduate", Conditions = ["Status = Active", "GradeLevel = 12", "Promote = true"], AssignStatus = "Graduated" },
        new()
        {
            Sequence = 3, Name = "Students not promoted are retained", Conditions = ["Status = Active", "Promote = false"], AssignStatus = "Active",
            Updates = Sorted(("ClassOfSchoolYear", "Recompute")),
        },
        new()
        {
            Sequence = 4, Name = "Active students move up", Conditions = ["Status = Active"], AssignStatus = "Active",
            Updates = Sorted(("GradeLevel", "Next"), ("SchoolId", "NextYear"), ("Homeroom", "NextYear"), ("Counselor", "NextYear")),
        },
    ];

    internal static SortedDictionary<string, string> Sorted(params (string Field, string Value)[] pairs)
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, v) in pairs) d[f] = v;
        return d;
    }

    internal static Condition ParseCondition(RolloverCriterion criterion, string text)
    {
        var parts = text.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var field = parts.Length > 0 ? ConditionFields.FirstOrDefault(f => f.Equals(parts[0], StringComparison.OrdinalIgnoreCase)) : null;
        var op = parts.Length > 1 ? Operators.FirstOrDefault(o => o.Equals(parts[1], StringComparison.OrdinalIgnoreCase)) : null;
        var unary = op is "isEmpty" or "notEmpty";
        if (field is null || op is null || (unary ? parts.Length != 2 : parts.Length != 3))
            throw Invalid(criterion, "Conditions", text,
                $"a condition is '<field> <operator> <value>' with a field of {string.Join(", ", ConditionFields)} and an operator of {string.Join(", ", Operators)}");
        var values = unary ? [] : op == "in" ? parts[2].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : new[] { parts[2] };
        return new Condition(field, op, values);
    }

    internal static AttendanceException Invalid(RolloverCriterion criterion, string field, string? value, string why) =>
        new("CriterionValueInvalid", FailureKind.InvalidData,
            $"Rollover criterion {criterion}: the {field} value '{value}' is not valid: {why}.", criterion.Sequence,
            "Correct the criterion (Get-RolloverCriteria shows them; Set-RolloverCriteria -Path loads a corrected file).");

    /// <summary>Checks what can be checked without students (CriterionValueInvalid), against the store's schools.</summary>
    public static void Validate(IReadOnlyList<RolloverCriterion> criteria, IReadOnlySet<string> schoolIds)
    {
        var seen = new HashSet<int>();
        foreach (var c in criteria)
        {
            if (!seen.Add(c.Sequence)) throw Invalid(c, "Sequence", c.Sequence.ToString(CultureInfo.InvariantCulture), "two criteria have this sequence");
            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 100) throw Invalid(c, "Name", c.Name, "a name is 1 to 100 characters");
            if (!Statuses.Contains(c.AssignStatus, StringComparer.Ordinal)) throw Invalid(c, "AssignStatus", c.AssignStatus, $"it is one of {string.Join(", ", Statuses)}");
            foreach (var text in c.Conditions) ParseCondition(c, text);
            if (c.AssignStatus != "Active" && c.Updates.Count > 0) throw Invalid(c, "Updates", string.Join(", ", c.Updates.Keys), "only criteria that assign Active update fields");
            foreach (var (field, value) in c.Updates)
            {
                if (!UpdateFields.Contains(field, StringComparer.Ordinal)) throw Invalid(c, "Updates", field, $"the fields are {string.Join(", ", UpdateFields)}");
                var ok = field switch
                {
                    "GradeLevel" => value is "Same" or "Next" or "NextYear" || GradeLevel.Normalize(value) == value,
                    "SchoolId" => value is "Same" or "NextYear" || schoolIds.Contains(value),
                    "CalendarCode" => value.Length is > 0 and <= 60,
                    "Homeroom" => value.Length is > 0 and <= 60,
                    "Counselor" => value.Length is > 0 and <= 100,
                    "ClassOfSchoolYear" => value is "Keep" or "Recompute" || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2200),
                    _ => false,
                };
                if (!ok) throw Invalid(c, field, value, field switch
                {
                    "GradeLevel" => "use Same, Next, NextYear or a grade code (KG, 01 … 12)",
                    "SchoolId" => "use Same, NextYear or the id of a school in the store",
                    "ClassOfSchoolYear" => "use Keep, Recompute or a four-digit year",
                    _ => "it is too long",
                });
            }
        }
    }

    private static readonly JsonSerializerOptions ReadJson = new() { PropertyNameCaseInsensitive = true };
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The criteria file a district keeps in source control (JSON, ordered by sequence).</summary>
    public static string ToJson(IReadOnlyList<RolloverCriterion> criteria)
        => JsonSerializer.Serialize(criteria.OrderBy(c => c.Sequence).Select(c => new CriterionFile
        {
            Sequence = c.Sequence, Name = c.Name, Conditions = [.. c.Conditions], AssignStatus = c.AssignStatus,
            Updates = new SortedDictionary<string, string>(c.Updates.ToDictionary(), StringComparer.Ordinal),
        }).ToList(), Json) + "\n";

    public static IReadOnlyList<RolloverCriterion> FromJson(string json, string source)
    {
        List<CriterionFile>? rows;
        try
        {
            rows = JsonSerializer.Deserialize<List<CriterionFile>>(json, ReadJson);
        }
        catch (JsonException ex)
        {
            throw new AttendanceException("CriterionValueInvalid", FailureKind.InvalidData,
                $"The criteria file '{source}' is not a JSON list of criteria (line {ex.LineNumber + 1}): {ex.Message}", source,
                "Start from the file Get-RolloverCriteria -AsJson writes.", ex);
        }
        return (rows ?? []).Select(r => new RolloverCriterion
        {
            Sequence = r.Sequence, Name = r.Name ?? "", Conditions = r.Conditions ?? [], AssignStatus = r.AssignStatus ?? "",
            Updates = new SortedDictionary<string, string>(r.Updates ?? [], StringComparer.Ordinal),
        }).OrderBy(c => c.Sequence).ToList();
    }

    private sealed class CriterionFile
    {
        public int Sequence { get; set; }
        public string? Name { get; set; }
        public List<string>? Conditions { get; set; }
        public string? AssignStatus { get; set; }
        public SortedDictionary<string, string>? Updates { get; set; }
    }

    public static List<RolloverCriterion> Read(DbConnection c, DbTransaction? tx = null)
        => c.Query("SELECT Sequence, Name, Conditions, AssignStatus, Updates FROM RolloverCriterion ORDER BY Sequence", r => new RolloverCriterion
        {
            Sequence = r.GetInt32(0), Name = r.GetString(1), Conditions = JsonSerializer.Deserialize<List<string>>(r.GetString(2)) ?? [],
            AssignStatus = r.GetString(3),
            Updates = new SortedDictionary<string, string>(r.IsDBNull(4) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4)) ?? [], StringComparer.Ordinal),
        }, tx);

    /// <summary>Replaces the store's criteria (all or nothing) through the engine's <see cref="WriteProtocol"/>. Returns the criteria saved.</summary>
    public static IReadOnlyList<RolloverCriterion> Save(AttendanceStore store, IReadOnlyList<RolloverCriterion> criteria, string? lockToken,
        IOperationObserver? observer = null)
        => WriteProtocol.Apply(store, "RolloverCriteria", lockToken, tx =>
        {
            var schools = tx.Connection.Query("SELECT SchoolId FROM School", r => r.GetString(0), tx.Transaction).ToHashSet(StringComparer.Ordinal);
            Validate(criteria, schools);
            Replace(tx.Connection, tx.Transaction, criteria);
            return (IReadOnlyList<RolloverCriterion>)criteria.OrderBy(c => c.Sequence).ToList();
        }, observer ?? NullObserver.Instance, CancellationToken.None);

    /// <summary>The rows themselves: the store's criteria become <paramref name="criteria"/> (callers validate and own the transaction).</summary>
    internal static void Replace(DbConnection connection, DbTransaction transaction, IReadOnlyList<RolloverCriterion> criteria)
    {
        connection.Execute("DELETE FROM RolloverCriterion", transaction);
        foreach (var c in criteria.OrderBy(c => c.Sequence))
            connection.Execute("INSERT INTO RolloverCriterion (Sequence, Name, Conditions, AssignStatus, Updates) VALUES (@s, @n, @c, @a, @u)", transaction,
                ("s", c.Sequence), ("n", c.Name), ("c", JsonSerializer.Serialize(c.Conditions)), ("a", c.AssignStatus),
                ("u", c.Updates.Count == 0 ? null : JsonSerializer.Serialize(c.Updates)));
    }
}
