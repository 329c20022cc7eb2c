using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>
/// Per-school lookups for a batch of single-record writes (bell schedules, periods, codes,
/// settings), read once per school and year inside the batch's transaction.
/// </summary>
internal sealed class MarkContext(DbConnection c, DbTransaction tx)
{
    private readonly Dictionary<int, Dictionary<int, BridgeBell>> _bells = [];
    private readonly Dictionary<int, Dictionary<string, int>> _periods = [];
    private readonly Dictionary<(int, int), Dictionary<string, (int Ref, string Code)>> _codes = [];
    private readonly Dictionary<(int, int), BridgeSettingsRow> _settings = [];

    public DbConnection Connection => c;
    public DbTransaction Transaction => tx;

    public Dictionary<int, BridgeBell> Bells(int school)
        => _bells.TryGetValue(school, out var b) ? b : _bells[school] = BridgeLoader.Bells(c, tx, school);

    public Dictionary<string, int> Periods(int school)
        => _periods.TryGetValue(school, out var p) ? p : _periods[school] = c.Query("SELECT ClassPeriodName, ClassPeriodRef FROM ClassPeriod WHERE SchoolRef = @s",
            r => (r.GetString(0), r.GetInt32(1)), tx, ("s", school)).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.OrdinalIgnoreCase);

    public string PeriodName(int school, int periodRef) => Periods(school).First(p => p.Value == periodRef).Key;

    public Dictionary<string, (int Ref, string Code)> Codes(int school, int year)
        => _codes.TryGetValue((school, year), out var k) ? k : _codes[(school, year)] = c.Query(
            "SELECT Code, CodeRef FROM AttendanceCode WHERE SchoolRef = @s AND SchoolYear = @y", r => (r.GetString(0), r.GetInt32(1)), tx, ("s", school), ("y", year))
            .ToDictionary(x => x.Item1, x => (x.Item2, x.Item1), StringComparer.OrdinalIgnoreCase);

    public string CodeName(int school, int year, int codeRef) => Codes(school, year).Values.FirstOrDefault(v => v.Ref == codeRef).Code ?? $"#{codeRef}";

    public BridgeSettingsRow Settings(int school, int year)
        => _settings.TryGetValue((school, year), out var s) ? s : _settings[(school, year)] = BridgeLoader.Settings(c, tx, school, year);

    /// <summary>The student's roster spans at the school on the date, with every section (tracked or not) for validation.</summary>
    public List<(BridgeRoster Roster, string Identifier, int[] Periods, bool Schedules)> Rosters(int school, int year, int student, int date) => c.Query(
        "SELECT r.SectionRef, x.SectionIdentifier, x.ClassPeriodNames, x.AttendanceTracked, x.IsActive, r.BeginDate, r.EndDate FROM StudentSectionAssociation r " +
        "JOIN Section x ON x.SectionRef = r.SectionRef WHERE r.StudentRef = @st AND x.SchoolRef = @s AND x.SchoolYear = @y AND r.BeginDate <= @d " +
        "AND (r.EndDate IS NULL OR r.EndDate >= @d)",
        r => (new BridgeRoster(student, r.GetInt32(0), r.GetInt32(5), r.NullableInt(6) ?? int.MaxValue), r.GetString(1),
            BridgeLoader.PeriodsOf(r.GetString(2), Periods(school)), r.GetBool(3) && r.GetBool(4)),
        tx, ("st", student), ("s", school), ("y", year), ("d", date));
}
