namespace Telehealth.PostgreSql;

/// <summary>How <see cref="PostgreSqlTables.EnsureAsync"/> found a store's tables.</summary>
internal enum PostgreSqlTablesOutcome
{
    /// <summary>The tables were there (or made ready earlier by this instance).</summary>
    Ready,

    /// <summary>This call created the tables.</summary>
    Created,

    /// <summary>The tables are missing and creating them was not allowed.</summary>
    Missing,
}
