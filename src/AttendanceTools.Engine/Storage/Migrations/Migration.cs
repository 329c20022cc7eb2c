using System.Data.Common;

namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>One forward step of the schema. Steps never change once released; new needs get new steps.</summary>
public sealed record Migration(int Version, string Description, Action<MigrationContext> Apply);

public sealed record MigrationContext(DbConnection Connection, DbTransaction Transaction, ISqlDialect Dialect)
{
    public void Execute(string sql) => Connection.Execute(sql, Transaction);
}
