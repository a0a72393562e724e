using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Versioned HMAC-SHA256 keys with one primary. <see cref="ComputeTag(ReadOnlySpan{byte}, Span{byte})"/>
/// tags with the primary key and writes its version into the tag, so a tag keeps verifying after
/// another version is promoted, for as long as its version stays in the set.
/// </summary>
/// <remarks>
/// Tag layout (<see cref="TagSize"/> bytes): format byte <c>0x01</c>, key version as a 32-bit
/// big-endian integer, then HMAC-SHA256(key, data). See FORMAT.md, Integrity. The set does not own
/// its keys: dispose them once no set uses them. Safe for concurrent use; changes replace an
/// immutable snapshot, so the hot path takes no lock and allocates nothing.
/// </remarks>
public sealed class HmacKeySet
{
    /// <summary>The size of a tag in bytes: 1 format byte, 4 version bytes, 32 MAC bytes.</summary>
    public const int TagSize = HeaderSize + MacSize;

    /// <summary>The format byte that starts every tag of this layout.</summary>
    public const byte TagFormat = 0x01;

    private const int HeaderSize = 5;
    private const int MacSize = 32;

    private readonly RotatingKeys<HmacKey> _keys;

    /// <summary>Initializes a new instance of the <see cref="HmacKeySet"/> class with one key, which is primary.</summary>
    /// <param name="primary">The primary key.</param>
    public HmacKeySet(HmacKey primary)
        : this([primary ?? throw new ArgumentNullException(nameof(primary))], primary.Version)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HmacKeySet"/> class.</summary>
    /// <param name="keys">The keys; versions must be distinct.</param>
    /// <param name="primaryVersion">The version of the key that makes new tags.</param>
    /// <exception cref="CryptoException">TH2071: two keys share a version; TH2079: no key has <paramref name="primaryVersion"/>.</exception>
    public HmacKeySet(IEnumerable<HmacKey> keys, uint primaryVersion)
    {
        _keys = new RotatingKeys<HmacKey>(keys, static k => k.Version, primaryVersion);
    }

    /// <summary>Gets the version of the key that makes new tags.</summary>
    public uint PrimaryVersion => _keys.Current.PrimaryVersion;

    /// <summary>Gets the versions the set can verify.</summary>
    public IReadOnlyList<uint> Versions => _keys.Current.Versions;

    /// <summary>Adds a key that verifies tags and can later be promoted.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="CryptoException">TH2071: the set already holds this version.</exception>
    public void Add(HmacKey key) => _keys.Add(key);

    /// <summary>Makes a key version the primary; older tags keep verifying.</summary>
    /// <param name="version">The version to promote.</param>
    /// <exception cref="CryptoException">TH2072: the set holds no such version.</exception>
    public void Promote(uint version) => _keys.Promote(version);

    /// <summary>Removes a key version; tags made with it then fail with <see cref="HmacVerificationFailure.UnknownKeyVersion"/>.</summary>
    /// <param name="version">The version to remove.</param>
    /// <exception cref="CryptoException">TH2072: the set holds no such version; TH2073: it is the primary.</exception>
    public void Remove(uint version) => _keys.Remove(version);

    /// <summary>Computes the tag of <paramref name="data"/> with the primary key.</summary>
    /// <param name="data">The data to authenticate.</param>
    /// <param name="tag">The destination, at least <see cref="TagSize"/> bytes.</param>
    /// <returns>The number of bytes written, <see cref="TagSize"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is too small.</exception>
    public int ComputeTag(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        if (!TryComputeTag(data, tag, out var written))
        {
            throw new ArgumentException($"The destination must be at least {TagSize} bytes.", nameof(tag));
        }

        return written;
    }

    /// <summary>Computes the tag of <paramref name="data"/> with the primary key, if it fits.</summary>
    /// <param name="data">The data to authenticate.</param>
    /// <param name="tag">The destination.</param>
    /// <param name="bytesWritten">The number of bytes written, <see cref="TagSize"/> or 0.</param>
    /// <returns><see langword="true"/> if the tag was written; <see langword="false"/> if the destination is too small.</returns>
    public bool TryComputeTag(ReadOnlySpan<byte> data, Span<byte> tag, out int bytesWritten)
    {
        if (tag.Length < TagSize)
        {
            bytesWritten = 0;
            return false;
        }

        var key = _keys.Current.Primary;
        tag[0] = TagFormat;
        BinaryPrimitives.WriteUInt32BigEndian(tag[1..HeaderSize], key.Version);
        key.Mac(data, tag.Slice(HeaderSize, MacSize));
        bytesWritten = TagSize;
        return true;
    }

    /// <summary>Computes the tag of <paramref name="data"/> with the primary key.</summary>
    /// <param name="data">The data to authenticate.</param>
    /// <returns>A new <see cref="TagSize"/>-byte tag.</returns>
    public byte[] ComputeTag(ReadOnlySpan<byte> data)
    {
        var tag = new byte[TagSize];
        ComputeTag(data, tag);
        return tag;
    }

    /// <summary>
    /// Verifies a tag in constant time with the key version it names. Never throws for bad input:
    /// a tag of any length or content gives a result.
    /// </summary>
    /// <param name="data">The data the tag should authenticate.</param>
    /// <param name="tag">The tag.</param>
    /// <returns>The result, with the reason when the tag does not verify.</returns>
    public HmacVerificationResult Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != TagSize || tag[0] != TagFormat)
        {
            return new HmacVerificationResult(HmacVerificationFailure.Malformed, 0);
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(tag[1..HeaderSize]);
        var key = _keys.Current.Find(version);
        if (key is null)
        {
            return new HmacVerificationResult(HmacVerificationFailure.UnknownKeyVersion, version);
        }

        Span<byte> expected = stackalloc byte[MacSize];
        try
        {
            key.Mac(data, expected);
            return CryptographicOperations.FixedTimeEquals(expected, tag[HeaderSize..])
                ? new HmacVerificationResult(HmacVerificationFailure.None, version)
                : new HmacVerificationResult(HmacVerificationFailure.Mismatch, version);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }
}
