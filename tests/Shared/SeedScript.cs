namespace AttendanceTools.Tests.Shared;

/// <summary>
/// A small hand-made district as plain SQL, shared by both test projects (linked into each), so
/// the read queries and cmdlets are checked against numbers worked out by hand:
/// <list type="bullet">
/// <item>years 2025 (2024-25) and 2026 (2025-26, current);</item>
/// <item>schools DO District Office (district office), 100 Lincoln Elementary (Daily, TwoWay in 2026),
///   200 Washington High (Meeting, OneWay in 2026; Daily, None in 2025), 300 Rio Continuation (no settings);</item>
/// <item>calendars: Lincoln REG and "KG HALF" (2026), Washington REG (2025 and 2026), Rio CE (2026);</item>
/// <item>students S1001 Avery Adams (03 at Lincoln, class of 2035), S1002 Blake Brown (09 at Washington, no class year; 08 in 2025),
///   S1003 Casey Cruz (12 at Washington; 11 in 2025), S1004 Dana Diaz (deleted), S1005 Eli Evans (11 at Rio, CE program),
///   S1006 Finn Ford (2025 only, Graduated), S1007 Gia Gomez (UG at Washington, Inactive);</item>
/// <item>4 daily and 3 meeting records, 4 runs in the run log.</item>
/// </list>
/// </summary>
internal static class SeedScript
{
    public const string Sql = """
        INSERT INTO SchoolYear (SchoolYear, Description, BeginDate, EndDate, IsCurrent) VALUES
          (2025, '2024-2025', 20240815, 20250610, 0), (2026, '2025-2026', 20250814, 20260611, 1);
        INSERT INTO School (SchoolRef, SchoolId, SourcedId, Name, IsDistrictOffice, SchoolCategory, GradeLevels) VALUES
          (1, 'DO', NULL, 'District Office', 1, NULL, NULL),
          (2, '100', NULL, 'Lincoln Elementary', 0, 'Elementary', 'KG 01 02 03 04 05'),
          (3, '200', NULL, 'Washington High', 0, 'High', '09 10 11 12'),
          (4, '300', NULL, 'Rio Continuation', 0, 'Continuation', '10 11 12');
        INSERT INTO AttendanceSettings (SchoolRef, SchoolYear, RecordingMethod, BridgeMode) VALUES
          (2, 2026, 'Daily', 'TwoWay'), (3, 2026, 'Meeting', 'OneWay'), (3, 2025, 'Daily', 'None');
        INSERT INTO Calendar (CalendarRef, SchoolRef, SchoolYear, CalendarCode, CalendarType, GradeLevels, WholeDayAbsenceMinutes, HalfDayAbsenceMinutes) VALUES
          (1, 2, 2026, 'REG', 'Student Specific', 'KG 01 02 03 04 05', NULL, NULL),
          (2, 2, 2026, 'KG HALF', NULL, 'KG', NULL, NULL),
          (3, 3, 2026, 'REG', NULL, NULL, NULL, NULL),
          (4, 3, 2025, 'REG', NULL, NULL, NULL, NULL),
          (5, 4, 2026, 'CE', NULL, NULL, NULL, NULL);
        INSERT INTO CalendarDate (CalendarRef, Date, CalendarEvents, InSession, TakesAttendance, BellScheduleRef) VALUES
          (1, 20250902, 'Instructional day', 1, 1, NULL), (1, 20250903, 'Instructional day', 1, 1, NULL),
          (1, 20250904, 'Holiday', 0, 0, NULL), (1, 20251001, 'Instructional day', 1, 1, NULL),
          (3, 20250902, 'Instructional day', 1, 1, NULL), (3, 20250903, 'Instructional day', 1, 1, NULL),
          (4, 20240903, 'Instructional day', 1, 1, NULL);
        INSERT INTO Student (StudentRef, StudentUniqueId, LocalId, FirstName, LastSurname, BirthDate, ClassOfSchoolYear, IsDeleted) VALUES
          (1, 'S1001', '1001', 'Avery', 'Adams', 20170301, 2035, 0),
          (2, 'S1002', '1002', 'Blake', 'Brown', 20110505, NULL, 0),
          (3, 'S1003', '1003', 'Casey', 'Cruz', 20080101, 2026, 0),
          (4, 'S1004', '1004', 'Dana', 'Diaz', NULL, NULL, 1),
          (5, 'S1005', '1005', 'Eli', 'Evans', NULL, NULL, 0),
          (6, 'S1006', '1006', 'Finn', 'Ford', NULL, 2025, 0),
          (7, 'S1007', '1007', 'Gia', 'Gomez', NULL, NULL, 0);
        INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, CalendarCode, Status, Promote) VALUES
          (1, 2026, 2, '03', 'REG', 'Active', 1),
          (2, 2026, 3, '09', 'REG', 'Active', 1), (2, 2025, 3, '08', 'REG', 'PreRegistered', 1),
          (3, 2026, 3, '12', 'REG', 'Active', 1), (3, 2025, 3, '11', 'REG', 'Active', 1),
          (4, 2026, 3, '10', 'REG', 'Active', 1),
          (5, 2026, 4, '11', 'CE', 'Active', 1),
          (6, 2025, 3, '12', 'REG', 'Graduated', 1),
          (7, 2026, 3, 'UG', 'REG', 'Inactive', 1);
        INSERT INTO Program (ProgramRef, SchoolRef, ProgramName, ProgramType) VALUES
          (1, 4, 'CE', 'Continuation Education'), (2, 3, 'ELD', 'English Language Development');
        INSERT INTO StudentProgramAssociation (StudentRef, ProgramRef, BeginDate, EndDate) VALUES
          (5, 1, 20250820, NULL), (2, 2, 20240901, 20250601), (3, 2, 20250901, NULL);
        INSERT INTO AttendanceCode (CodeRef, SchoolRef, SchoolYear, Code, Description, PresenceStatus, Excuse, EventCategory, CountsForAda) VALUES
          (1, 2, 2026, 'P', 'Present', 'Present', 'None', 'In Attendance', 1),
          (2, 2, 2026, 'A', 'Absent', 'Absent', 'Unexcused', 'Unexcused Absence', 1),
          (3, 2, 2026, 'ILL', 'Illness', 'Absent', 'Excused', 'Excused Absence', 1),
          (4, 3, 2026, 'P', 'Present', 'Present', 'None', 'In Attendance', 1),
          (5, 3, 2026, 'U', 'Unexcused', 'Absent', 'Unexcused', 'Unexcused Absence', 1),
          (6, 3, 2026, 'T', 'Tardy', 'Present', 'None', 'Tardy', 1);
        INSERT INTO ClassPeriod (ClassPeriodRef, SchoolRef, ClassPeriodName, OfficialAttendancePeriod) VALUES (1, 3, 'P1', 1), (2, 3, 'P2', 0);
        INSERT INTO Section (SectionRef, SchoolRef, SchoolYear, SectionIdentifier, LocalCourseCode, SessionName, Title, ClassPeriodNames, AttendanceTracked, IsActive) VALUES
          (1, 3, 2026, 'ENG9-1', 'ENG9', 'Fall', 'English 9', 'P1', 1, 1),
          (2, 3, 2026, 'MATH-2', 'ALG', 'Fall', 'Algebra', 'P2', 1, 1);
        INSERT INTO DailyAttendance (SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId) VALUES
          (2, 20250902, 1, 2, NULL, NULL, 'Entered', NULL),
          (2, 20250903, 1, 3, NULL, NULL, 'Entered', NULL),
          (2, 20251001, 1, 2, 480, 600, 'Entered', NULL),
          (3, 20250902, 2, 5, NULL, NULL, 'LiveBridge', NULL);
        INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin, RunId) VALUES
          (3, 20250902, 2, 1, 1, 5, NULL, 'Entered', NULL),
          (3, 20250902, 3, 1, 1, 4, NULL, 'Sync', 4),
          (3, 20250903, 3, 2, 2, 5, 40, 'Entered', NULL);
        INSERT INTO RunLog (RunId, Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, DurationMs, Status, Inserted, Updated, Deleted, Unchanged, Details, Warnings, UndoRef) VALUES
          (1, 'Import', 'district', 'alice', 'host1', '2025-09-01T08:00:00.000Z', '2025-09-01T08:00:30.000Z', 30000, 'Succeeded', 100, 0, 0, 0, NULL, NULL, NULL),
          (2, 'AggregationRefresh', 'Washington High REG 2025-26', 'alice', 'host1', '2025-10-01T03:45:00.000Z', '2025-10-01T03:46:15.500Z', 75500, 'Succeeded', 10, 2, 1, 50, NULL, '["PeriodTimesMissing"]', NULL),
          (3, 'AggregationRefresh', 'Washington High REG 2025-26', 'bob', 'host2', '2025-10-02T03:45:00.000Z', '2025-10-02T03:45:05.000Z', 5000, 'Succeeded', 0, 0, 0, 63, NULL, NULL, NULL),
          (4, 'BridgeSync', 'Washington High 2025-26', 'bob', 'host2', '2025-10-03T10:00:00.000Z', '2025-10-03T10:00:02.000Z', 2000, 'Succeeded', 1, 0, 0, 0, NULL, NULL, 'bridge-4');
        """;
}
