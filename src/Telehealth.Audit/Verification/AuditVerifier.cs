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
    public static Task<AuditVerificationResult> VerifyAsync(IAuditStore store, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken = default) =>
        VerifyAsync(store, OptionsOf(trustedKeys), cancellationToken);

    /// <summary>
    /// Verifies the log held by a store: every entry, the chain, the tree against every stored and
    /// pinned checkpoint, and the hash tiles the store serves proofs from.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The trusted keys and pinned checkpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<AuditVerificationResult> VerifyAsync(IAuditStore store, AuditVerificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();
        string? latest;
        try
        {
            await foreach (var note in store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false))
            {
                notes.Add(note);
            }

            latest = await store.ReadLatestCheckpointAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        var count = await store.GetCountAsync(cancellationToken).ConfigureAwait(false);
        var pruned = await store.GetPruneMarkAsync(cancellationToken).ConfigureAwait(false);
        var frames = new FileSegmentReader.Frame[EntryBatchHasher.BatchSize];
        var stored = new StoredState(notes, latest, count, ReadStoreTile, pruned);
        return await VerifyAsync(Batches(store.ReadAsync(pruned?.FirstRetained ?? 0, cancellationToken), frames, cancellationToken), frames, stored, options, cancellationToken).ConfigureAwait(false);

        async ValueTask<TileFileState> ReadStoreTile(int level, long index, int width, byte[] destination)
        {
            if (width > TlogTiles.WidthAt(level, index, count))
            {
                return TileFileState.Missing;
            }

            try
            {
                await store.ReadTileAsync(level, index, width, destination, cancellationToken).ConfigureAwait(false);
                return TileFileState.Present;
            }
            catch (AuditException)
            {
                return TileFileState.Missing;
            }
        }
    }

    /// <summary>
    /// Verifies a file store's directory as it is on disk — without opening the store, taking its
    /// lock or repairing anything — so a copy or a damaged log can be examined.
    /// </summary>
    /// <param name="directory">The store directory.</param>
    /// <param name="trustedKeys">The verifier keys whose checkpoints are trusted.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static Task<AuditVerificationResult> VerifyDirectoryAsync(string directory, IEnumerable<CheckpointVerifierKey> trustedKeys, CancellationToken cancellationToken = default) =>
        VerifyDirectoryAsync(directory, OptionsOf(trustedKeys), cancellationToken);

    /// <summary>
    /// Verifies a file store's directory as it is on disk — without opening the store, taking its
    /// lock or repairing anything: every segment, <c>checkpoints.log</c> and the <c>checkpoint</c>
    /// file, the head, and every hash tile (a store written before tiles existed has none, and then
    /// none are checked).
    /// </summary>
    /// <param name="directory">The store directory.</param>
    /// <param name="options">The trusted keys and pinned checkpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<AuditVerificationResult> VerifyDirectoryAsync(string directory, AuditVerificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        List<string> notes;
        string? latest;
        (long Count, byte[] LastHash)? head;
        AuditPruneMark? pruned;
        var logExists = File.Exists(Path.Combine(directory, CheckpointFiles.LogFileName));
        try
        {
            notes = await Task.Run(() => CheckpointFiles.ReadAll(directory), cancellationToken).ConfigureAwait(false);
            latest = CheckpointFiles.ReadLatest(directory);
            head = HeadFile.Read(directory);
            pruned = PruneFile.Read(directory);
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        var tiles = new FileTiles(directory);
        if (!logExists && (latest is not null || HasPartialTiles(directory)))
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.CheckpointMissing, 0, "checkpoints.log is missing, but the store holds evidence of signed checkpoints (the checkpoint file or tiles published with them).", 0);
        }

        var segments = FileSegmentReader.ListSegments(directory);
        var frames = new FileSegmentReader.Frame[EntryBatchHasher.BatchSize];
        var stored = new StoredState(notes, latest, head?.Count, tiles.Any() ? ReadFileTile : null, pruned);
        return await VerifyAsync(FileSegmentReader.ReadBatchesAsync(segments, pruned?.FirstRetained ?? 0, long.MaxValue, frames, cancellationToken), frames, stored, options, cancellationToken).ConfigureAwait(false);

        ValueTask<TileFileState> ReadFileTile(int level, long index, int width, byte[] destination) =>
            ValueTask.FromResult(tiles.TryRead(level, index, width, destination));
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

    private static AuditVerificationOptions OptionsOf(IEnumerable<CheckpointVerifierKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var options = new AuditVerificationOptions();
        foreach (var key in trustedKeys)
        {
            options.TrustedKeys.Add(key);
        }

        return options;
    }

    private static bool HasPartialTiles(string directory)
    {
        var tiles = Path.Combine(directory, "tile");
        return System.IO.Directory.Exists(tiles)
            && System.IO.Directory.EnumerateDirectories(tiles, "*.p", SearchOption.AllDirectories).Any();
    }

    /// <summary>
    /// Checks the checkpoint signatures, then the entries batch by batch as <paramref name="batches"/>
    /// fills <paramref name="frames"/>, then the tree roots at the stored and pinned checkpoint sizes,
    /// and the tiles the store persists.
    /// </summary>
    private static async Task<AuditVerificationResult> VerifyAsync(IAsyncEnumerable<(long FirstPosition, int Count)> batches, FileSegmentReader.Frame[] frames, StoredState stored, AuditVerificationOptions options, CancellationToken cancellationToken)
    {
        var keys = options.TrustedKeys.ToList();
        if (VerifyCheckpoints(stored.Notes, keys, out var checkpoints) is { } failure)
        {
            return failure;
        }

        if (stored.LatestNote is { } latestNote)
        {
            var latest = SignedCheckpoint.Parse(latestNote);
            if (!latest.IsSignedByAny(keys))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.BadSignature, latest.Checkpoint.TreeSize, "The newest checkpoint the store keeps apart (the checkpoint file) is not signed by a trusted key.", 0);
            }

            if (checkpoints.Count == 0 || latest.Checkpoint.TreeSize > checkpoints[^1].TreeSize)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.CheckpointMissing, latest.Checkpoint.TreeSize, $"The store's newest checkpoint ({latest.Checkpoint.TreeSize} entries) is missing from its checkpoint history: checkpoints were removed.", 0);
            }

            checkpoints.Add(latest.Checkpoint);
        }

        var pinned = new List<Checkpoint>();
        foreach (var pin in options.PinnedCheckpoints)
        {
            if (!pin.IsSignedByAny(keys))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.BadSignature, pin.Checkpoint.TreeSize, "A pinned checkpoint is not signed by a trusted key.", 0);
            }

            pinned.Add(pin.Checkpoint);
        }

        var tileChecker = stored.ReadTile is { } readTile ? new TileChecker(readTile) : null;
        using var hasher = new EntryBatchHasher(checkpoints.Concat(pinned).Select(c => c.TreeSize), tileChecker is null ? null : tileChecker.AddNode);
        var previousHash = new byte[MerkleHash.Size];
        var expected = 0L;
        if (stored.Pruned is { } pruned)
        {
            if (await StartAfterPruneAsync(pruned, stored, checkpoints.Concat(pinned), hasher, tileChecker, previousHash, cancellationToken).ConfigureAwait(false) is { } pruneFailure)
            {
                return pruneFailure;
            }

            expected = pruned.FirstRetained;
        }

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
                        // Where does the entry that belongs here stand? Reading on reuses the frames' memory;
                        // nothing of this batch is needed after it.
                        var found = await FindSequenceAsync(enumerator, frames, i + 1, count, expected, more).ConfigureAwait(false);
                        return found is { } at
                            ? AuditVerificationResult.Failed(AuditVerificationFailure.Reordered, expected, $"Entry {sequence} stands at position {expected}, where entry {expected} belongs; entry {expected} stands at position {at}.", expected)
                            : AuditVerificationResult.Failed(AuditVerificationFailure.Missing, expected, $"Entries from {expected} to {sequence - 1} are missing.", expected);
                    }

                    if (sequence < expected)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Inserted, expected, $"The entry at position {expected} claims sequence {sequence}, which stands earlier: it was inserted.", expected);
                    }

                    if (!data.Slice(9, MerkleHash.Size).SequenceEqual(previousHash))
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, Math.Max(0, expected - 1), "The hash chain is broken: an entry's predecessor was changed.", expected);
                    }

                    if (hasher.DecodeError(i) is { } decodeError)
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, decodeError, expected);
                    }

                    if (stored.Pruned is { } mark && expected == mark.AuthorizingSequence && !AuthorizesPrune(data, mark))
                    {
                        return AuditVerificationResult.Failed(AuditVerificationFailure.Missing, 0, $"Entries before {mark.FirstRetained} are gone, and entry {expected} is not the record that would authorize their prune.", expected - mark.FirstRetained);
                    }

                    hasher.Leaf(i).CopyTo(previousHash);
                    tileChecker?.AddLeaf(previousHash);
                    expected++;
                }

                hasher.AppendToTree();
                if (tileChecker is not null && await tileChecker.CheckCompletedAsync().ConfigureAwait(false) is { } tileFailure)
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, tileFailure.Position, tileFailure.Message, expected);
                }

                if (readFailure is not null)
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, readFailure.Position ?? expected, readFailure.Message, expected);
                }
            }
        }

        var firstRetained = stored.Pruned?.FirstRetained ?? 0;
        if (stored.Pruned is { } authorizing && (authorizing.AuthorizingSequence >= expected || authorizing.AuthorizingSequence >= checkpoints.Concat(pinned).Select(c => c.TreeSize).DefaultIfEmpty(0).Max()))
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Missing, 0, $"Entries before {authorizing.FirstRetained} are gone, and no signed record authorizes their prune.", expected - firstRetained);
        }

        foreach (var checkpoint in checkpoints.Where(c => c.TreeSize >= firstRetained))
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

        foreach (var pin in pinned.Where(c => c.TreeSize >= firstRetained))
        {
            if (pin.TreeSize > expected)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.InconsistentWithPinnedCheckpoint, expected, $"A pinned checkpoint covers {pin.TreeSize} entries but the log ends at {expected}: the log was rolled back.", expected);
            }

            if (!CryptographicOperations.FixedTimeEquals(hasher.Root(pin.TreeSize), pin.RootHash.Span))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.InconsistentWithPinnedCheckpoint, pin.TreeSize, $"The log's tree at {pin.TreeSize} entries differs from a pinned checkpoint's: history it covers was rewritten.", expected);
            }
        }

        if (stored.AcknowledgedCount is { } acknowledged && acknowledged > expected)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Missing, expected, $"The store acknowledged {acknowledged} entries but holds {expected}: entries were removed from its end.", expected);
        }

        if (tileChecker is not null && await tileChecker.FinishAsync(expected, checkpoints.Select(c => c.TreeSize)).ConfigureAwait(false) is { } finalTileFailure)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, finalTileFailure.Position, finalTileFailure.Message, expected);
        }

        if (expected > 0 && checkpoints.Count == 0 && pinned.Count == 0)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.NoTrustedCheckpoint, 0, $"The {expected} entries are consistent with each other, but no checkpoint signed by a trusted key covers any of them.", expected);
        }

        return AuditVerificationResult.Valid(expected, checkpoints.DistinctBy(c => c.TreeSize).ToList(), pinned, firstRetained);
    }

    /// <summary>
    /// Prepares verification of a pruned store from its first retained entry: the tree of the pruned
    /// entries comes from the store's tiles, and checkpoints within it are checked against those
    /// tiles. Returns a failure, or null.
    /// </summary>
    private static async Task<AuditVerificationResult?> StartAfterPruneAsync(AuditPruneMark pruned, StoredState stored, IEnumerable<Checkpoint> checkpoints, EntryBatchHasher hasher, TileChecker? tileChecker, byte[] previousHash, CancellationToken cancellationToken)
    {
        var start = pruned.FirstRetained;
        if (stored.ReadTile is not { } readTile)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, start, $"The store was pruned below entry {start} but keeps no tiles of the tree before it.", 0);
        }

        async ValueTask<bool> ReadPrefixAsync(int level, long index, int width, byte[] destination)
        {
            var full = new byte[TlogTiles.FullTileBytes];
            if (await readTile(level, index, TlogTiles.Width, full).ConfigureAwait(false) == TileFileState.Present)
            {
                full.AsSpan(0, width * MerkleHash.Size).CopyTo(destination);
                return true;
            }

            if (level == 0)
            {
                return false;
            }

            using var hasher = new MerkleHasher();
            var scratch = new byte[TlogTiles.FullTileBytes / 2];
            for (var j = 0; j < width; j++)
            {
                if (!await ReadPrefixAsync(level - 1, (index * TlogTiles.Width) + j, TlogTiles.Width, full).ConfigureAwait(false))
                {
                    return false;
                }

                MerkleFrontier.PerfectSubtreeRoot(hasher, full, scratch, destination.AsSpan(j * MerkleHash.Size, MerkleHash.Size));
            }

            return true;
        }

        var tree = new TileTree(async (level, index, width, destination, _) =>
        {
            var buffer = new byte[width * MerkleHash.Size];
            if (!await ReadPrefixAsync(level, index, width, buffer).ConfigureAwait(false))
            {
                throw Errors.TileDamaged(TlogTiles.HashTilePath(level, index, width), index << (TlogTiles.Height * (level + 1)));
            }

            buffer.CopyTo(destination);
        });
        try
        {
            var last = await tree.SubtreeHashAsync(start - 1, start, start, cancellationToken).ConfigureAwait(false);
            last.CopyTo(previousHash);
            var seeds = new List<(int, byte[])>();
            var position = 0L;
            for (var level = 62; level >= 0; level--)
            {
                if ((start & (1L << level)) != 0)
                {
                    seeds.Add((level, await tree.SubtreeHashAsync(position, position + (1L << level), start, cancellationToken).ConfigureAwait(false)));
                    position += 1L << level;
                }
            }

            hasher.Seed(seeds);
            foreach (var checkpoint in checkpoints.Where(c => c.TreeSize < start))
            {
                if (!CryptographicOperations.FixedTimeEquals(await tree.RootAsync(checkpoint.TreeSize, cancellationToken).ConfigureAwait(false), checkpoint.RootHash.Span))
                {
                    return AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, checkpoint.TreeSize, $"The tiles of the pruned entries do not hash to the root of the checkpoint of {checkpoint.TreeSize} entries.", 0);
                }
            }
        }
        catch (AuditStoreException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, ex.Position ?? start, ex.Message, 0);
        }

        return tileChecker is not null && await tileChecker.StartAtAsync(start, ReadPrefixAsync).ConfigureAwait(false) is { } failure
            ? AuditVerificationResult.Failed(AuditVerificationFailure.TileMismatch, failure.Position, failure.Message, 0)
            : null;
    }

    private static bool AuthorizesPrune(ReadOnlySpan<byte> data, AuditPruneMark mark)
    {
        var record = AuditEntry.Decode(data).Record;
        return record.Action == AuditArchiver.PrunedAction
            && record.Extra.FirstOrDefault(f => f.Name == "range.to")?.Value == mark.FirstRetained.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads on from frame <paramref name="from"/> of the current batch, through later batches, for
    /// the entry claiming <paramref name="sequence"/>; returns its position, or null if it is not there.
    /// </summary>
    private static async ValueTask<long?> FindSequenceAsync(IAsyncEnumerator<(long FirstPosition, int Count)> enumerator, FileSegmentReader.Frame[] frames, int from, int count, long sequence, bool more)
    {
        var position = sequence + 1;
        try
        {
            while (true)
            {
                for (var i = from; i < count; i++, position++)
                {
                    if (FileSegmentFormat.SequenceOf(frames[i].Data.Span) == sequence)
                    {
                        return position;
                    }
                }

                if (!more || !await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    return null;
                }

                (from, count) = (0, enumerator.Current.Count);
            }
        }
        catch (AuditFormatException)
        {
            return null;
        }
    }

    /// <summary>What a store keeps beside its entries, for the verifier to compare.</summary>
    private sealed record StoredState(List<string> Notes, string? LatestNote, long? AcknowledgedCount, Func<int, long, int, byte[], ValueTask<TileFileState>>? ReadTile, AuditPruneMark? Pruned);

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
}
