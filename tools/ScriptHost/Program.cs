using AttendanceTools.ScriptHost;

// dotnet run --project tools/ScriptHost -c Release -- <script.ps1> [script arguments...]
if (args.Length == 0 || args[0] is "-?" or "-h" or "--help")
{
    Console.Error.WriteLine("Usage: ScriptHost <script.ps1> [script arguments...]");
    Console.Error.WriteLine("Runs the script with the AttendanceTools module from out/AttendanceTools imported.");
    Console.Error.WriteLine("Set ATTENDANCETOOLS_MODULE to a module folder to use another copy.");
    return 2;
}

var script = Path.GetFullPath(args[0]);
if (!File.Exists(script))
{
    Console.Error.WriteLine($"ScriptHost: there is no script at '{script}'.");
    return 2;
}

var manifest = ModuleLocator.Find();
if (manifest is null)
{
    Console.Error.WriteLine("ScriptHost: cannot find out/AttendanceTools/AttendanceTools.psd1 above this program or the current folder. Build the module first: dotnet build AttendanceTools.sln -c Release");
    return 2;
}

return new ScriptRunner(Console.Out, Console.Error).Run(manifest, script, args[1..]);
