namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// Replaces a feed folder as a whole: the new files are written to a staging folder beside it, then
/// the old folder is moved aside and the staging folder moved into its place (renames within one
/// parent folder), so a consumer never reads half an export and a failed export leaves the previous files.
/// </summary>
internal sealed class FeedFolder
{
    /// <summary>OneRoster 1.2 bulk file names: what a feed folder may hold.</summary>
    private static readonly string[] FeedNames =
        ["manifest", "academicSessions", "categories", "classes", "classResources", "courses", "courseResources", "demographics", "enrollments",
         "lineItems", "orgs", "resources", "results", "roles", "userProfiles", "users"];

    private static readonly HashSet<string> FeedFiles = new(FeedNames.Select(n => n + ".csv"), StringComparer.Ordinal);

    private readonly string _target;
    private string? _aside;

    private FeedFolder(string target, string staging)
    {
        _target = target;
        Staging = staging;
    }

    public string Staging { get; }

    /// <summary>
    /// The full path of the feed folder, refused when it is a file or holds anything but OneRoster files
    /// (the whole folder is replaced, so it must be the feed's own).
    /// </summary>
    public static string CheckTarget(string path)
    {
        var folder = Path.GetFullPath(path);
        if (File.Exists(folder))
            throw new AttendanceException("ExportPathIsFile", FailureKind.InvalidArgument, $"'{folder}' is a file; the feed is written into a folder.", folder);
        if (!Directory.Exists(folder)) return folder;
        var foreign = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !FeedFiles.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw new AttendanceException("ExportFolderNotEmpty", FailureKind.InvalidOperation,
                $"The folder '{folder}' holds {string.Join(", ", foreign.Take(5).Select(n => $"'{n}'"))}{(foreign.Count > 5 ? $" and {foreign.Count - 5} more" : "")}, which are not OneRoster files; a feed export replaces the whole folder.",
                folder, "Give the feed a folder of its own (new or holding only a previous feed).");
        return folder;
    }

    /// <summary>A new, empty staging folder beside <paramref name="target"/>.</summary>
    public static FeedFolder Stage(string target)
    {
        var parent = Path.GetDirectoryName(target) ?? throw new AttendanceException("ExportPathIsFile", FailureKind.InvalidArgument,
            $"'{target}' is a root folder; the feed needs a folder of its own.", target);
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return new FeedFolder(target, staging);
    }

    /// <summary>Moves the previous folder aside and the staged one into its place.</summary>
    public void Swap()
    {
        if (Directory.Exists(_target))
        {
            _aside = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.previous-{Guid.NewGuid():N}");
            Directory.Move(_target, _aside);
        }
        try
        {
            Directory.Move(Staging, _target);
        }
        catch
        {
            if (_aside is not null) Directory.Move(_aside, _target);
            _aside = null;
            throw;
        }
    }

    /// <summary>Puts the previous folder back (the store refused the export after the swap).</summary>
    public void Undo()
    {
        if (Directory.Exists(_target)) Directory.Move(_target, Staging);
        if (_aside is not null) Directory.Move(_aside, _target);
        _aside = null;
    }

    /// <summary>Removes what is left: the previous folder after a swap, or the staging folder after a failure.</summary>
    public void Clean()
    {
        foreach (var folder in new[] { _aside, Staging })
        {
            if (folder is null || !Directory.Exists(folder)) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a leftover dot-folder is harmless; the next export ignores it */ }
            catch (UnauthorizedAccessException) { }
        }
    }
}
