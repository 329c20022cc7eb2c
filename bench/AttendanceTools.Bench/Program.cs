using System.Diagnostics;
using System.Globalization;
using AttendanceTools.Bench;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;

// Every aggregation scenario of issue 4 on one demo district, median of N runs, beside the naive SQL.
var students = Arg("-students", 50_000);
var repeat = Arg("-repeat", 3);
var naiveRepeat = Arg("-naive-repeat", repeat);
var fairRepeat = Arg("-fair-repeat", repeat);
var seed = Arg("-seed", 1);
// Only the writing scenarios (full refresh overlapped, write ceiling): for work on the write path.
var writeOnly = args.Contains("-write-only");
// -provider postgresql: the aggregation scenarios on a throwaway PostgreSQL cluster (bench/README.md).
var postgres = ArgText("-provider", "sqlite").Equals("postgresql", StringComparison.OrdinalIgnoreCase);
if (args.Contains("-rollover"))
{
    RolloverBench.Run(students, seed, repeat);
    return;
}
if (args.Contains("-demo"))
{
    // New-AttendanceDemoStore's engine path (plan + apply), to compare with the cmdlet's whole process.
    DemoBench.Run(students, seed, repeat);
    return;
}
if (args.Contains("-import"))
{
    // Issue 16 item 5: first load and no-change re-import of the district's exported package.
    ImportBench.Run(students, seed, repeat);
    return;
}
if (args.Contains("-provisioning"))
{
    // Issue 14's scenarios instead: preview and export of the provisioning feed.
    ProvisioningBench.Run(students, seed, repeat);
    return;
}
var folder = Directory.CreateTempSubdirectory("attendancetools-bench-").FullName;
var path = Path.Combine(folder, "bench.db");
var clock = new BenchClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
var rows = new List<string[]>();
PostgreSqlBench? pg = null;
Console.WriteLine($"AttendanceTools aggregation benchmark{(postgres ? " on PostgreSQL" : "")}: {students:N0} students, seed {seed}, median of {repeat} (naive: {naiveRepeat}); {Environment.ProcessorCount} cores, .NET {Environment.Version}");

try
{
    var sw = Stopwatch.StartNew();
    var data = DemoDistrictGenerator.Generate(new DemoOptions { Students = students, Seed = seed });
    var generated = sw.Elapsed;
    var store = AttendanceStore.OpenSqlite(path, new StoreOpenOptions { Clock = clock });
    DistrictStore.BulkLoad(store, data, NullObserver.Instance, default);
    Console.WriteLine($"Demo district: generated in {generated.TotalSeconds:0.0} s, loaded in {(sw.Elapsed - generated).TotalSeconds:0.0} s ({new FileInfo(path).Length / 1e6:N0} MB)");
    data = null;
    GC.Collect();
    using (var c = store.OpenConnection()) StoreSettings.Set(c, null, StoreSettings.TimeZone, "UTC"); // so "local" = the bench clock
    if (postgres)
    {
        // The same district, moved the way Copy-AttendanceStore moves it; every scenario below then runs there.
        pg = PostgreSqlBench.Start(clock);
        sw.Restart();
        var copied = StoreCopy.Copy(store, pg.Store, null, NullObserver.Instance, default);
        Console.WriteLine($"PostgreSQL {pg.Version}: the district copied in {sw.Elapsed.TotalSeconds:0.0} s ({copied.TotalRows:N0} rows)");
        store = pg.Store;
    }

    if (args.Contains("-bridge"))
    {
        // Issue 12's bridge scenarios instead of the aggregation ones.
        Console.WriteLine("| Scenario | School | Days | Created | AlreadyPresent | Conflicts | Median |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        BridgeBench.Run(store, repeat);
        return;
    }

    var year = new AggregationRequest { Selectors = [new CalendarSelector([], [], [2026])] };
    using (var c = store.OpenConnection())
        Console.WriteLine($"Inputs: {Count(c, "MeetingAttendance"):N0} meeting marks, {Count(c, "DailyAttendance"):N0} daily marks, {Count(c, "StudentSectionAssociation"):N0} roster spans, {Count(c, "Calendar WHERE SchoolYear = 2026"):N0} calendars");

    if (args.Contains("-backfill"))
    {
        // Issue 18: Invoke-BackfillValidation for every continuation student of the district, the whole year as of 2026-06-30.
        var validate = new BackfillRequest { AsOf = new DateTime(2026, 6, 30, 12, 0, 0) };
        using (var c = store.OpenConnection())
            Console.WriteLine($"Continuation students: {c.ScalarLong("SELECT COUNT(DISTINCT StudentRef) FROM StudentProgramAssociation"):N0}");
        Measure("Backfill validation, cold (no aggregates, moves or state)", repeat, () =>
        {
            using var c = store.OpenConnection();
            c.Execute("DELETE FROM DayAggregate; DELETE FROM AggregationState; DELETE FROM BackfillMove; DELETE FROM BackfillStudentState; DELETE FROM RunChange;");
        }, () => RunBackfill(store, validate));
        Measure("Backfill validation, nothing changed", repeat, null, () => RunBackfill(store, validate));
        Console.WriteLine();
        Console.WriteLine("| Scenario | Min / median / max (s) | Median | Students | Students/s | Rows written | CPU (median) | Peak working set |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows) Console.WriteLine($"| {string.Join(" | ", r)} |");
        return;
    }

    // 1. Full-year refresh of every calendar, from an empty aggregate table: as a runbook or the nightly job runs it
    //    (AggregationOperation.Run: computing overlaps writing), then as the cmdlet runs it when it asks first (Plan, then Apply).
    void Empty()
    {
        if (pg is not null)
        {
            pg.EmptyAggregates();
            return;
        }
        using var c = store.OpenConnection();
        c.Execute("DELETE FROM DayAggregate; DELETE FROM AggregationState;");
    }
    string[] full = [];
    if (args.Contains("-nightly-only")) RunOverlapped(store, year); // only the nightly scenarios (and the SQL baselines, if asked)
    else
    {
    // A warm-up run (not measured): JIT compilation and the file cache would otherwise count against whichever scenario runs first.
    RunOverlapped(store, year);
    full = Measure("Full refresh, overlapped (every calendar, whole year, empty table)", repeat, Empty, () => RunOverlapped(store, year));
    if (!writeOnly) Measure("Full refresh, plan then apply (as with -Confirm)", repeat, Empty, () => Run(store, year));

    // 1b. The write ceiling: the same rows inserted through the same writer with nothing else.
    List<(int, List<DayAggregateRow>)> snapshot;
    using (var c = store.OpenConnection()) snapshot = WriteCeiling.Snapshot(c);
    Measure("Write ceiling (the same rows inserted, nothing else)", repeat, Empty, () =>
    {
        var n = WriteCeiling.Insert(store, snapshot);
        return (n, n);
    });
    snapshot = [];
    Empty();
    RunOverlapped(store, year);
    if (writeOnly)
    {
        PrintTable(rows);
        return;
    }

    // 2. The same refresh again: nothing changed, nothing written.
    Measure("Refresh after nothing changed (whole year; every calendar skipped: inputs unchanged)", repeat, null, () => RunOverlapped(store, year));
    // 2b. The same with no skip possible (no bookkeeping of a last complete run): every row recomputed and compared.
    Measure("Refresh after nothing changed, every row recomputed and compared", repeat, () =>
    {
        using var c = store.OpenConnection();
        c.Execute("DELETE FROM AggregationState");
    }, () => RunOverlapped(store, year));

    }

    // A mid-year Wednesday for the nightly scenarios: X = 2026-03-11, the nightly passes Tuesday 03-10.
    var night = new DateTimeOffset(2026, 3, 11, 3, 45, 0, TimeSpan.Zero);
    int previous = 20260310, before = 20260309;
    var nightly = new AggregationRequest { Nightly = true };

    // 3. The nightly refresh of one day (the previous day's rows are new).
    Measure("Nightly refresh of one day", repeat, () =>
    {
        clock.Now = night;
        using var c = store.OpenConnection();
        c.Execute("DELETE FROM DayAggregate WHERE Date = @d", null, ("d", previous));
        ResetNightlyState(c, before);
    }, () => RunOverlapped(store, nightly));

    // 4. Nightly again with nothing changed.
    Measure("Nightly refresh, nothing changed", repeat, null, () => RunOverlapped(store, nightly));

    // 5. 1 % of one week's student-days get an edited mark, then the nightly runs.
    var edits = 0;
    var rep = 0;
    Measure("Nightly after 1% of one week's attendance was edited", repeat, () =>
    {
        using var c = store.OpenConnection();
        ResetNightlyState(c, previous);
        edits = EditWeek(c, 20260302, 20260306, rep++, share: 0.01);
    }, () => RunOverlapped(store, nightly));
    Console.WriteLine($"  (each edit run changed {edits:N0} marks)");

    // 5b. Issue 16's "edit of 100 marks": exactly 100 absent marks spread over the same week, then the nightly.
    Measure("Nightly after 100 marks were edited", repeat, () =>
    {
        using var c = store.OpenConnection();
        ResetNightlyState(c, previous);
        edits = EditWeek(c, 20260302, 20260306, rep++, count: 100);
    }, () => RunOverlapped(store, nightly));
    Console.WriteLine($"  (each edit run changed {edits:N0} marks)");

    // 6. The fair baseline (issue 16): the set-based SQL a competent analyst writes, its plan checked; then the
    //    row-by-row naive statement of issue 4 (kept for comparison). Each is compared with the engine's rows.
    // (SQLite only: the baselines are SQLite SQL.)
    if (!postgres)
    using (var c = store.OpenConnection())
    {
        clock.Now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Run(store, year);
        FairRefresh.CreateTable(c);
        Console.WriteLine("Fair SQL plan (EXPLAIN QUERY PLAN):");
        foreach (var line in FairRefresh.Plan(c, 2026, 20260630)) Console.WriteLine("    " + line);
        Measure("Fair SQL refresh (CTEs, one INSERT … SELECT, whole year)", fairRepeat, null, () =>
        {
            var n = FairRefresh.Run(c, 2026, 20260630);
            return (n, n);
        });
        if (fairRepeat > 0) Console.WriteLine($"Engine vs fair SQL: {FairRefresh.Mismatches(c):N0} rows differ (of {Count(c, "DayAggregate"):N0}).");
        NaiveRefresh.CreateTable(c);
        Measure("Naive SQL refresh (row-by-row section probing, one INSERT … SELECT, whole year)", naiveRepeat, null, () =>
        {
            var n = NaiveRefresh.Run(c, 2026, 20260630);
            return (n, n);
        });
        if (naiveRepeat > 0) Console.WriteLine($"Engine vs naive: {NaiveRefresh.Mismatches(c):N0} rows differ (of {Count(c, "DayAggregate"):N0}).");
        c.Execute($"DROP TABLE {FairRefresh.Table}; DROP TABLE {NaiveRefresh.Table}");
    }

    string[] skipped = ["", "skipped"];
    var naive = postgres ? skipped : rows[^1];
    var fair = postgres ? skipped : rows[^2];
    PrintTable(rows);
    if (full.Length > 0 && fair[1] != "skipped") Console.WriteLine($"Full refresh vs fair SQL: {Seconds(fair[2]) / Seconds(full[2]):0.0}x faster.");
    if (full.Length > 0 && naive[1] != "skipped") Console.WriteLine($"Full refresh vs naive SQL: {Seconds(naive[2]) / Seconds(full[2]):0.0}x faster.");
}
finally
{
    AttendanceStore.ReleaseConnections();
    pg?.Dispose();
    Directory.Delete(folder, recursive: true);
}

static void PrintTable(List<string[]> rows)
{
    Console.WriteLine();
    Console.WriteLine("| Scenario | Min / median / max (s) | Median | Student-days | Student-days/s | Rows written | CPU (median) | Peak working set |");
    Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var r in rows) Console.WriteLine($"| {string.Join(" | ", r)} |");
    Console.WriteLine();
    Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
}

string[] Measure(string name, int times, Action? setup, Func<(long StudentDays, long Written)> work)
{
    if (times <= 0)
    {
        Console.WriteLine($"{name}: skipped");
        var skipped = new[] { name, "skipped", "-", "-", "-", "-", "-", "-" };
        rows.Add(skipped);
        return skipped;
    }
    var durations = new List<TimeSpan>();
    var cpu = new List<TimeSpan>();
    var serverCpu = new List<TimeSpan>();
    long days = 0, written = 0, peak = 0;
    for (var i = 0; i < times; i++)
    {
        setup?.Invoke();
        GC.Collect();
        using var sampler = new MemorySampler();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var serverBefore = pg?.ServerCpu() ?? TimeSpan.Zero;
        var sw = Stopwatch.StartNew();
        (days, written) = work();
        durations.Add(sw.Elapsed);
        self.Refresh();
        cpu.Add(self.TotalProcessorTime - cpuBefore);
        if (pg is not null) serverCpu.Add(pg.ServerCpu() - serverBefore);
        peak = Math.Max(peak, sampler.PeakBytes);
    }
    var sorted = durations.Order().ToList();
    var median = sorted[sorted.Count / 2];
    var row = new[]
    {
        name, string.Create(CultureInfo.InvariantCulture, $"{sorted[0].TotalSeconds:0.000} / {median.TotalSeconds:0.000} / {sorted[^1].TotalSeconds:0.000}"),
        $"{median.TotalSeconds:0.000} s", days.ToString("N0", CultureInfo.InvariantCulture),
        days == 0 ? "-" : (days / median.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
        written.ToString("N0", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{cpu.Order().ElementAt(cpu.Count / 2).TotalSeconds:0.00} s")
            // On PostgreSQL the server's work is not in this process: its CPU (every postgres process) is added beside it.
            + (serverCpu.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" + {serverCpu.Order().ElementAt(serverCpu.Count / 2).TotalSeconds:0.00} s server")),
        $"{peak / 1e6:N0} MB",
    };
    rows.Add(row);
    Console.WriteLine($"{name}: {string.Join(", ", durations.Select(d => d.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))} s; {days:N0} student-days, {written:N0} rows written, CPU {row[6]}, peak {peak / 1e6:N0} MB");
    return row;
}

static (long, long) Run(AttendanceStore store, AggregationRequest request)
{
    IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
    var sw = Stopwatch.StartNew();
    var plan = AggregationOperation.Plan(store, request, observer, default);
    var planned = sw.Elapsed;
    var results = AggregationOperation.Apply(store, plan, null, observer, default);
    if (observer is ConsoleObserver) Console.WriteLine($"    plan {planned.TotalMilliseconds:0} ms, apply {(sw.Elapsed - planned).TotalMilliseconds:0} ms");
    return (results.Sum(r => (long)r.StudentDays), results.Sum(r => (long)r.Inserted + r.Updated + r.Deleted));
}

// The overlapped run (AggregationOperation.Run), as the nightly job and runbooks without -WhatIf/-Confirm write.
static (long, long) RunOverlapped(AttendanceStore store, AggregationRequest request)
{
    IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
    var sw = Stopwatch.StartNew();
    var run = AggregationOperation.Run(store, request, observer, default);
    if (observer is ConsoleObserver) Console.WriteLine($"    run {sw.Elapsed.TotalMilliseconds:0} ms");
    return (run.Results.Sum(r => (long)r.StudentDays), run.Results.Sum(r => (long)r.Inserted + r.Updated + r.Deleted));
}

// One backfill validation (plan for the preview, then apply, as the cmdlet does): students, and moves + aggregates written.
static (long, long) RunBackfill(AttendanceStore store, BackfillRequest request)
{
    IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
    BackfillOperation.Plan(store, request, observer, default);
    var result = BackfillOperation.Apply(store, request, null, observer, default);
    return (result.Students.Count, result.Students.Sum(s => (long)s.MovesInserted + s.MovesUpdated + s.MovesDeleted) + result.Aggregation.Sum(a => (long)a.Inserted + a.Updated + a.Deleted));
}

static void ResetNightlyState(System.Data.Common.DbConnection c, int computedThrough)
    => c.Execute("UPDATE AggregationState SET ComputedThrough = @t, Watermark = (SELECT COALESCE(MAX(Seq), 0) FROM ChangeLog)", null, ("t", computedThrough));

// Upserts one absent mark for a deterministic sample of (student, day) pairs of the week — a share of them, or exactly
// `count` spread evenly over the week — a different sample each run, alternating the code per run.
static int EditWeek(System.Data.Common.DbConnection c, int from, int to, int run, double share = 0, int count = 0)
{
    var slots = ScheduledStudentDays(c, from, to);
    var step = count > 0 ? Math.Max(1, slots.Count / count) : (int)Math.Round(1 / share);
    var limit = count > 0 ? count : int.MaxValue;
    using var tx = c.BeginTransaction();
    var n = 0;
    for (var i = run % step; i < slots.Count && n < limit; i += step)
    {
        var s = slots[i];
        var code = run % 2 == 0 ? "U" : "ILL";
        n += c.Execute((c is Npgsql.NpgsqlConnection ? "INSERT INTO" : "INSERT OR REPLACE INTO") + " MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin) " +
            "SELECT @sc, @d, @st, @se, p.ClassPeriodRef, (SELECT CodeRef FROM AttendanceCode WHERE SchoolRef = @sc AND SchoolYear = 2026 AND Code = @code), NULL, 'Entered' " +
            "FROM Section x JOIN ClassPeriod p ON p.SchoolRef = x.SchoolRef AND (',' || x.ClassPeriodNames || ',') LIKE ('%,' || p.ClassPeriodName || ',%') " +
            "WHERE x.SectionRef = @se LIMIT 1" +
            // PostgreSQL's form of SQLite's OR REPLACE: the mark on the same key is overwritten.
            (c is Npgsql.NpgsqlConnection ? " ON CONFLICT (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef) DO UPDATE SET CodeRef = EXCLUDED.CodeRef, PresentMinutes = EXCLUDED.PresentMinutes, Origin = EXCLUDED.Origin" : ""), tx, ("sc", s.School), ("d", s.Date), ("st", s.Student), ("se", s.Section), ("code", code));
    }
    tx.Commit();
    return n;
}

// Every (student, school, day) of the week on which the student has an attendance-taking section, in (day, student) order.
static List<(int Student, int School, int Date, int Section)> ScheduledStudentDays(System.Data.Common.DbConnection c, int from, int to)
    => c.Query(
        "SELECT e.StudentRef, k.SchoolRef, d.Date, MIN(r.SectionRef) FROM StudentSchoolAssociation e JOIN Calendar k ON k.CalendarRef = e.CalendarRef AND k.SchoolYear = 2026 " +
        "JOIN CalendarDate d ON d.CalendarRef = e.CalendarRef AND d.TakesAttendance = 1 AND d.Date BETWEEN @f AND @t AND d.Date >= e.EntryDate AND (e.ExitWithdrawDate IS NULL OR d.Date <= e.ExitWithdrawDate) " +
        "JOIN StudentSectionAssociation r ON r.StudentRef = e.StudentRef AND d.Date >= r.BeginDate AND (r.EndDate IS NULL OR d.Date <= r.EndDate) " +
        "JOIN Section s ON s.SectionRef = r.SectionRef AND s.SchoolRef = k.SchoolRef AND s.AttendanceTracked = 1 " +
        "GROUP BY e.StudentRef, k.SchoolRef, d.Date ORDER BY d.Date, e.StudentRef",
        r => (Student: r.GetInt32(0), School: r.GetInt32(1), Date: r.GetInt32(2), Section: r.GetInt32(3)), null, ("f", from), ("t", to));

static long Count(System.Data.Common.DbConnection c, string table) => c.ScalarLong($"SELECT COUNT(*) FROM {table}");

static double Seconds(string text) => double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed class ConsoleObserver : IOperationObserver
{
    public void Progress(ProgressInfo progress) { }
    public void Verbose(string message) => Console.WriteLine("    " + message);
    public void Warning(string id, string message) => Console.WriteLine($"    WARNING {id}: {message}");
}
