using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class SchoolQueryTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<AttendanceException> _errors = [];

    public SchoolQueryTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private List<SchoolInfo> Find(SchoolFilter filter) => SchoolQuery.Find(_t.Store, filter, _errors.Add);

    [Fact]
    public void Lists_every_school_by_name_with_the_district_office_flagged()
    {
        var all = Find(new SchoolFilter());
        Assert.Equal(["District Office", "Lincoln Elementary", "Rio Continuation", "Washington High"], all.Select(s => s.Name));
        Assert.True(all[0].IsDistrictOffice);
        Assert.All(all.Skip(1), s => Assert.False(s.IsDistrictOffice));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Current_year_settings_and_counts_with_defaults_where_a_school_has_no_settings()
    {
        var byId = Find(new SchoolFilter()).ToDictionary(s => s.SchoolId);
        Assert.Equal(("Daily", "TwoWay", true, 1), (byId["100"].RecordingMethod, byId["100"].BridgeMode, byId["100"].HasAttendanceSettings, byId["100"].Students));
        // S1002, S1003, S1007; S1004 is deleted and not counted.
        Assert.Equal(("Meeting", "OneWay", true, 3), (byId["200"].RecordingMethod, byId["200"].BridgeMode, byId["200"].HasAttendanceSettings, byId["200"].Students));
        Assert.Equal(("Daily", "None", false, 1), (byId["300"].RecordingMethod, byId["300"].BridgeMode, byId["300"].HasAttendanceSettings, byId["300"].Students));
        Assert.Equal(0, byId["DO"].Students);
        Assert.Equal("2025-26", byId["200"].SchoolYear);
        Assert.Equal(2026, byId["200"].SchoolYearNumber);
        Assert.Equal("High", byId["200"].SchoolCategory);
        Assert.Equal("09 10 11 12", byId["200"].GradeLevels);
    }

    [Fact]
    public void An_earlier_year_shows_that_years_settings_and_counts()
    {
        var washington = Assert.Single(Find(new SchoolFilter { Names = ["Washington*"], SchoolYear = 2025 }));
        Assert.Equal(("Daily", "None", 3, "2024-25"), (washington.RecordingMethod, washington.BridgeMode, washington.Students, washington.SchoolYear));
    }

    [Fact]
    public void Names_match_name_or_id_case_insensitively_with_wildcards()
    {
        Assert.Equal(["Lincoln Elementary", "Washington High"], Find(new SchoolFilter { Names = ["lincoln elementary", "2*"] }).Select(s => s.Name));
        Assert.Equal(["Rio Continuation"], Find(new SchoolFilter { Names = ["300"] }).Select(s => s.Name));
        Assert.Empty(_errors);
    }

    [Fact]
    public void SchoolIds_match_only_ids()
    {
        Assert.Equal(["Washington High"], Find(new SchoolFilter { SchoolIds = ["200"] }).Select(s => s.Name));
        Assert.Empty(Find(new SchoolFilter { SchoolIds = ["Lincoln*"] }));
        Assert.Empty(Find(new SchoolFilter { SchoolIds = ["999"] }));
        Assert.Equal(("SchoolNotFound", "999"), (Assert.Single(_errors).ErrorId, Assert.Single(_errors).Target));
    }

    [Fact]
    public void ExcludeDistrictOffice_leaves_out_the_central_office()
        => Assert.DoesNotContain(Find(new SchoolFilter { ExcludeDistrictOffice = true }), s => s.IsDistrictOffice);

    [Fact]
    public void A_literal_name_that_names_no_school_is_reported_and_the_others_still_come_back()
    {
        var found = Find(new SchoolFilter { Names = ["Nowhere", "Lincoln*", "Z*"] });
        Assert.Equal(["Lincoln Elementary"], found.Select(s => s.Name));
        var e = Assert.Single(_errors);
        Assert.Equal(("SchoolNotFound", FailureKind.NotFound, "Nowhere"), (e.ErrorId, e.Kind, e.Target));
    }

    [Fact]
    public void An_unknown_school_year_is_reported_and_nothing_is_returned()
    {
        Assert.Empty(Find(new SchoolFilter { SchoolYear = 2031 }));
        var e = Assert.Single(_errors);
        Assert.Equal(("SchoolYearNotFound", "2030-31"), (e.ErrorId, e.Target));
    }
}
