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
        var leaf = new byte[MerkleHash.Size];
        var expected = 0L;
        var enumerator = entries.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            AuditStoredEntry? lookahead = null;
            while (true)
            {
                AuditStoredEntry current;
                if (lookahead is not null)
                {
                    current = lookahead;
                    lookahead = null;
                }
                else
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (AuditFormatException ex)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, ex.Position ?? expected, ex.Message, expected);
                    }

                    current = enumerator.Current;
                }

                var data = current.Data.Span;
                MerkleHash.Leaf(data, leaf);
                if (!CryptographicOperations.FixedTimeEquals(leaf, current.StoredLeafHash.Span))
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, expected, "An entry's bytes do not match the hash stored with it.", expected);
                }

                var sequence = FileSegmentFormat.SequenceOf(data);
                if (sequence != expected)
                {
                    if (sequence > expected)
                    {
                        AuditStoredEntry? next = null;
                        try
                        {
                            next = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
                        }
                        catch (AuditFormatException)
                        {
                            next = null;
                        }

                        var swapped = next is not null && FileSegmentFormat.SequenceOf(next.Data.Span) == expected;
                        return swapped
                            ? AuditVerificationResult.Failed(AuditVerificationFailure.Reordered, expected, $"Entry {sequence} stands where entry {expected} belongs.", expected)
                            : AuditVerificationResult.Failed(AuditVerificationFailure.Missing, expected, $"Entries from {expected} to {sequence - 1} are missing.", expected);
                    }

                    return AuditVerificationResult.Failed(AuditVerificationFailure.Inserted, sequence, $"A second entry claiming sequence {sequence} was inserted (found at position {expected}).", expected);
                }

                if (!data.Slice(9, MerkleHash.Size).SequenceEqual(previousHash))
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, Math.Max(0, expected - 1), "The hash chain is broken: an entry's predecessor was changed.", expected);
                }

                try
                {
                    _ = AuditEntryCodec.Decode(data);
                }
                catch (AuditFormatException ex)
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, ex.Message, expected);
                }

                tree.Append(leaf);
                leaf.CopyTo(previousHash, 0);
                expected++;
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
}
