namespace Telehealth.Crypto;

/// <summary>
/// Options of segmented streaming encryption (see FORMAT.md, Streaming). Invalid values are rejected
/// when set, so an options instance is always usable.
/// </summary>
public sealed class StreamEncryptionOptions
{
    /// <summary>The smallest segment size this library writes: 4 KiB.</summary>
    public const int MinSegmentSize = 4 * 1024;

    /// <summary>The largest segment size: 16 MiB.</summary>
    public const int MaxSegmentSize = 16 * 1024 * 1024;

    /// <summary>The largest accepted <see cref="MaxDegreeOfParallelism"/>.</summary>
    public const int MaxParallelism = 256;

    private int _segmentSize = 64 * 1024;
    private int _maxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxParallelism);

    /// <summary>
    /// Gets or sets the number of plaintext bytes per segment. Each segment adds a 16-byte tag; a reader
    /// holds about two segments in memory and a random-access read decrypts at least one whole segment.
    /// </summary>
    /// <value>The default is 65536 (64 KiB). Allowed: 4096 (4 KiB) to 16777216 (16 MiB).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the allowed range.</exception>
    public int SegmentSize
    {
        get => _segmentSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinSegmentSize);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSegmentSize);
            _segmentSize = value;
        }
    }

    /// <summary>
    /// Gets or sets how many workers bulk encryption runs at the same time, each reading, encrypting and
    /// writing its own units of segments (one segment, or as many as fill 256 KiB). Memory in use is
    /// about one unit per degree. The <see cref="SegmentedEncryptionStream"/> writer always uses one.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/>. Allowed: 1 to 256.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the allowed range.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxParallelism);
            _maxDegreeOfParallelism = value;
        }
    }
}
