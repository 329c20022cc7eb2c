using System.Diagnostics;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// Issue 16 item 5: Import-AttendanceData's engine (DistrictImport.Plan + Apply, what the cmdlet runs) at scale.
/// The demo district is bulk-loaded, exported once (Export-AttendanceData's engine), and that package is
/// imported into an empty store (first load) and then again into the same store (nothing changed: it must
/// write 0 rows). Each scenario's peak working set is sampled; the whole process's comes from /usr/bin/time.
/// </summary>
internal static class ImportBench
{
    public static void Run(int students, int seed, int repeat)
    {
        var folder = Directory.CreateTempSubdirectory("attendancetools-bench-import-").FullName;
        try
        {
            var clock = new BenchClock(new DateTimeOffset(2026, 3, 11, 12, 0, 0, TimeSpan.Zero));
            var (package, export) = Prepare(folder, students, seed, clock);
            var bytes = Directory.EnumerateFiles(package).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"Import benchmark: {students:N0} students, seed {seed}, {repeat} runs; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine($"Package: {export.Files.Count} files, {export.Rows:N0} rows, {bytes / 1e6:N0} MB (exported in {export.Duration.TotalSeconds:0.0} s)");
            IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;

            var target = Path.Combine(folder, "target.db");
            var first = new List<(double Seconds, double Cpu, long Peak, ImportResult Result)>();
            for (var i = 0; i < repeat; i++)
            {
                AttendanceStore.ReleaseConnections();
                foreach (var f in Directory.EnumerateFiles(folder, "target.db*")) File.Delete(f);
                var store = AttendanceStore.OpenSqlite(target, new StoreOpenOptions { Clock = clock });
                first.Add(Import(store, package, observer));
            }
            var again = new List<(double Seconds, double Cpu, long Peak, ImportResult Result)>();
            var same = AttendanceStore.OpenSqlite(target, new StoreOpenOptions { Clock = clock });
            for (var i = 0; i < repeat; i++) again.Add(Import(same, package, observer));

            Console.WriteLine("| Scenario | Runs min / median / max | Rows inserted | Rows updated | Rows deleted | CPU (median) | Peak working set (max) |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            Row("First load into an empty store", first);
            Row("Re-import, nothing changed", again);
        }
        finally
        {
            AttendanceStore.ReleaseConnections();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Builds the demo district and exports its package in a frame of its own: unoptimised (tier-0) code keeps a
    /// method's temporaries alive to its end, so done inline the export plan (every row as text, about 700 MB at
    /// 50,000 students) stayed reachable through every measured import and counted in its peak.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (string Package, ExportResult Export) Prepare(string folder, int students, int seed, BenchClock clock)
    {
        var source = AttendanceStore.OpenSqlite(Path.Combine(folder, "source.db"), new StoreOpenOptions { Clock = clock });
        DistrictStore.BulkLoad(source, DemoDistrictGenerator.Generate(new DemoOptions { Students = students, Seed = seed }), NullObserver.Instance, default);
        var package = Path.Combine(folder, "package");
        var plan = DistrictExport.Plan(new ExportRequest { Store = source, Path = package }, NullObserver.Instance, default);
        return (package, DistrictExport.Write(plan, NullObserver.Instance, default));
    }

    private static (double, double, long, ImportResult) Import(AttendanceStore store, string package, IOperationObserver observer)
    {
        // Aggressive: the heap the previous scenario (or the district's build) grew is given back to the system, so the
        // working set sampled next is this import's, not what the process once needed.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var memory = new MemorySampler();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var request = new ImportRequest { Store = store, Path = package };
        var result = DistrictImport.Apply(DistrictImport.Plan(request, observer, default), observer, default);
        var seconds = sw.Elapsed.TotalSeconds;
        return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, memory.PeakBytes, result);
    }

    private static void Row(string name, List<(double Seconds, double Cpu, long Peak, ImportResult Result)> runs)
    {
        var times = runs.Select(r => r.Seconds).Order().ToList();
        var cpu = runs.Select(r => r.Cpu).Order().ToList();
        var last = runs[^1].Result;
        Console.WriteLine($"| {name} | {times[0]:0.00} / {times[times.Count / 2]:0.00} / {times[^1]:0.00} s | {last.Inserted:N0} | {last.Updated:N0} | {last.Deleted:N0} | " +
                          $"{cpu[cpu.Count / 2]:0.00} s | {runs.Max(r => r.Peak) / 1e6:N0} MB |");
    }
}
