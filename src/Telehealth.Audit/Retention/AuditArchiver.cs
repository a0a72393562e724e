using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// Applies the retention policy: entries older than <see cref="AuditOptions.RetentionPeriod"/> are
/// copied, in order, into self-contained bundles that verify offline, and each archive is recorded in
/// the log itself as an <c>audit.retention.archived</c> record (range, file name, SHA-256) covered by
/// a signed checkpoint. Archiving deletes nothing; <see cref="PruneArchivedAsync"/> then removes
/// archived entries from the live store, after checking every bundle again, as a signed and audited
/// <c>audit.retention.pruned</c> event. The tree's tiles stay, so proofs and consistency for the
/// entries kept, and verification of the store from its first retained entry, still work.
/// </summary>
public sealed class AuditArchiver
{
    /// <summary>The action of the record that documents an archive.</summary>
    public const string ArchivedAction = "audit.retention.archived";

    /// <summary>The action of the record that documents a prune.</summary>
    public const string PrunedAction = "audit.retention.pruned";

    private readonly AuditLog _log;
    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="AuditArchiver"/> class.</summary>
    /// <param name="log">The audit log.</param>
    /// <param name="store">The log's store.</param>
    /// <param name="options">The audit options (retention period).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public AuditArchiver(AuditLog log, IAuditStore store, IOptions<AuditOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _log = log;
        _store = store;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Archives every entry that has passed the retention period and is not archived yet, in bundles of
    /// at most <paramref name="maxEntriesPerBundle"/> entries, into <paramref name="archiveDirectory"/>.
    /// Each bundle is verified against the log's keys before it is recorded; a bundle that does not
    /// verify stops the run with an <see cref="AuditStoreException"/> and is not recorded.
    /// </summary>
    /// <param name="archiveDirectory">Where the bundle files go (created if missing).</param>
    /// <param name="operatorActor">Who runs the archive (a person or the scheduler's service identity).</param>
    /// <param name="maxEntriesPerBundle">The most entries in one bundle.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The archives made by this run, oldest first.</returns>
    public async Task<IReadOnlyList<AuditArchive>> ArchiveExpiredAsync(string archiveDirectory, AuditActor operatorActor, int maxEntriesPerBundle = 100_000, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveDirectory);
        ArgumentNullException.ThrowIfNull(operatorActor);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntriesPerBundle, 1);
        OwnerOnlyFiles.CreateDirectory(archiveDirectory);
        var cutoff = _time.GetUtcNow() - _options.RetentionPeriod;
        var (archivedUpTo, expiredUpTo) = await ScanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var archives = new List<AuditArchive>();
        for (var from = archivedUpTo; from < expiredUpTo; from += maxEntriesPerBundle)
        {
            var to = Math.Min(expiredUpTo, from + maxEntriesPerBundle);
            archives.Add(await ArchiveRangeAsync(archiveDirectory, from, to, operatorActor, cancellationToken).ConfigureAwait(false));
        }

        return archives;
    }

    private async Task<AuditArchive> ArchiveRangeAsync(string directory, long from, long to, AuditActor operatorActor, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"audit-{from:D20}-{to:D20}.jsonl");
        var path = Path.Combine(directory, name);
        var partial = path + ".partial";
        using (var stream = OwnerOnlyFiles.Open(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            await _log.ExportBundleAsync(stream, from, to, operatorActor, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            stream.Position = 0;
            var verification = await AuditVerifier.VerifyBundleAsync(stream, _log.VerifierKeys, cancellationToken).ConfigureAwait(false);
            if (!verification.IsValid || verification.EntriesVerified != to - from)
            {
                throw Errors.ArchiveUnverified();
            }
        }

        File.Move(partial, path, overwrite: false);
        string digest;
        using (var file = File.OpenRead(path))
        {
            digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }

        await _log.AppendAsync(RetentionRecord(ArchivedAction, operatorActor, from, to, AuditField.Operational("bundle.name", name), AuditField.Operational("bundle.sha256", digest)), cancellationToken).ConfigureAwait(false);
        await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return new AuditArchive(from, to, path, digest);
    }

    /// <summary>
    /// Removes from the live store the entries that are archived, as far as whole store units (segment
    /// files) allow and a signed checkpoint covers. Before anything is removed, every bundle covering
    /// the range must be in <paramref name="archiveDirectory"/>, match the SHA-256 the log recorded for
    /// it and verify offline against the log's keys; then an <see cref="PrunedAction"/> record (range,
    /// bundle count) is appended and signed, and only then does the store remove the entries.
    /// </summary>
    /// <param name="archiveDirectory">Where the archive bundles are.</param>
    /// <param name="operatorActor">Who runs the prune.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The new prune mark, or <see langword="null"/> when no whole unit is archived yet.</returns>
    /// <exception cref="AuditStoreException">A bundle is missing, changed or does not verify (<see cref="AuditErrorCodes.PruneRefused"/>, naming each); nothing was removed or recorded.</exception>
    /// <exception cref="NotSupportedException">The store cannot prune.</exception>
    public async Task<AuditPruneMark?> PruneArchivedAsync(string archiveDirectory, AuditActor operatorActor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveDirectory);
        ArgumentNullException.ThrowIfNull(operatorActor);
        var first = (await _store.GetPruneMarkAsync(cancellationToken).ConfigureAwait(false))?.FirstRetained ?? 0;
        var archives = await ReadArchivesAsync(first, cancellationToken).ConfigureAwait(false);
        var covered = first;
        foreach (var archive in archives.OrderBy(a => a.FromSequence))
        {
            covered = archive.FromSequence <= covered ? Math.Max(covered, archive.ToSequence) : covered;
        }

        var signed = (await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false)).Checkpoint.TreeSize;
        var boundary = await _store.GetPruneBoundaryAsync(Math.Min(covered, signed), cancellationToken).ConfigureAwait(false);
        if (boundary <= first)
        {
            return null;
        }

        var needed = archives.Where(a => a.ToSequence > first && a.FromSequence < boundary).ToList();
        var blockers = new List<string>();
        foreach (var archive in needed)
        {
            blockers.AddRange(await CheckBundleAsync(archiveDirectory, archive, cancellationToken).ConfigureAwait(false));
        }

        if (blockers.Count > 0)
        {
            throw Errors.PruneRefused(blockers);
        }

        var record = await _log.AppendAsync(RetentionRecord(PrunedAction, operatorActor, first, boundary, AuditField.Operational("bundle.count", needed.Count.ToString(CultureInfo.InvariantCulture))), cancellationToken).ConfigureAwait(false);
        await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        var mark = new AuditPruneMark(boundary, record.Sequence);
        await _store.PruneAsync(mark, cancellationToken).ConfigureAwait(false);
        return mark;
    }

    /// <summary>The record documenting a retention step over entries [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private AuditRecord RetentionRecord(string action, AuditActor operatorActor, long from, long to, params AuditField[] more) => new()
    {
        Actor = operatorActor,
        Action = action,
        Resource = new AuditResource("audit-log", _options.Origin),
        Extra =
        [
            AuditField.Operational("range.from", from.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("range.to", to.ToString(CultureInfo.InvariantCulture)),
            .. more,
        ],
    };

    /// <summary>Reads the archive records from <paramref name="first"/> on.</summary>
    private async Task<List<AuditArchive>> ReadArchivesAsync(long first, CancellationToken cancellationToken)
    {
        var archives = new List<AuditArchive>();
        await foreach (var stored in _store.ReadAsync(first, cancellationToken).ConfigureAwait(false))
        {
            var record = AuditEntry.Decode(stored.Data.Span).Record;
            if (record.Action == ArchivedAction
                && Field(record, "range.from") is { } from && long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var fromSequence)
                && Field(record, "range.to") is { } to && long.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var toSequence)
                && Field(record, "bundle.name") is { } name
                && Field(record, "bundle.sha256") is { } digest)
            {
                archives.Add(new AuditArchive(fromSequence, toSequence, name, digest));
            }
        }

        return archives;

        static string? Field(AuditRecord record, string name) => record.Extra.FirstOrDefault(f => f.Name == name)?.Value;
    }

    /// <summary>What is wrong with an archive's bundle file, if anything.</summary>
    private async Task<List<string>> CheckBundleAsync(string directory, AuditArchive archive, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(archive.Path);
        var path = Path.Combine(directory, name);
        if (name != archive.Path || !File.Exists(path))
        {
            return [$"bundle {name} (entries {archive.FromSequence} to {archive.ToSequence - 1}) is not in the archive directory"];
        }

        var file = File.OpenRead(path);
        await using var disposeFile = file.ConfigureAwait(false);
        var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        if (digest != archive.Sha256)
        {
            return [$"bundle {name} does not match the SHA-256 the log recorded for it"];
        }

        file.Position = 0;
        var verification = await AuditVerifier.VerifyBundleAsync(file, _log.VerifierKeys, cancellationToken).ConfigureAwait(false);
        return verification.IsValid && verification.EntriesVerified == archive.ToSequence - archive.FromSequence
            ? []
            : [$"bundle {name} does not verify ({verification.Failure})"];
    }

    /// <summary>Finds where the last archive ended (from the log's own archive records) and where expired entries end.</summary>
    private async Task<(long ArchivedUpTo, long ExpiredUpTo)> ScanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var first = (await _store.GetPruneMarkAsync(cancellationToken).ConfigureAwait(false))?.FirstRetained ?? 0;
        long archivedUpTo = first;
        long expiredUpTo = first;
        var expiredPrefix = true;
        await foreach (var stored in _store.ReadAsync(first, cancellationToken).ConfigureAwait(false))
        {
            var record = AuditEntry.Decode(stored.Data.Span).Record;
            if (expiredPrefix && record.OccurredAt < cutoff)
            {
                expiredUpTo = stored.Position + 1;
            }
            else
            {
                expiredPrefix = false;
            }

            if (record.Action == ArchivedAction
                && record.Extra.FirstOrDefault(f => f.Name == "range.to") is { } end
                && long.TryParse(end.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                archivedUpTo = Math.Max(archivedUpTo, to);
            }
        }

        return (archivedUpTo, expiredUpTo);
    }
}
