using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
            notes = await Task.Run(() => CheckpointFiles.ReadAll(directory), cancellationToken).ConfigureAwait(false);
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        var segments = FileSegmentReader.ListSegments(directory);
        var frames = new FileSegmentReader.Frame[EntryBatchHasher.BatchSize];
        return await VerifyAsync(FileSegmentReader.ReadBatchesAsync(segments, 0, long.MaxValue, frames, cancellationToken), frames, notes, trustedKeys, cancellationToken).ConfigureAwait(false);
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

    private static Task<AuditVerificationResult> VerifyAsync(IAsyncEnumerable<AuditStoredEntry> entries, List<string> notes, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken)
    {
        var frames = new FileSegmentReader.Frame[EntryBatchHasher.BatchSize];
        return VerifyAsync(Batches(entries, frames, cancellationToken), frames, notes, trustedKeys, cancellationToken);
    }

    /// <summary>Parses every stored checkpoint and checks it is signed by a trusted key; returns the first failure, or <see langword="null"/>.</summary>
    internal static AuditVerificationResult? VerifyCheckpoints(IEnumerable<string> notes, IReadOnlyCollection<CheckpointVerifierKey> keys, out List<Checkpoint> checkpoints)
    {
        checkpoints = [];
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

        return null;
    }

    /// <summary>
    /// Checks the checkpoint signatures, then the entries batch by batch as <paramref name="batches"/>
    /// fills <paramref name="frames"/>, then the tree roots at the checkpoint sizes.
    /// </summary>
    private static async Task<AuditVerificationResult> VerifyAsync(IAsyncEnumerable<(long FirstPosition, int Count)> batches, FileSegmentReader.Frame[] frames, List<string> notes, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (VerifyCheckpoints(notes, trustedKeys.ToList(), out var checkpoints) is { } failure)
        {
            return failure;
        }

        using var hasher = new EntryBatchHasher(checkpoints.Select(c => c.TreeSize));
        var previousHash = new byte[MerkleHash.Size];
        var expected = 0L;
        var enumerator = batches.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            AuditFormatException? readFailure = null;
            var more = true;
            while (more)
            {
                var count = 0;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    count = more ? enumerator.Current.Count : 0;
                }
                catch (AuditFormatException ex)
                {
                    readFailure = ex;
                    more = false;
                }

                hasher.Hash(frames, count);
                for (var i = 0; i < count; i++)
                {
                    var data = frames[i].Data.Span;
                    if (!hasher.HashMatches(i))
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, expected, "An entry's bytes do not match the hash stored with it.", expected);
                    }

                    if (data.Length < 9 + MerkleHash.Size)
                    {
                        // Too short to hold a sequence number and a predecessor hash: not an entry at all.
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, hasher.DecodeError(i) ?? "An entry is too short.", expected);
                    }

                    var sequence = FileSegmentFormat.SequenceOf(data);
                    if (sequence > expected)
                    {
                        // Reading the next batch reuses the frames' memory; nothing here is needed after it.
                        var next = i + 1 < count ? FileSegmentFormat.SequenceOf(frames[i + 1].Data.Span) : await PeekSequenceAsync(enumerator, frames, more).ConfigureAwait(false);
                        return next == expected
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

                    if (hasher.DecodeError(i) is { } decodeError)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, decodeError, expected);
                    }

                    hasher.Leaf(i).CopyTo(previousHash);
                    expected++;
                }

                hasher.AppendToTree();
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

            if (!CryptographicOperations.FixedTimeEquals(hasher.Root(checkpoint.TreeSize), checkpoint.RootHash.Span))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, checkpoint.TreeSize, "The entries do not hash to a signed checkpoint's root: history before it was rewritten.", expected);
            }
        }

        return AuditVerificationResult.Valid(expected, checkpoints);
    }

    /// <summary>
    /// Groups a store's entries into batches of frames. An entry that cannot be read fails the
    /// request after the batch of the entries before it, as the file reader does.
    /// </summary>
    private static async IAsyncEnumerable<(long FirstPosition, int Count)> Batches(IAsyncEnumerable<AuditStoredEntry> entries, FileSegmentReader.Frame[] frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = entries.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            var count = 0;
            var first = 0L;
            while (true)
            {
                AuditFormatException? failure = null;
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (AuditFormatException ex)
                {
                    failure = ex;
                    more = false;
                }

                if (more)
                {
                    var entry = enumerator.Current;
                    first = count == 0 ? entry.Position : first;
                    frames[count++] = new FileSegmentReader.Frame(entry.Data, entry.StoredLeafHash);
                    if (count < frames.Length)
                    {
                        continue;
                    }
                }

                if (count > 0)
                {
                    yield return (first, count);
                    count = 0;
                }

                if (!more)
                {
                    if (failure is not null)
                    {
                        ExceptionDispatchInfo.Throw(failure);
                    }

                    yield break;
                }
            }
        }
    }

    private static async ValueTask<long?> PeekSequenceAsync(IAsyncEnumerator<(long FirstPosition, int Count)> enumerator, FileSegmentReader.Frame[] frames, bool more)
    {
        try
        {
            return more && await enumerator.MoveNextAsync().ConfigureAwait(false) ? FileSegmentFormat.SequenceOf(frames[0].Data.Span) : null;
        }
        catch (AuditFormatException)
        {
            return null;
        }
    }
}
