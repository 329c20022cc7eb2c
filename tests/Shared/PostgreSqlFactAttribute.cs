namespace AttendanceTools.Tests.Shared;

/// <summary>A fact that needs the PostgreSQL server; skipped with the reason when there is none.</summary>
public sealed class PostgreSqlFactAttribute : Xunit.FactAttribute
{
    public PostgreSqlFactAttribute() => Skip = PostgreSqlServer.SkipReason!;
}
