namespace AttendanceTools.Engine.Model;

/// <summary>
/// CEDS grade codes as OneRoster uses them (domain §2.5–2.6): ordinals for arithmetic, the next
/// grade, and the one-to-one Ed-Fi descriptor names.
/// </summary>
public static class GradeLevel
{
    public static readonly IReadOnlyList<string> Codes =
        ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "Other"];

    private static readonly Dictionary<string, string> EdFiNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Infant/toddler"] = "IT", ["Preschool/Prekindergarten"] = "PK", ["Prekindergarten"] = "PK",
        ["Transitional Kindergarten"] = "TK", ["Kindergarten"] = "KG", ["First grade"] = "01",
        ["Second grade"] = "02", ["Third grade"] = "03", ["Fourth grade"] = "04", ["Fifth grade"] = "05",
        ["Sixth grade"] = "06", ["Seventh grade"] = "07", ["Eighth grade"] = "08", ["Ninth grade"] = "09",
        ["Tenth grade"] = "10", ["Eleventh grade"] = "11", ["Twelfth grade"] = "12",
        ["Grade 13"] = "13", ["Postsecondary"] = "PS", ["Ungraded"] = "UG",
    };

    /// <summary>Normalises a code or Ed-Fi descriptor ("1", "First grade", "kg") to its CEDS code, or null.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        foreach (var code in Codes)
            if (string.Equals(code, v, StringComparison.OrdinalIgnoreCase)) return code;
        if (int.TryParse(v, out var n) && n >= 1 && n <= 13) return n.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        return EdFiNames.TryGetValue(v, out var mapped) ? mapped : null;
    }

    public static bool IsValid(string? value) => Normalize(value) is not null;

    /// <summary>PK = TK = −1, KG = 0, 01…12 = 1…12; null for grades without an ordinal.</summary>
    public static int? Ordinal(string? code) => Normalize(code) switch
    {
        "PK" or "TK" => -1,
        "KG" => 0,
        { } c when int.TryParse(c, out var n) && n is >= 1 and <= 12 => n,
        _ => null,
    };

    /// <summary>PK/TK→KG, KG→01, …, 11→12; null for 12 and grades without an ordinal.</summary>
    public static string? Next(string? code)
    {
        var ordinal = Ordinal(code);
        if (ordinal is null or >= 12) return null;
        return ordinal.Value < 0 ? "KG" : (ordinal.Value + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Expected graduation year (domain §9.2); null when the grade has no ordinal.</summary>
    public static int? GraduationYear(string? code, int schoolYear)
        => Ordinal(code) is { } o ? schoolYear + 12 - o : null;
}
