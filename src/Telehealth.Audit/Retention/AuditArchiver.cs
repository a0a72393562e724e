using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// Applies the retention policy: entries older than <see cref="AuditOptions.RetentionPeriod"/> are
/// copied, in order, into self-contained bundles that verify offline, and each archive is recorded in
/// the log itself as an <c>audit.retention.archived</c> record (range, file name, SHA-256) covered by
/// a signed checkpoint. Nothing is deleted: the store keeps every entry, so later verification of
/// the log still covers the archived range and shows exactly what was archived and when.
/// </summary>
public sealed class AuditArchiver
{
    /// <summary>The action of the record that documents an archive.</summary>
    public const string ArchivedAction = "audit.retention.archived";

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

        await _log.AppendAsync(
            new AuditRecord
            {
                Actor = operatorActor,
                Action = ArchivedAction,
                Resource = new AuditResource("audit-log", _options.Origin),
                Extra =
                [
                    AuditField.Operational("range.from", from.ToString(CultureInfo.InvariantCulture)),
                    AuditField.Operational("range.to", to.ToString(CultureInfo.InvariantCulture)),
                    AuditField.Operational("bundle.name", name),
                    AuditField.Operational("bundle.sha256", digest),
                ],
            },
            cancellationToken).ConfigureAwait(false);
        await _log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return new AuditArchive(from, to, path, digest);
    }

    /// <summary>Finds where the last archive ended (from the log's own archive records) and where expired entries end.</summary>
    private async Task<(long ArchivedUpTo, long ExpiredUpTo)> ScanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long archivedUpTo = 0;
        long expiredUpTo = 0;
        var expiredPrefix = true;
        await foreach (var stored in _store.ReadAsync(0, cancellationToken).ConfigureAwait(false))
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
