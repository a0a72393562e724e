using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// Verifies a whole log — every entry's hash, the hash chain, the sequence, the Merkle tree and
/// every checkpoint signature and root — or an exported bundle, offline. It needs only the trusted
/// verifier keys. Results name the first bad position and what is wrong; a verification never
/// reports "valid" because of an exception.
/// </summary>
public static class AuditVerifier
{
    private const int BatchSize = 8192;

    /// <summary>Verifies the log held by a store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="trustedKeys">The verifier keys whose checkpoints are trusted.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<AuditVerificationResult> VerifyAsync(IAuditStore store, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var notes = new List<string>();
        await foreach (var note in store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false))
        {
            notes.Add(note);
        }

        return await VerifyAsync(store.ReadAsync(0, cancellationToken), notes, trustedKeys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies a file store's directory as it is on disk — without opening the store, taking its
    /// lock or repairing anything — so a copy or a damaged log can be examined.
    /// </summary>
    /// <param name="directory">The store directory.</param>
    /// <param name="trustedKeys">The verifier keys whose checkpoints are trusted.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<AuditVerificationResult> VerifyDirectoryAsync(string directory, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        List<string> notes;
        try
        {
            notes = await FileAuditStore.ReadCheckpointFileAsync(directory, tolerateTornTail: false, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        var segments = FileSegmentReader.ListSegments(directory);
        return await VerifyAsync(FileSegmentReader.ReadAsync(segments, 0, long.MaxValue, cancellationToken), notes, trustedKeys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies an exported bundle offline: its checkpoint signature and every entry's inclusion proof.</summary>
    /// <param name="bundle">The bundle stream.</param>
    /// <param name="trustedKeys">The verifier keys whose checkpoints are trusted.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static Task<AuditVerificationResult> VerifyBundleAsync(Stream bundle, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        return AuditBundle.VerifyAsync(bundle, trustedKeys.ToList(), cancellationToken);
    }

    private static async Task<AuditVerificationResult> VerifyAsync(IAsyncEnumerable<AuditStoredEntry> entries, List<string> notes, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var keys = trustedKeys.ToList();
        var checkpoints = new List<Checkpoint>();
        foreach (var note in notes)
        {
            SignedCheckpoint signed;
            try
            {
                signed = SignedCheckpoint.Parse(note);
            }
            catch (AuditFormatException ex)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.BadSignature, 0, "A stored checkpoint is malformed: " + ex.Message, 0);
            }

            if (!signed.IsSignedByAny(keys))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.BadSignature, signed.Checkpoint.TreeSize, "A checkpoint is not signed by a trusted key.", 0);
            }

            checkpoints.Add(signed.Checkpoint);
        }

        var tree = new MerkleTree();
        var previousHash = new byte[MerkleHash.Size];
        var expected = 0L;
        var batch = new List<AuditStoredEntry>(BatchSize);
        var enumerator = entries.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            AuditFormatException? readFailure = null;
            var more = true;
            while (more)
            {
                batch.Clear();
                try
                {
                    while (batch.Count < BatchSize && (more = await enumerator.MoveNextAsync().ConfigureAwait(false)))
                    {
                        batch.Add(enumerator.Current);
                    }
                }
                catch (AuditFormatException ex)
                {
                    readFailure = ex;
                    more = false;
                }

                var checks = CheckEntries(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    var (leaf, hashMatches, decodeError) = checks[i];
                    var data = batch[i].Data.Span;
                    if (!hashMatches)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, expected, "An entry's bytes do not match the hash stored with it.", expected);
                    }

                    var sequence = FileSegmentFormat.SequenceOf(data);
                    if (sequence > expected)
                    {
                        var next = i + 1 < batch.Count ? batch[i + 1] : await PeekAsync(enumerator, more).ConfigureAwait(false);
                        return next is not null && FileSegmentFormat.SequenceOf(next.Data.Span) == expected
                            ? AuditVerificationResult.Failed(AuditVerificationFailure.Reordered, expected, $"Entry {sequence} stands where entry {expected} belongs.", expected)
                            : AuditVerificationResult.Failed(AuditVerificationFailure.Missing, expected, $"Entries from {expected} to {sequence - 1} are missing.", expected);
                    }

                    if (sequence < expected)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Inserted, sequence, $"A second entry claiming sequence {sequence} was inserted (found at position {expected}).", expected);
                    }

                    if (!data.Slice(9, MerkleHash.Size).SequenceEqual(previousHash))
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, Math.Max(0, expected - 1), "The hash chain is broken: an entry's predecessor was changed.", expected);
                    }

                    if (decodeError is not null)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, decodeError, expected);
                    }

                    tree.Append(leaf);
                    previousHash = leaf;
                    expected++;
                }

                if (readFailure is not null)
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, readFailure.Position ?? expected, readFailure.Message, expected);
                }
            }
        }

        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.TreeSize > expected)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.TruncatedAfterCheckpoint, expected, $"A signed checkpoint covers {checkpoint.TreeSize} entries but the log ends at {expected}.", expected);
            }

            if (!CryptographicOperations.FixedTimeEquals(tree.Root(checkpoint.TreeSize), checkpoint.RootHash.Span))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, checkpoint.TreeSize, "The entries do not hash to a signed checkpoint's root: history before it was rewritten.", expected);
            }
        }

        return AuditVerificationResult.Valid(expected, checkpoints);
    }

    /// <summary>
    /// The per-entry work that does not depend on order — the leaf hash, the stored-hash comparison
    /// and canonical decoding — done in parallel across cores; the order-dependent checks stay sequential.
    /// </summary>
    private static (byte[] Leaf, bool HashMatches, string? DecodeError)[] CheckEntries(List<AuditStoredEntry> batch)
    {
        var results = new (byte[], bool, string?)[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var data = batch[i].Data.Span;
            var leaf = MerkleHash.Leaf(data);
            var matches = CryptographicOperations.FixedTimeEquals(leaf, batch[i].StoredLeafHash.Span);
            string? error = null;
            try
            {
                _ = AuditEntryCodec.Decode(data);
            }
            catch (AuditFormatException ex)
            {
                error = ex.Message;
            }

            results[i] = (leaf, matches, error);
        });
        return results;
    }

    private static async ValueTask<AuditStoredEntry?> PeekAsync(IAsyncEnumerator<AuditStoredEntry> enumerator, bool more)
    {
        try
        {
            return more && await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
        }
        catch (AuditFormatException)
        {
            return null;
        }
    }
}
