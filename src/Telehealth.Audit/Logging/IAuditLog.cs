namespace Telehealth.Audit;

/// <summary>
/// The audit log: append records, get Merkle proofs and signed checkpoints, query and export.
/// Register it with <c>services.AddTelehealthAudit(...)</c>.
/// </summary>
public interface IAuditLog
{
    /// <summary>Validates, redacts and durably appends a record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The record's sequence number and leaf hash, once durable.</returns>
    /// <exception cref="AuditRecordRejectedException">The record breaks a rule; nothing was stored.</exception>
    ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Makes, signs and stores a checkpoint of the current tree now (normally done on a cadence).</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The newest checkpoint (unchanged if nothing was appended since the last one).</returns>
    ValueTask<SignedCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the proof that entry <paramref name="sequence"/> is in the tree of <paramref name="treeSize"/> entries.</summary>
    /// <param name="sequence">The entry's sequence number.</param>
    /// <param name="treeSize">The tree size, usually that of a signed checkpoint.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The proof.</returns>
    ValueTask<InclusionProof> GetInclusionProofAsync(long sequence, long treeSize, CancellationToken cancellationToken = default);

    /// <summary>Gets the proof that the tree of <paramref name="firstSize"/> entries is a prefix of the tree of <paramref name="secondSize"/>.</summary>
    /// <param name="firstSize">The earlier tree size.</param>
    /// <param name="secondSize">The later tree size.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The proof.</returns>
    ValueTask<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default);

    /// <summary>Finds entries matching a query, one page at a time. The read is itself audited as <c>audit.read</c>.</summary>
    /// <param name="query">What to look for.</param>
    /// <param name="reader">Who is reading the audit log.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>One page of matching entries.</returns>
    ValueTask<AuditPage> QueryAsync(AuditQuery query, AuditActor reader, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a self-contained, offline-verifiable JSON Lines bundle of the entries in
    /// [<paramref name="fromSequence"/>, <paramref name="toSequence"/>) with their inclusion proofs and
    /// the covering signed checkpoint. The export is itself audited as <c>audit.export</c>.
    /// </summary>
    /// <param name="destination">Where to write the bundle.</param>
    /// <param name="fromSequence">The first entry.</param>
    /// <param name="toSequence">The end of the range (exclusive); at most the newest checkpoint's tree size.</param>
    /// <param name="exporter">Who is exporting.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the bundle is written.</returns>
    Task ExportBundleAsync(Stream destination, long fromSequence, long toSequence, AuditActor exporter, CancellationToken cancellationToken = default);
}
