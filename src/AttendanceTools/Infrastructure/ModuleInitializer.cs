using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Runs when the module is imported: routes the engine assembly (which is not in the module root)
/// into <see cref="EngineLoadContext"/>. No engine type may be touched before this has run.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static int _hooked;

    /// <summary>Hooks the default load context's resolving event once per process.</summary>
    public void OnImport()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
        => name.Name == EngineLoadContext.EngineName ? EngineLoadContext.Instance.LoadFromAssemblyName(name) : null;
}
