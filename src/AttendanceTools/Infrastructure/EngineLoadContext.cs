using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The private load context the engine and its dependencies live in, so our SQLite (and later
/// SqlClient) never collide with copies another module (SqlServer, dbatools) already loaded.
/// Managed and native files resolve from <c>Dependencies/</c> through the engine's deps.json.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    public const string EngineName = "AttendanceTools.Engine";

    private static readonly object Gate = new();
    private static EngineLoadContext? _instance;

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _dependencies;

    private EngineLoadContext(string dependencies) : base("AttendanceTools", isCollectible: false)
    {
        _dependencies = dependencies;
        _resolver = new AssemblyDependencyResolver(Path.Combine(dependencies, EngineName + ".dll"));
    }

    /// <summary>One per process: an assembly cannot be unloaded, and every runspace shares it.</summary>
    public static EngineLoadContext Instance
    {
        get
        {
            lock (Gate)
                return _instance ??= new EngineLoadContext(Path.Combine(
                    Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location) ?? ".", "Dependencies"));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) ?? ProbeRuntimesFolder(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    // Fallback when the deps.json has no entry for this machine's RID spelling.
    private string? ProbeRuntimesFolder(string name)
    {
        var folder = Path.Combine(_dependencies, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string[] candidates = OperatingSystem.IsWindows() ? [name + ".dll", name]
            : OperatingSystem.IsMacOS() ? ["lib" + name + ".dylib", name + ".dylib", name]
            : ["lib" + name + ".so", name + ".so", name];
        return candidates.Select(c => Path.Combine(folder, c)).FirstOrDefault(File.Exists);
    }
}
