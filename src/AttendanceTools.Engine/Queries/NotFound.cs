namespace AttendanceTools.Engine.Queries;

/// <summary>
/// The not-found failures of the read queries, built in one place so ids, kinds and targets stay
/// consistent: the id names the kind of object, the kind is <see cref="FailureKind.NotFound"/>,
/// and the target is the name exactly as the caller typed it. Queries hand them to a callback
/// (they are reported, never thrown) so the other names of the same call still produce output.
/// </summary>
public static class NotFound
{
    public static AttendanceException School(string name)
        => new("SchoolNotFound", FailureKind.NotFound, $"No school has the name or id '{name}'.", name,
            "Run Get-AttendanceSchool to see the schools in the store.");

    public static AttendanceException Calendar(string name, string scope)
        => new("CalendarNotFound", FailureKind.NotFound, $"No calendar '{name}' was found{scope}.", name,
            "Run Get-AttendanceCalendar to see the calendars of each school and year.");

    public static AttendanceException Student(string id, string scope)
        => new("StudentNotFound", FailureKind.NotFound, $"No student '{id}' was found{scope}.", id,
            "Check the student id (StudentUniqueId), or widen -School, -Grade, -Program or -SchoolYear.");

    public static AttendanceException DeletedStudent(string id)
        => new("StudentNotFound", FailureKind.NotFound, $"Student '{id}' is marked deleted.", id,
            "Add -IncludeDeleted to see deleted students.");

    public static AttendanceException Program(string name)
        => new("ProgramNotFound", FailureKind.NotFound, $"No school has a program named '{name}'.", name);

    public static AttendanceException Code(string code)
        => new("AttendanceCodeNotFound", FailureKind.NotFound, $"No school defines the attendance code '{code}'.", code);

    public static AttendanceException SchoolYear(string text)
        => new("SchoolYearNotFound", FailureKind.NotFound, $"The store has no school year {text}.", text,
            "Run Get-AttendanceStore to see the current school year, or import the school years first.");

    public static AttendanceException Run(long runId, string scope)
        => new("RunNotFound", FailureKind.NotFound, $"No run {runId} was found in the run log{scope}.", runId);

    /// <summary>An empty date range is a mistake, never a silent empty result: refused before anything is read or logged.</summary>
    public static AttendanceException DateRange(DateOnly from, DateOnly to, string fromName = "-From", string toName = "-To")
        => new("DateRangeInvalid", FailureKind.InvalidArgument,
            $"The range {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is empty: {fromName} is after {toName}.", from,
            $"Give a {fromName} on or before {toName}.");
}
