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
}
