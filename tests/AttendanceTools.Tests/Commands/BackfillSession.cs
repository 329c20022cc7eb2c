using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Commands;

/// <summary>
/// A runspace connected to a copy of the demo district for the backfill cmdlet tests. The demo's
/// continuation school is 401 (Redwood Continuation High), backfill on from 2025-08-21; every run
/// is as of Friday 2025-12-19 at noon, district time.
/// </summary>
internal sealed class BackfillSession : IDisposable
{
    public const string AsOf = "-AsOf '2025-12-19 12:00'";

    public BackfillSession(DemoTemplate demo, string name = "district.db")
    {
        Session = new PsSession();
        Store = demo.CopyTo(Session.TempFolder, name);
        Session.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = Store }).ShouldSucceed();
    }

    public PsSession Session { get; }
    public string Store { get; }

    public PsResult Run(string script) => Session.Run(script, new Dictionary<string, object?> { ["p"] = Store });

    /// <summary>The store's moves as text, read beside the session (read-only).</summary>
    public List<string> Moves() => Rows("SELECT s.StudentUniqueId || ' ' || m.DonorWeek || '>' || m.RecipientWeek || ' ' || m.Category || ' ' || m.Minutes " +
                                        "FROM BackfillMove m JOIN Student s ON s.StudentRef = m.StudentRef ORDER BY 1");

    public List<string> Rows(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Store};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    public long Scalar(string sql) => DemoTemplate.Scalar(Store, sql);

    public void Dispose() => Session.Dispose();

    public static IEnumerable<string> Names(IEnumerable<PSObject> output) => output.Select(o => o.TypeName());
}
