using AttendanceTools.Engine.Storage.Schema;
using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 9: what a OneRoster package carries that the store kept no place for, so an export
/// gives back what the import read (issue #8 item 13): every academic session with its dates and
/// sourcedId, all terms and the class type of a section, a student's username, an enrolment's sourcedId.
/// </summary>
public static class OneRosterInterchangeMigration
{
    public const int Version = 9;

    /// <summary>An academic session of a OneRoster package (school year, term, semester, grading period), as the package named it.</summary>
    public static readonly TableDef AcademicSession = new()
    {
        Name = "AcademicSession",
        Columns = [Text("SourcedId", 255), Int("SchoolYear"), NText("Title", 200), Text("SessionType", 30), Date("BeginDate"), Date("EndDate"),
            NText("ParentSourcedId", 255)],
        PrimaryKey = ["SourcedId"],
    };

    public static readonly Migration Migration = new(Version, "OneRoster interchange: academic sessions, class terms and type, usernames, enrolment ids", ctx =>
    {
        foreach (var sql in ctx.Dialect.CreateTable(AcademicSession)) ctx.Execute(sql);
        foreach (var table in Tables.Version1)
            foreach (var column in table.Columns.Where(c => c.Since == Version))
                ctx.Execute(ctx.Dialect.AddColumn(table, column));
    });
}
