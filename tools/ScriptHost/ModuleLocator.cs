namespace AttendanceTools.ScriptHost;

/// <summary>Finds the laid-out module: $env:ATTENDANCETOOLS_MODULE, else out/AttendanceTools above this program or the current folder.</summary>
internal static class ModuleLocator
{
    private const string ManifestName = "AttendanceTools.psd1";

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("ATTENDANCETOOLS_MODULE") is { Length: > 0 } configured)
        {
            var full = Path.GetFullPath(configured);
            var manifest = full.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) ? full : Path.Combine(full, ManifestName);
            return File.Exists(manifest) ? manifest : null;
        }
        return Above(AppContext.BaseDirectory) ?? Above(Environment.CurrentDirectory);
    }

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, "out", "AttendanceTools", ManifestName);
            if (File.Exists(manifest)) return manifest;
        }
        return null;
    }
}
