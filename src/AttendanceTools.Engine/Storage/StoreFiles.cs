namespace AttendanceTools.Engine.Storage;

/// <summary>The store-file failures, built in one place so every path that meets them says the same thing.</summary>
internal static class StoreFiles
{
    public static AttendanceException NotFound(string path, Exception? inner = null) => new("StoreNotFound", FailureKind.NotFound,
        $"There is no store at '{path}'.", path,
        "Check the path (a relative path resolves against the current PowerShell location), or create a store there with New-AttendanceStore.", inner);

    public static AttendanceException NotRecognized(string path, string why, Exception? inner = null) => new("StoreNotRecognized", FailureKind.InvalidData,
        $"'{path}' is not an AttendanceTools store: {why}. It was left as it is.", path,
        "Point -Path at an AttendanceTools store, or create a new store with New-AttendanceStore at a path where no file exists.", inner);

    public static string ReadOnlyMessage(string path)
        => $"The store '{path}' cannot be written: the file or its folder is write-protected (read-only attribute, file permissions, or a read-only share).";

    public static AttendanceException ReadOnly(string path, Exception? inner = null) => new("StoreReadOnly", FailureKind.PermissionDenied,
        ReadOnlyMessage(path) + " Nothing was written.", path,
        "Give your account write permission on the file and its folder (and clear a read-only attribute), or connect with -ReadOnly to only read.", inner);
}
