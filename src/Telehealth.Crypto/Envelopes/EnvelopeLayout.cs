using System.Buffers.Binary;

namespace Telehealth.Crypto;

/// <summary>
/// The byte layout of envelope format version 1 (FORMAT.md): reads a header into offsets without copying
/// and writes one. Everything here is bounds-checked; hostile input yields a <see cref="CryptoException"/>.
/// </summary>
internal readonly struct EnvelopeLayout
{
    public const byte FormatVersion = 1;
    public const int FixedPrefixSize = 8;
    public const int MaxNonceSize = 24;
    public const int CommitmentSize = 32;
    public const int TagSize = 16;
    public const int SubjectKeyIdSize = 16;
    public const int MaxKeyringIdLength = 64;
    public const int MaxWrappedKeyLength = 1024;
    public const byte SubjectKeyFlag = 0x01;
    public const byte StreamFlag = 0x02;
    private const byte KnownFlags = SubjectKeyFlag | StreamFlag;

    public static ReadOnlySpan<byte> Magic => "THEV"u8;

    public required AlgorithmSuite Suite { get; init; }

    public required byte Flags { get; init; }

    public required string KeyringId { get; init; }

    public required uint KeyVersion { get; init; }

    public required int WrappedKeyOffset { get; init; }

    public required int WrappedKeyLength { get; init; }

    public required int SubjectKeyIdOffset { get; init; }

    public required int NonceOffset { get; init; }

    public int NonceSize => Suite.AeadNonceSize;

    public int CommitmentOffset => NonceOffset + NonceSize;

    /// <summary>Gets the length of the header, which is where the ciphertext starts.</summary>
    public int HeaderLength => CommitmentOffset + CommitmentSize;

    public bool HasSubjectKey => (Flags & SubjectKeyFlag) != 0;

    public bool IsStream => (Flags & StreamFlag) != 0;

    public static int HeaderSize(AlgorithmSuite suite, int keyringIdLength, int wrappedKeyLength, bool subjectKey) =>
        FixedPrefixSize + keyringIdLength + 4 + 2 + wrappedKeyLength + (subjectKey ? SubjectKeyIdSize : 0) + suite.AeadNonceSize + CommitmentSize;

    /// <summary>Reads the header; <paramref name="requireBody"/> also demands room for at least a tag.</summary>
    public static EnvelopeLayout Read(ReadOnlySpan<byte> data, bool requireBody)
    {
        if (data.Length < FixedPrefixSize || !data[..4].SequenceEqual(Magic))
        {
            throw Errors.MalformedEnvelope(data.Length < FixedPrefixSize ? "it is shorter than the fixed header" : "the magic bytes are wrong");
        }

        if (data[4] != FormatVersion)
        {
            throw Errors.UnsupportedFormatVersion(data[4]);
        }

        if (!AlgorithmSuite.TryFromId(data[5], out var suite))
        {
            throw Errors.UnknownSuite(data[5]);
        }

        var flags = data[6];
        if ((flags & ~KnownFlags) != 0)
        {
            throw Errors.MalformedEnvelope("it sets flags this version does not define");
        }

        int idLength = data[7];
        if (idLength == 0 || idLength > MaxKeyringIdLength)
        {
            throw Errors.MalformedEnvelope("the key-encryption key id length is out of range");
        }

        var position = FixedPrefixSize;
        if (data.Length < position + idLength + 6)
        {
            throw Errors.MalformedEnvelope("the header is truncated");
        }

        var idBytes = data.Slice(position, idLength);
        if (!KeyringIds.IsValid(idBytes))
        {
            throw Errors.MalformedEnvelope("the key-encryption key id contains characters outside [A-Za-z0-9._-]");
        }

        var keyringId = KeyringIds.Decode(idBytes);
        position += idLength;
        var version = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
        if (version is 0 or > int.MaxValue)
        {
            throw Errors.MalformedEnvelope("the key-encryption key version is zero");
        }

        position += 4;
        int wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        position += 2;
        if (wrappedLength == 0 || wrappedLength > MaxWrappedKeyLength)
        {
            throw Errors.MalformedEnvelope("the wrapped data key length is out of range");
        }

        var layout = new EnvelopeLayout
        {
            Suite = suite,
            Flags = flags,
            KeyringId = keyringId,
            KeyVersion = version,
            WrappedKeyOffset = position,
            WrappedKeyLength = wrappedLength,
            SubjectKeyIdOffset = (flags & SubjectKeyFlag) != 0 ? position + wrappedLength : -1,
            NonceOffset = position + wrappedLength + ((flags & SubjectKeyFlag) != 0 ? SubjectKeyIdSize : 0),
        };

        if (data.Length < layout.HeaderLength + (requireBody ? TagSize : 0))
        {
            throw Errors.MalformedEnvelope(data.Length < layout.HeaderLength ? "the header is truncated" : "it is shorter than an authentication tag");
        }

        return layout;
    }

    /// <summary>Writes a header and returns its length.</summary>
    public static int Write(
        Span<byte> destination,
        AlgorithmSuite suite,
        string keyringId,
        uint keyVersion,
        ReadOnlySpan<byte> wrappedKey,
        byte flags,
        ReadOnlySpan<byte> subjectKeyId,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> commitment)
    {
        var position = WritePrefix(destination, suite, keyringId, keyVersion, wrappedKey, flags, subjectKeyId);
        nonce.CopyTo(destination[position..]);
        position += nonce.Length;
        commitment.CopyTo(destination[position..]);
        return position + CommitmentSize;
    }

    /// <summary>Writes everything before the nonce and returns the nonce offset.</summary>
    public static int WritePrefix(
        Span<byte> destination,
        AlgorithmSuite suite,
        string keyringId,
        uint keyVersion,
        ReadOnlySpan<byte> wrappedKey,
        byte flags,
        ReadOnlySpan<byte> subjectKeyId)
    {
        Magic.CopyTo(destination);
        destination[4] = FormatVersion;
        destination[5] = suite.Id;
        destination[6] = flags;
        destination[7] = (byte)keyringId.Length;
        var position = FixedPrefixSize + KeyringIds.Encode(keyringId, destination[FixedPrefixSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], keyVersion);
        position += 4;
        BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)wrappedKey.Length);
        position += 2;
        wrappedKey.CopyTo(destination[position..]);
        position += wrappedKey.Length;
        subjectKeyId.CopyTo(destination[position..]);
        return position + subjectKeyId.Length;
    }

    /// <summary>
    /// Writes the associated data the AEAD authenticates: the fixed prefix, the subject key id, the nonce,
    /// the commitment and the context hash. The key-encryption key id, version and wrapped key are
    /// authenticated by the key wrap and the commitment instead, which is what lets a rewrap replace them.
    /// </summary>
    public int WriteAssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> contextHash, Span<byte> destination)
    {
        header[..7].CopyTo(destination);
        var position = 7;
        if (HasSubjectKey)
        {
            header.Slice(SubjectKeyIdOffset, SubjectKeyIdSize).CopyTo(destination[position..]);
            position += SubjectKeyIdSize;
        }

        header.Slice(NonceOffset, NonceSize + CommitmentSize).CopyTo(destination[position..]);
        position += NonceSize + CommitmentSize;
        contextHash.CopyTo(destination[position..]);
        return position + contextHash.Length;
    }

    public const int MaxAssociatedDataSize = 7 + SubjectKeyIdSize + MaxNonceSize + CommitmentSize + 32;
}
