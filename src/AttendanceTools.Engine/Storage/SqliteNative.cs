using System.Runtime.InteropServices;
using SQLitePCL;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The handful of SQLite calls <see cref="SqliteStatement"/> makes per row, imported straight from the
/// <c>e_sqlite3</c> library SQLitePCL itself imports (the same name, resolved by the same load context, so the
/// same loaded file). Through SQLitePCL each call also goes through an interface and a SafeHandle's reference
/// counting; bulk inserts make ten million binds, where that overhead measured about 15 % of the insert CPU
/// (issue 16). Handles are the raw pointers of statements SQLitePCL prepared and still owns.
/// <see cref="Available"/> is false when the library cannot be imported this way (then SQLitePCL's calls are used).
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>True when the direct imports resolve to the library SQLitePCL uses (same version number).</summary>
    public static readonly bool Available = Probe();

    private static bool Probe()
    {
        try
        {
            return sqlite3_libversion_number() == raw.sqlite3_libversion_number();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_libversion_number();

    [DllImport(Library, EntryPoint = "sqlite3_bind_int", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindInt(IntPtr stmt, int index, int value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindInt64(IntPtr stmt, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_null", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindNull(IntPtr stmt, int index);

    [DllImport(Library, EntryPoint = "sqlite3_step", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Step(IntPtr stmt);

    [DllImport(Library, EntryPoint = "sqlite3_reset", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Reset(IntPtr stmt);

    [DllImport(Library, EntryPoint = "sqlite3_column_int", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int ColumnInt(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_int64", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern long ColumnInt64(IntPtr stmt, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_type", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int ColumnType(IntPtr stmt, int column);
}
