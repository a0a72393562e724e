using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// A log checkpoint in the C2SP tlog-checkpoint body format: origin, tree size, base64 root hash,
/// and one extension line <c>timestamp &lt;unix milliseconds&gt;</c>.
/// </summary>
public sealed class Checkpoint
{
    private readonly byte[] _rootHash;

    /// <summary>Initializes a new instance of the <see cref="Checkpoint"/> class.</summary>
    /// <param name="origin">
    /// The log's origin line, unique to the log, such as <c>audit.clinic.example/log</c>: any non-empty line
    /// without control characters, as C2SP tlog-checkpoint allows.
    /// </param>
    /// <param name="treeSize">The number of entries the checkpoint commits to.</param>
    /// <param name="rootHash">The 32-byte Merkle root hash of those entries.</param>
    /// <param name="timestamp">When the checkpoint was made.</param>
    public Checkpoint(string origin, long treeSize, ReadOnlySpan<byte> rootHash, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Length == 0 || origin.Any(c => c < ' ') || !UnicodeText.IsWellFormed(origin))
        {
            throw new ArgumentException("The origin must be a non-empty line of Unicode text without control characters.", nameof(origin));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        if (rootHash.Length != MerkleProofs.HashSize)
        {
            throw new ArgumentException("The root hash must be 32 bytes.", nameof(rootHash));
        }

        Origin = origin;
        TreeSize = treeSize;
        _rootHash = rootHash.ToArray();
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestamp.ToUnixTimeMilliseconds());
    }

    /// <summary>Gets the log origin.</summary>
    public string Origin { get; }

    /// <summary>Gets the tree size.</summary>
    public long TreeSize { get; }

    /// <summary>Gets the root hash.</summary>
    public ReadOnlyMemory<byte> RootHash => _rootHash;

    /// <summary>Gets when the checkpoint was made (UTC, millisecond precision).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the checkpoint body: the text that signatures cover.</summary>
    public string Body =>
        string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{TreeSize}\n{Convert.ToBase64String(_rootHash)}\ntimestamp {Timestamp.ToUnixTimeMilliseconds()}\n");

    /// <summary>Parses a checkpoint body.</summary>
    /// <param name="body">The body text.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="AuditFormatException">The body is malformed.</exception>
    public static Checkpoint ParseBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var lines = body.Split('\n');
        if (lines.Length != 5 || lines[4].Length != 0)
        {
            throw Errors.Checkpoint("the body must have four lines, each ending with a newline.");
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || lines[1] != size.ToString(CultureInfo.InvariantCulture))
        {
            throw Errors.Checkpoint("the tree size is not a canonical decimal number.");
        }

        var root = new byte[MerkleProofs.HashSize];
        if (!Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleProofs.HashSize || Convert.ToBase64String(root) != lines[2])
        {
            throw Errors.Checkpoint("the root hash is not 32 bytes of canonical base64.");
        }

        const string prefix = "timestamp ";
        if (!lines[3].StartsWith(prefix, StringComparison.Ordinal)
            || !long.TryParse(lines[3].AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw Errors.Checkpoint("the timestamp line is malformed.");
        }

        try
        {
            return new Checkpoint(lines[0], size, root, DateTimeOffset.FromUnixTimeMilliseconds(millis));
        }
        catch (ArgumentException ex)
        {
            throw Errors.Checkpoint("the origin line is invalid.", ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Checkpoint {Origin} size {TreeSize}";
}
