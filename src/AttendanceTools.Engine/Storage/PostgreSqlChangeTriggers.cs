namespace AttendanceTools.Engine.Storage;

/// <summary>
/// The change-tracking triggers of <see cref="SqliteChangeTriggers"/> in PL/pgSQL: the same tables,
/// columns and logged regions (one list, shared), one trigger function per table and operation.
/// </summary>
internal static class PostgreSqlChangeTriggers
{
    public static IEnumerable<string> Create()
    {
        foreach (var (table, columns, region) in SqliteChangeTriggers.Specs)
        {
            var newRow = SqliteChangeTriggers.Insert + "VALUES (" + region.Replace("R.", "NEW.", StringComparison.Ordinal) + ");";
            var oldRow = SqliteChangeTriggers.Insert + "VALUES (" + region.Replace("R.", "OLD.", StringComparison.Ordinal) + ");";
            if (!SqliteChangeTriggers.UpdateDeleteOnly.Contains(table))
                foreach (var sql in Trigger(table, "ins", "INSERT", newRow)) yield return sql;
            foreach (var sql in Trigger(table, "upd", $"UPDATE OF {columns}", oldRow + " " + newRow)) yield return sql;
            foreach (var sql in Trigger(table, "del", "DELETE", oldRow)) yield return sql;
        }
        var section = SqliteChangeTriggers.Insert + SqliteChangeTriggers.SectionRegion.Replace("R.", "OLD.", StringComparison.Ordinal) + ";";
        foreach (var sql in Trigger("Section", "upd", $"UPDATE OF {SqliteChangeTriggers.SectionColumns}", section)) yield return sql;
        foreach (var sql in Trigger("Section", "del", "DELETE", section)) yield return sql;
    }

    /// <summary>Drops the triggers (their functions stay: Create replaces them).</summary>
    public static IEnumerable<string> Drop()
    {
        foreach (var (table, _, _) in SqliteChangeTriggers.Specs)
        {
            if (!SqliteChangeTriggers.UpdateDeleteOnly.Contains(table)) yield return $"DROP TRIGGER IF EXISTS trg_{table}_ins ON {table}";
            yield return $"DROP TRIGGER IF EXISTS trg_{table}_upd ON {table}";
            yield return $"DROP TRIGGER IF EXISTS trg_{table}_del ON {table}";
        }
        yield return "DROP TRIGGER IF EXISTS trg_Section_upd ON Section";
        yield return "DROP TRIGGER IF EXISTS trg_Section_del ON Section";
    }

    private static IEnumerable<string> Trigger(string table, string suffix, string timing, string body)
    {
        var name = $"trg_{table}_{suffix}";
        yield return $"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN {body} RETURN NULL; END $body$";
        yield return $"CREATE TRIGGER {name} AFTER {timing} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()";
    }
}
