using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;

namespace AttendanceTools.Bench;

/// <summary>
/// New-AttendanceDemoStore's engine path as the cmdlet runs it (DemoStore.Plan, then Apply: generate, bulk-load
/// into a temporary file, checkpoint, move into place), timed in this process: generating and loading wall
/// time and the process CPU time. Compare with bench/Measure-Process.ps1's whole-process figure for the cmdlet.
/// </summary>
internal static class DemoBench
{
    public static void Run(int students, int seed, int repeat)
    {
        Console.WriteLine($"New-AttendanceDemoStore engine path: {students:N0} students, seed {seed}; GC: server {GCSettings.IsServerGC}, latency mode {GCSettings.LatencyMode}");
        var folder = Directory.CreateTempSubdirectory("attendancetools-demo-").FullName;
        try
        {
            for (var i = 1; i <= repeat; i++)
            {
                GC.Collect();
                using var self = Process.GetCurrentProcess();
                var cpu = self.TotalProcessorTime;
                var gen2 = GC.CollectionCount(2);
                var request = new DemoStoreRequest { Path = Path.Combine(folder, "demo.db"), Options = new DemoOptions { Students = students, Seed = seed }, Replace = true };
                var plan = DemoStore.Plan(request, NullObserver.Instance, default);
                var result = DemoStore.Apply(plan, NullObserver.Instance, default);
                self.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Run {i}: generate {result.GenerateDuration.TotalSeconds:0.00} s, load {result.LoadDuration.TotalSeconds:0.00} s, total {result.Duration.TotalSeconds:0.00} s; CPU {(self.TotalProcessorTime - cpu).TotalSeconds:0.00} s; {result.TotalRows:N0} rows; gen2 GCs {GC.CollectionCount(2) - gen2}"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
