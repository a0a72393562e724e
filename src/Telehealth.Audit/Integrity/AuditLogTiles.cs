using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// The log, read-only, in the C2SP tlog-tiles layout, so monitors and witnesses that speak the C2SP
/// protocols can follow it: <c>checkpoint</c> (the newest signed checkpoint), hash tiles
/// <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and entry bundles <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>.
/// Everything served lies within the newest checkpoint, so a client that fetched the checkpoint
/// finds every tile it needs; tiles and bundles never change once served, the checkpoint does.
/// A host maps a path prefix (the sample uses <c>/audit/log/</c>) to <see cref="ReadAsync"/>.
/// </summary>
public sealed class AuditLogTiles
{
    /// <summary>The largest entry an entry bundle can carry: its length is a 16-bit prefix.</summary>
    public const int MaxBundledEntryBytes = ushort.MaxValue;

    private readonly IAuditStore _store;

    /// <summary>Initializes a new instance of the <see cref="AuditLogTiles"/> class.</summary>
    /// <param name="store">The log's store.</param>
    public AuditLogTiles(IAuditStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Reads the resource at a tlog-tiles path (relative to the log's prefix, without a leading slash).</summary>
    /// <param name="path">The path, such as <c>checkpoint</c> or <c>tile/0/x001/234.p/17</c>.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The resource, or <see langword="null"/> when the path names nothing the log serves.</returns>
    /// <exception cref="AuditException">The store failed, or an entry is too large for an entry bundle.</exception>
    public async ValueTask<AuditLogResource?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (await _store.ReadLatestCheckpointAsync(cancellationToken).ConfigureAwait(false) is not { } note)
        {
            return null;
        }

        if (path == "checkpoint")
        {
            return new AuditLogResource(Encoding.UTF8.GetBytes(note), "text/plain; charset=utf-8", Immutable: false);
        }

        if (path.Length > 128 || !TlogTiles.TryParse(path, out var level, out var index, out var width))
        {
            return null;
        }

        var size = SignedCheckpoint.Parse(note).Checkpoint.TreeSize;
        if (width > TlogTiles.WidthAt(Math.Max(level, 0), index, size))
        {
            return null;
        }

        if (level >= 0)
        {
            var hashes = new byte[width * MerkleHash.Size];
            await _store.ReadTileAsync(level, index, width, hashes, cancellationToken).ConfigureAwait(false);
            return new AuditLogResource(hashes, "application/octet-stream", Immutable: true);
        }

        using var bundle = new MemoryStream();
        var count = 0;
        var prefix = new byte[2];
        await foreach (var entry in _store.ReadAsync(index * TlogTiles.Width, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Data.Length > MaxBundledEntryBytes)
            {
                throw Errors.Unexportable(entry.Position, "tlog-tiles entry bundle", $"the entry is longer than {MaxBundledEntryBytes} bytes.");
            }

            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)entry.Data.Length);
            bundle.Write(prefix);
            bundle.Write(entry.Data.Span);
            if (++count == width)
            {
                break;
            }
        }

        return count == width ? new AuditLogResource(bundle.ToArray(), "application/octet-stream", Immutable: true) : throw Errors.Format("the store holds fewer entries than its newest checkpoint.");
    }
}
