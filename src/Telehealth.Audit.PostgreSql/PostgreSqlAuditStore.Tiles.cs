using Microsoft.Extensions.Logging;
using Npgsql;
using static Telehealth.PostgreSql.PostgreSqlStoreSupport;

namespace Telehealth.Audit.PostgreSql;

/// <summary>The hash tiles: reading one, and building those a log written before tiles existed lacks.</summary>
public sealed partial class PostgreSqlAuditStore
{
    private readonly SemaphoreSlim _tilesGate = new(1, 1);

    // The partial tile of each level as last read: the right edge, which the audit log reads again
    // for every root and proof (it keeps full tiles itself). A partial tile only grows, so every
    // prefix of one read stays valid; a wider one is read from the table.
    private readonly (long Index, byte[] Hashes)?[] _edge = new (long, byte[])?[HashTileEdge.MaxLevel + 1];
    private readonly Lock _edgeLock = new();
    private volatile bool _tilesCover;

    /// <summary>Gets or sets the most leaves one transaction gives tiles to when the tiles are behind the entries (tests make it small).</summary>
    internal int TileCatchUpLimit { get; set; } = 65_536;

    /// <inheritdoc />
    /// <remarks>
    /// One query by primary key. A stored tile may hold more hashes than asked for when the tree
    /// has grown since; the hashes asked for are its prefix. The partial tile of each level last
    /// read is kept (at most 8 KiB per level) and serves narrower reads of it, so roots and proofs
    /// at one tree size read the right edge once. The first call of a store instance makes sure the
    /// tiles cover every entry, as <see cref="OpenAsync"/> does.
    /// </remarks>
    /// <exception cref="AuditStoreException">The tile is not stored with that many hashes (TH1045) or is malformed (TH1046), a query failed (TH1043), or building missing tiles failed (TH1042 and the codes of <see cref="OpenAsync"/>).</exception>
    public async ValueTask ReadTileAsync(int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, HashTileEdge.MaxLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, HashTileEdge.TileWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, width * MerkleProofs.HashSize, nameof(destination));
        ThrowIfDisposed();
        await EnsureTilesAsync(cancellationToken).ConfigureAwait(false);
        var bytes = width * MerkleProofs.HashSize;
        lock (_edgeLock)
        {
            if (_edge[level] is { } kept && kept.Index == index && kept.Hashes.Length >= bytes)
            {
                kept.Hashes.AsSpan(0, bytes).CopyTo(destination.Span);
                return;
            }
        }

        byte[] hashes;
        try
        {
            using var command = _dataSource.CreateCommand(_sql.ReadTile);
            command.Parameters.Add(new NpgsqlParameter<short>("level", (short)level));
            command.Parameters.Add(new NpgsqlParameter<long>("index", index));
            hashes = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[] ?? throw Errors.TileMissing(level, index, width);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }

        if (hashes.Length is < MerkleProofs.HashSize or > PostgreSqlAuditSql.FullTileBytes || hashes.Length % MerkleProofs.HashSize != 0)
        {
            throw Errors.TileMalformed(level, index);
        }

        if (hashes.Length < bytes)
        {
            throw Errors.TileMissing(level, index, width);
        }

        if (hashes.Length < PostgreSqlAuditSql.FullTileBytes)
        {
            lock (_edgeLock)
            {
                if (_edge[level] is not { } kept || kept.Index < index || (kept.Index == index && kept.Hashes.Length < hashes.Length))
                {
                    _edge[level] = (index, hashes);
                }
            }
        }

        hashes.AsSpan(0, bytes).CopyTo(destination.Span);
    }

    /// <summary>
    /// Makes sure, once per instance, that the tiles cover every entry: a log written by version 0.1
    /// (or entries a node of 0.1 appended) gets the missing tiles, <see cref="TileCatchUpLimit"/>
    /// leaves per transaction under the log's lock. Each transaction starts from what the tiles
    /// cover when it gets the lock, so several nodes doing this at once share the work, and one
    /// that stops half-way leaves only whole transactions behind.
    /// </summary>
    private async Task EnsureTilesAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        if (_tilesCover)
        {
            return;
        }

        await _tilesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_tilesCover)
            {
                await BuildMissingTilesAsync(cancellationToken).ConfigureAwait(false);
                _tilesCover = true;
            }
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogOpenFailed(_logger, ex.GetType().Name, SqlState(ex));
            throw Errors.OpenFailed(ex);
        }
        finally
        {
            _tilesGate.Release();
        }
    }

    private async Task BuildMissingTilesAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        while (true)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var (tail, results) = await WriteUnderLockAsync(connection, transaction, [], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogIfTilesBuilt(tail);

            if (results is not null)
            {
                return;
            }
        }
    }

    /// <summary>Logs a committed transaction that gave tiles to entries stored without them (by version 0.1).</summary>
    private void LogIfTilesBuilt(StoredTail tail)
    {
        if (tail.Uncovered > 0)
        {
            LogTilesBuilt(_logger, tail.Uncovered, tail.TiledSize, tail.Count, _schema);
        }
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Built the hash tiles of {Built} entries from entry {From} on, stored without tiles (by version 0.1), of the PostgreSQL audit log in schema {Schema}, which holds {Count} entries.")]
    private static partial void LogTilesBuilt(ILogger logger, int built, long from, long count, string schema);
}
