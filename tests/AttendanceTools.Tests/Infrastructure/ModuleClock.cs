using System.Reflection;
using Microsoft.Extensions.Time.Testing;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>
/// Sets the module's internal clock hook (TestHooks.Clock, found by reflection in the loaded module)
/// for stores connected while it is in place. Tests that use it belong to the non-parallel
/// <see cref="ClockCollection"/>, because the hook is process-wide.
/// </summary>
internal sealed class ModuleClock : IDisposable
{
    public ModuleClock(DateTimeOffset utcNow)
    {
        Fake = new FakeTimeProvider(utcNow);
        Property.SetValue(null, Fake);
    }

    public FakeTimeProvider Fake { get; }

    public void Dispose() => Property.SetValue(null, null);

    private static PropertyInfo Property
    {
        get
        {
            var module = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a =>
                a.GetName().Name == "AttendanceTools" && a.Location.StartsWith(Repo.ModuleFolder, StringComparison.Ordinal))
                ?? throw new InvalidOperationException("Import the module (new PsSession()) before setting its clock.");
            return module.GetType("AttendanceTools.Infrastructure.TestHooks", throwOnError: true)!
                .GetProperty("Clock", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!;
        }
    }
}

/// <summary>Tests that move the module's clock run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClockCollection
{
    public const string Name = "Module clock";
}
