using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Compliance;

/// <summary>
/// The console views are code too: a misspelt property shows an empty column and a broken script
/// block shows nothing, both silently. So every column of every view is evaluated here against
/// real objects of its type, made by the cmdlets on a demo district, in the module's runspace.
/// </summary>
public sealed class FormatViewColumnTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private static readonly Regex IsoDate = new(@"^\d{4}-\d{2}-\d{2}$");

    private sealed record Column(string View, string Label, string? Property, string? Script);

    [Fact]
    public void Every_column_of_every_view_evaluates_on_real_objects()
    {
        using var s = new PsSession();
        var samples = Samples(s);
        var columns = Columns();

        var byType = columns.GroupBy(c => c.View).ToList();
        var missing = byType.Select(g => g.Key).Where(t => !samples.ContainsKey(t)).ToList();
        Assert.True(missing.Count == 0, $"No sample objects for the views of: {string.Join(", ", missing)}.");

        foreach (var view in byType)
        {
            foreach (var o in samples[view.Key])
            {
                foreach (var column in view)
                {
                    // What you see is what you can select: Select-Object/Where-Object of a column's label must work.
                    Assert.True(o.Properties[column.Label] is not null,
                        $"{view.Key}: column '{column.Label}' is not a property of the object; label it with the property it shows (or add that property).");
                    if (column.Property is { } name)
                    {
                        Assert.True(o.Properties[name] is not null, $"{view.Key}: column '{column.Label}' names property '{name}', which the object does not have.");
                        continue;
                    }
                    var shown = Evaluate(s, o, column);
                    if (column.Label is "Date" or "CutoffDate" or "StartDate" or "EndDate" && shown.Length > 0)
                        Assert.Matches(IsoDate, shown);
                }
            }
        }
    }

    [Fact]
    public void Dates_and_counts_show_as_a_district_administrator_reads_them()
    {
        using var s = new PsSession();
        var samples = Samples(s);
        var columns = Columns();
        string Show(string type, PSObject o, string label) => Evaluate(s, o, columns.Single(c => c.View == type && c.Label == label));

        const string run = "AttendanceTools.Engine.Storage.RunInfo";
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"), Show(run, samples[run][0], "StartedAt"));

        const string refresh = "AttendanceTools.Engine.Aggregation.AggregationRefreshResult";
        var applied = samples[refresh].First(o => !o.Prop<bool>("IsPreview"));
        Assert.Equal("2025-10-15", Show(refresh, applied, "CutoffDate")); // a manual run at 12:00 includes today
        Assert.Equal(applied.Prop<int>("Inserted").ToString("N0", System.Globalization.CultureInfo.CurrentCulture), Show(refresh, applied, "Inserted"));
        var preview = samples[refresh].First(o => o.Prop<bool>("IsPreview"));
        Assert.EndsWith("(preview)", Show(refresh, preview, "Mode"), StringComparison.Ordinal);

        const string record = "AttendanceTools.Engine.Queries.AttendanceRecordInfo";
        var meeting = samples[record].First(o => o.Prop<string>("Kind") == "Meeting");
        Assert.Equal($"{meeting.Prop<string>("School")} {meeting.Prop<string>("Section")} {meeting.Prop<string>("Period")}", meeting.Prop<string>("Where"));

        const string chronic = "AttendanceTools.Engine.Aggregation.ChronicAbsenteeismInfo";
        var below = samples[chronic].FirstOrDefault(o => o.Prop("Reason") is not null);
        Assert.NotNull(below);
        Assert.Equal($"no ({below.Prop<string>("Reason")})", Show(chronic, below, "IsChronic"));
        var counted = samples[chronic].First(o => o.Prop("Reason") is null);
        Assert.Equal(counted.Prop<bool>("IsChronic").ToString(), Show(chronic, counted, "IsChronic"));
        // A rate just below the threshold never reads as the threshold beside IsChronic False (domain §7.5).
        PSObject Rate(decimal rate, bool chronic) => PSObject.AsPSObject(new { Rate = rate, Threshold = 0.1m, IsChronic = chronic, Reason = (string?)null, DaysAbsent = 11.99999m });
        var justBelow = Show(chronic, Rate(0.09999m, false), "Rate");
        Assert.Contains("9.9", justBelow, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0", justBelow, StringComparison.Ordinal);
        Assert.Contains("10.0", Show(chronic, Rate(0.1m, true), "Rate"), StringComparison.Ordinal);
        Assert.Contains("9.2", Show(chronic, Rate(0.0916666666666666666666666667m, false), "Rate"), StringComparison.Ordinal); // A4 Fractional, rounded as usual
        Assert.Equal("12", Show(chronic, Rate(0.1m, true), "DaysAbsent")); // 4 decimals, half away from zero, no trailing zeros

        const string import = "AttendanceTools.Engine.Import.ImportResult";
        Assert.Matches(new Regex(@"^(\w+ \+\d+ ~\d+ -\d+)(, \w+ \+\d+ ~\d+ -\d+)*$"), Show(import, samples[import][0], "Tables"));

        const string problem = "AttendanceTools.Engine.Import.ImportProblem";
        Assert.Equal("dailyAttendance.csv", Show(problem, samples[problem][0], "File"));
    }

    /// <summary>What the column shows for <paramref name="o"/>: the script block run with $_ = o, as the formatter runs it.</summary>
    private static string Evaluate(PsSession s, PSObject o, Column column)
    {
        var r = s.Run("$o | ForEach-Object -Process ([scriptblock]::Create($text))", new Dictionary<string, object?> { ["o"] = o, ["text"] = column.Script });
        Assert.True(r.Errors.Count == 0 && r.Terminating is null,
            $"{column.View}: column '{column.Label}' failed: {r.FirstError?.Exception.Message}");
        Assert.True(r.Output.Count <= 1, $"{column.View}: column '{column.Label}' wrote {r.Output.Count} values; a cell shows one.");
        return r.Output.Count == 0 ? "" : r.Output[0].ToString();
    }

    /// <summary>Objects of every type the module formats, from real pipelines on a copy of the demo district.</summary>
    private Dictionary<string, List<PSObject>> Samples(PsSession s)
    {
        var db = demo.CopyTo(s.TempFolder);
        var export = s.PathIn("export");
        var vars = new Dictionary<string, object?> { ["db"] = db, ["export"] = export, ["copy"] = s.PathIn("copy.db"), ["bad"] = s.PathIn("bad.db"), ["demo"] = s.PathIn("new-demo.db"), ["feed"] = s.PathIn("feed") };
        var objects = new List<PSObject>();
        void Add(string script, int take = 25) => objects.AddRange(s.Run(script, vars).ShouldSucceed().Output.Take(take));

        // A journaled run with nothing left to put back, so Undo-AttendanceRun has an object to show
        // (written before the module opens the file: two SQLite copies must never share it).
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO RunLog (Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, DurationMs, Status, Inserted, Updated, Deleted, Unchanged, UndoRef) " +
                              "VALUES ('Sample', 'nothing', 'test', 'h', '2025-10-01T00:00:00.000Z', '2025-10-01T00:00:00.000Z', 0, 'Succeeded', 0, 0, 0, 0, 'journal') RETURNING RunId";
            vars["journaled"] = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Add("Connect-AttendanceStore -Path $db -PassThru; Get-AttendanceStore");
        Add("Undo-AttendanceRun -RunId $journaled -Preview");
        Add("Update-AttendanceAggregation -School 'Cedar High' -AsOf 2025-10-15T12:00 -Confirm:$false"); // 12:00 in Los Angeles
        Add("Update-AttendanceAggregation -School 'Cedar High' -AsOf 2025-10-15T12:00 -Preview");
        Add("Get-AttendanceAggregation -School 'Cedar High' -From 2025-10-06 -To 2025-10-10", 200);
        Add("Get-ChronicAbsenteeism -School 'Cedar High'", 1000);
        Add("Get-ChronicAbsenteeism -School 'Cedar High' -MinimumEnrolledDays 400", 5); // every student is below the minimum in October
        Add("Get-AttendanceSchool");
        Add("Get-AttendanceCalendar");
        Add("Get-AttendanceStudent");
        Add("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-07", 5000);
        Add("Get-AttendanceRun");
        Add("Invoke-BackfillValidation -School 401 -AsOf 2025-10-15T12:00 -Confirm:$false", 50);
        Add("Invoke-BackfillValidation -School 401 -AsOf 2025-10-15T12:00 -Preview", 50);
        Add("Get-BackfillReport -School 401 -AsOf 2025-10-15T12:00", 200);
        Add("Get-BackfillMove -School 401 -AsOf 2025-10-15T12:00", 200);
        Add("Get-BackfillPreference");
        Add("Get-AttendanceBridge");
        Add("Get-AttendanceBellSchedule -School 'Cedar High'");
        Add("Update-AttendanceStoreSchema -WhatIf; Update-AttendanceStoreSchema -Confirm:$false");
        vars["copyTarget"] = s.PathIn("copy-target.db");
        Add("$null = New-AttendanceStore -Path $copyTarget; Copy-AttendanceStore -Store $db -Destination $copyTarget -WhatIf; Connect-AttendanceStore -Path $db");
        Add("Sync-AttendanceBridge -School 'Cedar High' -Direction MeetingToDaily -AsOf 2026-01-09 -Preview");
        Add("Sync-AttendanceBridge -School 'Cedar High' -Direction MeetingToDaily -AsOf 2026-01-09 -Preview -Detailed");
        Add("Sync-AttendanceBridge -School 'Pine Middle' -Direction DailyToMeeting -AbsentDailyMarks AllPeriods -AsOf 2026-06-30 -Preview | ForEach-Object ConflictList", 5);
        Add("Set-AttendanceRecord -StudentId 100075 -Date 2025-10-14 -Period P1 -Code U -Confirm:$false");
        var exported = s.Run("Export-AttendanceData -Path $export", vars).ShouldSucceed().Output;
        objects.AddRange(exported);
        objects.AddRange(exported.SelectMany(e => ((System.Collections.IEnumerable)e.Prop("Files")!).Cast<object>().Select(PSObject.AsPSObject)));
        Add("$null = New-AttendanceStore -Path $copy; Import-AttendanceData -Path $export -Preview");
        Add("Import-AttendanceData -Path $export -Confirm:$false");
        Add("New-AttendanceDemoStore -Path $demo -Students 100 -NoConnect -Confirm:$false");
        Add("Connect-AttendanceStore -Path $db; Get-ProvisioningPreview");
        objects.AddRange(s.Run("(Get-ProvisioningPreview).Guards", vars).ShouldSucceed().Output);
        Add("Export-ProvisioningFeed -Path $feed -SchoolYear 2026 -Confirm:$false");
        Add("Get-ProvisioningPreview -Detailed -Store $demo", 5); // the new demo store was never exported: every student is new
        Add("Connect-AttendanceStore -Path $db; Lock-AttendanceStore -Reason 'Year end' -DisableScheduledTasks -Confirm:$false");
        Add("Set-RolloverCriteria -Default -Confirm:$false");
        Add("Backup-AttendanceStore -Reason 'Before the rollover' -Confirm:$false");
        Add("Start-Rollover Registration -Preview");
        Add("Start-Rollover Registration -Confirm:$false");
        Add("Get-RolloverLog -Type Registration", 50);
        Add("Get-AttendanceBackup");
        Add("Restore-Rollover Registration -Preview");
        Reliability.LeaseRows.Plant(db, "Store", "ann", "SIS-APP02 (pid 2210)", 2210, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        Add("Get-AttendanceLease");

        // A refused import: its problems are the target objects of the error records.
        var daily = Path.Combine(export, "dailyAttendance.csv");
        var lines = File.ReadAllLines(daily);
        lines[1] = Regex.Replace(lines[1], @"\d{4}-\d{2}-\d{2}", "2025-13-45");
        File.WriteAllLines(daily, lines);
        var refused = s.Run("$null = New-AttendanceStore -Path $bad; Import-AttendanceData -Path $export -Confirm:$false", vars);
        Assert.NotEmpty(refused.Errors);
        objects.AddRange(refused.Errors.Where(e => e.TargetObject is not null).Select(e => PSObject.AsPSObject(e.TargetObject)));

        return objects.GroupBy(o => o.TypeName()).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>Each view's columns: table headers paired with their items by position, list items by their own label.</summary>
    private static List<Column> Columns()
    {
        var columns = new List<Column>();
        foreach (var view in XDocument.Load(Path.Combine(Repo.ModuleFolder, "AttendanceTools.Format.ps1xml")).Descendants("View"))
        {
            var type = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();
            if (view.Element("TableControl") is { } table)
            {
                var headers = table.Descendants("TableColumnHeader").ToList();
                var items = table.Descendants("TableColumnItem").ToList();
                Assert.Equal(headers.Count, items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var property = items[i].Element("PropertyName")?.Value.Trim();
                    var label = headers[i].Element("Label")?.Value.Trim() ?? property ?? $"#{i + 1}";
                    columns.Add(new Column(type, label, property, items[i].Element("ScriptBlock")?.Value));
                }
            }
            else
            {
                foreach (var item in view.Descendants("ListItem"))
                {
                    var property = item.Element("PropertyName")?.Value.Trim();
                    columns.Add(new Column(type, item.Element("Label")?.Value.Trim() ?? property!, property, item.Element("ScriptBlock")?.Value));
                }
            }
        }
        return columns;
    }
}
