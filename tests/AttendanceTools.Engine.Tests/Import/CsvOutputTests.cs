using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>
/// The package writer's field-by-field path: each typed field writes exactly what <see cref="CsvFormat"/>'s string
/// form gives through a row of strings, quoting follows RFC 4180, and a row that lost a column is refused.
/// </summary>
public sealed class CsvOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-csv-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Written(string[] header, Action<CsvOutput> rows)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        using (var output = new CsvOutput(path))
        {
            output.Header(header);
            rows(output);
        }
        return File.ReadAllText(path);
    }

    [Fact]
    public void Fields_are_quoted_only_when_they_hold_a_comma_quote_or_line_break()
    {
        string[] header = ["a", "b", "c", "d", "e", "f", "g", "h"];
        var text = Written(header, o => o.Row([null, "", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "\"\""]));

        Assert.Equal("a,b,c,d,e,f,g,h\n,,plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\"\"\"\"\"\"\n", text);
    }

    [Fact]
    public void Typed_fields_write_what_the_string_forms_write()
    {
        int?[] numbers = [0, 7, -12, int.MaxValue, int.MinValue, null];
        DateOnly?[] dates = [new DateOnly(1, 1, 1), new DateOnly(2026, 3, 5), new DateOnly(9999, 12, 31), null];
        string[] header = ["int", "date", "bool"];
        foreach (var n in numbers)
            foreach (var d in dates)
                foreach (var b in new[] { true, false })
                {
                    var typed = Written(header, o =>
                    {
                        o.Field(n);
                        o.Field(d);
                        o.Field(b);
                        o.EndRow();
                    });
                    Assert.Equal(Written(header, o => o.Row([CsvFormat.Int(n), CsvFormat.Date(d), CsvFormat.Bool(b)])), typed);
                }
        Assert.Equal("int,date,bool\n-12,2026-03-05,true\n", Written(header, o =>
        {
            o.Field(-12);
            o.Field(new DateOnly(2026, 3, 5));
            o.Field(true);
            o.EndRow();
        }));
    }

    [Fact]
    public void A_row_narrower_or_wider_than_its_header_is_refused()
    {
        var narrow = Assert.Throws<InvalidOperationException>(() => Written(["a", "b", "c"], o =>
        {
            o.Row(["1", "2", "3"]);
            o.Field("x");
            o.Empty();
            o.EndRow();
        }));
        Assert.Matches(@"^Row 2 of '.+\.csv' has 2 fields; its header has 3\.$", narrow.Message);
        Assert.Throws<InvalidOperationException>(() => Written(["a"], o => o.Row(["1", "2"])));
    }

    [Fact]
    public void Made_enrolment_and_role_ids_are_quoted_as_whole_fields_and_a_long_id_is_the_same_text()
    {
        var longClass = new string('c', 300);
        var text = Written([.. OneRosterWriter.EnrollmentsHeader, .. OneRosterWriter.RolesHeader], o =>
        {
            OneRosterWriter.Enrollment(o, new OneRosterWriter.EnrollmentRow(null, "SEC-1", "101", "S,1", new DateOnly(2025, 8, 18), null, true));
            OneRosterWriter.Role(o, "S\"2", "101");
            o.EndRow();
            OneRosterWriter.Enrollment(o, new OneRosterWriter.EnrollmentRow(null, longClass, "101", "S3", new DateOnly(2025, 8, 18), new DateOnly(2026, 6, 12), false));
            OneRosterWriter.Role(o, new string('s', 300), "district");
            o.EndRow();
        });
        var lines = text.Split('\n');

        Assert.Equal("\"SEC-1-S,1-20250818\",,,SEC-1,101,\"S,1\",student,,2025-08-18,,true,\"role-S\"\"2\",,,\"S\"\"2\",primary,student,,,101,", lines[1]);
        Assert.Equal($"{longClass}-S3-20250818,,,{longClass},101,S3,student,,2025-08-18,2026-06-12,false,role-{new string('s', 300)},,,{new string('s', 300)},primary,student,,,district,",
            lines[2]);
    }

    [Fact]
    public void A_users_row_has_the_header_width_and_the_stored_values()
    {
        var student = new Student { StudentUniqueId = "S1", LocalId = "L1", FirstName = "Ada", LastSurname = "O'Neil, Jr", BirthDate = new DateOnly(2015, 3, 1), ClassOfSchoolYear = 2033 };
        var text = Written(OneRosterWriter.UsersHeader, o =>
        {
            OneRosterWriter.User(o, student, "05", "oak");
            o.EndRow();
            OneRosterWriter.User(o, student with { IsDeleted = true, LocalId = null, Username = null, BirthDate = null, ClassOfSchoolYear = null }, null, "district");
            o.EndRow();
        });
        var lines = text.Split('\n');

        Assert.Equal("S1,,,true,L1,,Ada,\"O'Neil, Jr\",,L1,,,,,05,,,,,,,oak,,2015-03-01,2033", lines[1]);
        Assert.Equal("S1,tobedeleted,,false,S1,,Ada,\"O'Neil, Jr\",,,,,,,,,,,,,,district,,,", lines[2]);
    }
}
