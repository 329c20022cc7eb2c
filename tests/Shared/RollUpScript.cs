namespace AttendanceTools.Tests.Shared;

/// <summary>
/// The registration rollover's effect on a demo store (domain §8.5 with R1's criteria), as plain SQL,
/// for the provisioning tests and benchmark while the rollover itself is built on another branch:
/// pre-registered and continuing students get a 2027 Active record with their next-year grade and
/// school (retained ones keep their grade), promoted seniors graduate, and 2027 becomes current.
/// </summary>
internal static class RollUpScript
{
    public const string Sql = """
        INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote)
        SELECT y.StudentRef, 2027, s.SchoolRef, y.NextYearGradeLevel, y.NextYearCalendarCode, 'Active', 1
        FROM StudentYearRecord y JOIN School s ON s.SchoolId = y.NextYearSchoolId
        WHERE y.SchoolYear = 2026 AND y.Status IN ('Active', 'PreRegistered') AND y.NextYearGradeLevel IS NOT NULL;
        UPDATE StudentYearRecord SET Status = 'Graduated' WHERE SchoolYear = 2026 AND Status = 'Active' AND GradeLevel = '12' AND Promote = 1;
        UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = 2027 THEN 1 ELSE 0 END;
        """;
}
