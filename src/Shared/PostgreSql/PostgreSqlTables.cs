using Npgsql;

namespace Telehealth.PostgreSql;

/// <summary>
/// Finds or creates one store's tables, once per store instance. It looks before creating, so a
/// least-privilege role that may not create tables can still open tables a migration role created.
/// Creation runs in one transaction under the store's advisory lock, because concurrent
/// <c>CREATE ... IF NOT EXISTS</c> from several nodes can still collide in the catalog.
/// </summary>
/// <param name="dataSource">The store's data source.</param>
/// <param name="qualifiedTableNames">The schema-qualified names of every table the store needs.</param>
/// <param name="lockSql">Takes the advisory lock of the schema until the transaction ends.</param>
/// <param name="createSql">Creates the schema and tables, each <c>IF NOT EXISTS</c>.</param>
internal sealed class PostgreSqlTables(NpgsqlDataSource dataSource, IReadOnlyList<string> qualifiedTableNames, string lockSql, string createSql) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    /// <summary>Makes sure the tables exist, creating them when allowed; database failures pass through to the store.</summary>
    public async Task<PostgreSqlTablesOutcome> EnsureAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return PostgreSqlTablesOutcome.Ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return PostgreSqlTablesOutcome.Ready;
            }

            var outcome = await FindOrCreateAsync(createIfMissing, cancellationToken).ConfigureAwait(false);
            _ready = outcome != PostgreSqlTablesOutcome.Missing;
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<PostgreSqlTablesOutcome> FindOrCreateAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var allExist = "SELECT " + string.Join(" AND ", qualifiedTableNames.Select((_, i) => $"to_regclass(@t{i}) IS NOT NULL"));
        using (var exists = new NpgsqlCommand(allExist, connection))
        {
            for (var i = 0; i < qualifiedTableNames.Count; i++)
            {
                exists.Parameters.Add(new NpgsqlParameter<string>($"t{i}", qualifiedTableNames[i]));
            }

            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return PostgreSqlTablesOutcome.Ready;
            }
        }

        if (!createIfMissing)
        {
            return PostgreSqlTablesOutcome.Missing;
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        using (var lockCommand = new NpgsqlCommand(lockSql, connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var create = new NpgsqlCommand(createSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return PostgreSqlTablesOutcome.Created;
    }
}
