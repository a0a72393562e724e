namespace Telehealth.Audit;

/// <summary>
/// Durable, append-only storage for audit entries and checkpoints. The store owns ordering: it
/// assigns each appended record the next gap-free sequence number and the leaf hash of the entry
/// before it, encodes the entry canonically, and completes the append only once it is durable.
/// Implementations: the file store in this package, PostgreSQL in Telehealth.Audit.PostgreSql.
/// </summary>
public interface IAuditStore : IAsyncDisposable
{
    /// <summary>Appends a record that has already been validated and redacted.</summary>
    /// <param name="record">The record, with <see cref="AuditRecord.OccurredAt"/> set.</param>
    /// <param name="cancellationToken">Cancels waiting; a record already handed to the writer may still be stored.</param>
    /// <returns>The entry's sequence number and leaf hash, once durable.</returns>
    ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Gets the number of durable entries.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The entry count, which is also the next sequence number.</returns>
    ValueTask<long> GetCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads stored entries in sequence order, as stored, without decoding or verifying them.</summary>
    /// <param name="fromSequence">The first sequence number to read.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The stored entries from <paramref name="fromSequence"/> to the end.</returns>
    IAsyncEnumerable<AuditStoredEntry> ReadAsync(long fromSequence, CancellationToken cancellationToken = default);

    /// <summary>Durably stores a signed checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    ValueTask AppendCheckpointAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored checkpoint note, oldest first, as stored and unverified.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The signed note texts.</returns>
    IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the newest stored checkpoint note, as stored and unverified, without reading the others.
    /// The default implementation reads them all; stores override it to answer in constant time.
    /// </summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The newest signed note, or <see langword="null"/> when none is stored.</returns>
    async ValueTask<string?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        string? latest = null;
        await foreach (var note in ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false))
        {
            latest = note;
        }

        return latest;
    }

    /// <summary>
    /// Reads the first <paramref name="width"/> hashes of a hash tile of the log's Merkle tree, in the
    /// C2SP tlog-tiles layout (FORMAT.md, "Tiles"): tile <paramref name="index"/> of tile level
    /// <paramref name="level"/> holds hashes <c>256·index</c> onwards of tree level <c>8·level</c>.
    /// The hashes must exist in the store's current tree. The default implementation computes the
    /// tile from the stored leaf hashes, which for high levels reads a large part of the log; stores
    /// persist tiles and override it.
    /// </summary>
    /// <param name="level">The tile level, 0 to 7.</param>
    /// <param name="index">The tile's number on its level.</param>
    /// <param name="width">How many hashes to read, 1 to 256.</param>
    /// <param name="destination">Receives <c>32 · width</c> bytes.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the hashes are in <paramref name="destination"/>.</returns>
    ValueTask ReadTileAsync(int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        TileComputation.FromLeavesAsync(this, level, index, width, destination, cancellationToken);

    /// <summary>Gets where the store starts after a prune, or <see langword="null"/> when it holds every entry from 0.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The prune mark, or <see langword="null"/>.</returns>
    ValueTask<AuditPruneMark?> GetPruneMarkAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<AuditPruneMark?>(null);

    /// <summary>
    /// Gets the largest sequence number, at most <paramref name="upTo"/>, at which the store could
    /// start after a prune (stores remove whole units, such as segment files), or 0 when the store
    /// cannot prune. The default cannot.
    /// </summary>
    /// <param name="upTo">The first entry that must be kept.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The boundary.</returns>
    ValueTask<long> GetPruneBoundaryAsync(long upTo, CancellationToken cancellationToken = default) => ValueTask.FromResult(0L);

    /// <summary>
    /// Removes the entries before <see cref="AuditPruneMark.FirstRetained"/>, keeping the tree's
    /// tiles. Use <see cref="AuditArchiver.PruneArchivedAsync"/>, which archives, verifies, records and
    /// signs first; the store checks only that the mark is a boundary it can prune at and that a
    /// signed checkpoint covers the authorizing record.
    /// </summary>
    /// <param name="mark">Where the store is to start, and the record that authorizes it.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the entries are gone, durably.</returns>
    /// <exception cref="NotSupportedException">The store cannot prune (the default).</exception>
    /// <exception cref="AuditStoreException">The prune was refused (<see cref="AuditErrorCodes.PruneRefused"/>); nothing was removed.</exception>
    ValueTask PruneAsync(AuditPruneMark mark, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This audit store cannot prune entries.");
}
