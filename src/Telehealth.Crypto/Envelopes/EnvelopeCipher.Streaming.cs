using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>Streaming encryption for recordings and large files: an envelope header followed by a segmented body.</summary>
public sealed partial class EnvelopeCipher
{
    /// <inheritdoc/>
    public async ValueTask<SegmentedEncryptionStream> CreateEncryptionStreamAsync(Stream destination, EncryptionContext context, StreamEncryptionOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(context);
        var keys = await BeginStreamAsync(context, cancellationToken).ConfigureAwait(false);
        try
        {
            await destination.WriteAsync(keys.Header, cancellationToken).ConfigureAwait(false);
            return new SegmentedEncryptionStream(destination, keys.StreamKey, keys.AssociatedData, options ?? new StreamEncryptionOptions(), leaveOpen);
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <inheritdoc/>
    public Task EncryptStreamAsync(Stream source, Stream destination, EncryptionContext context, StreamEncryptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return EncryptWholeStreamAsync(
            context,
            keys => destination.WriteAsync(keys.Header, cancellationToken),
            keys => SegmentedAead.EncryptAsync(source, destination, keys.StreamKey, keys.AssociatedData, options ?? new StreamEncryptionOptions(), cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task EncryptStreamAsync(PipeReader source, PipeWriter destination, EncryptionContext context, StreamEncryptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return EncryptWholeStreamAsync(
            context,
            async keys => await destination.WriteAsync(keys.Header, cancellationToken).ConfigureAwait(false),
            keys => SegmentedAead.EncryptAsync(source, destination, keys.StreamKey, keys.AssociatedData, options ?? new StreamEncryptionOptions(), cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<SegmentedDecryptionStream> OpenDecryptionStreamAsync(Stream source, EncryptionContext context, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var header = await ReadStreamHeaderAsync((buffer, token) => source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token), cancellationToken).ConfigureAwait(false);
        var layout = EnvelopeLayout.Read(header, requireBody: false);
        var keys = await OpenStreamKeysAsync(layout, header, context, cancellationToken).ConfigureAwait(false);
        try
        {
            // The stream reports its first failure here, so a tampered or truncated body is accounted for like an envelope.
            return new SegmentedDecryptionStream(source, keys.StreamKey, keys.AssociatedData, leaveOpen, failure => FailAsync(layout, failure));
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <inheritdoc/>
    public async Task DecryptStreamAsync(PipeReader source, PipeWriter destination, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(context);
        var header = await ReadStreamHeaderAsync((buffer, token) => ReadFromPipeAsync(source, buffer, token), cancellationToken).ConfigureAwait(false);
        var layout = EnvelopeLayout.Read(header, requireBody: false);
        var keys = await OpenStreamKeysAsync(layout, header, context, cancellationToken).ConfigureAwait(false);
        try
        {
            await SegmentedAead.DecryptAsync(source, destination, keys.StreamKey, keys.AssociatedData, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptoException ex)
        {
            await FailAsync(layout, ex).ConfigureAwait(false);
            throw;
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <summary>Writes the envelope header, then the segmented body, zeroing the stream key afterwards.</summary>
    private async Task EncryptWholeStreamAsync(EncryptionContext context, Func<StreamKeys, ValueTask> writeHeader, Func<StreamKeys, Task> writeBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = await BeginStreamAsync(context, cancellationToken).ConfigureAwait(false);
        try
        {
            await writeHeader(keys).ConfigureAwait(false);
            await writeBody(keys).ConfigureAwait(false);
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <summary>
    /// A data key and the stream header. Streams exist in suite 0x01 only (FORMAT.md), so a policy that
    /// forbids it refuses here, before anything is written, rather than producing a stream this cipher
    /// would refuse to read.
    /// </summary>
    private async ValueTask<StreamKeys> BeginStreamAsync(EncryptionContext context, CancellationToken cancellationToken)
    {
        var suite = AlgorithmSuite.Aes256GcmHkdfSha256;
        if (!_options.Allows(suite))
        {
            throw Errors.StreamSuiteForbidden(suite);
        }

        var subjectKeyId = new byte[EnvelopeLayout.SubjectKeyIdSize];
        var material = await AcquireAsync(null, context, suite, EnvelopeLayout.StreamFlag, subjectKeyId, synchronous: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(suite.AeadNonceSize);
            var header = new byte[material.HeaderLength(_keyring.Id)];
            EnvelopeLayout.Write(header, suite, _keyring.Id, (uint)material.Version, material.WrappedKey, material.Keys.Flags, material.HasSubjectKey ? subjectKeyId : default, nonce, material.Keys.Commitment);
            return StreamKeys.Create(header, EnvelopeLayout.Read(header, requireBody: false), material.Keys, context);
        }
        finally
        {
            material.Done();
        }
    }

    /// <summary>Checks a stream header and derives its keys; a failure once the header names its key version is accounted for.</summary>
    private async ValueTask<StreamKeys> OpenStreamKeysAsync(EnvelopeLayout layout, byte[] header, EncryptionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (!layout.IsStream)
            {
                throw Errors.MalformedEnvelope("it holds a single message; decrypt it with Decrypt");
            }

            if (layout.Suite != AlgorithmSuite.Aes256GcmHkdfSha256)
            {
                throw Errors.MalformedEnvelope("streams are written with suite 0x01 only");
            }

            RequireAllowed(layout.Suite);
            if (!_keyring.Knows((int)layout.KeyVersion))
            {
                await _keyring.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
            }

            var material = await AcquireForDecryptionAsync(layout, header, context.Tenant, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!CryptographicOperations.FixedTimeEquals(material.Keys.Commitment, header.AsSpan(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize)))
                {
                    throw Errors.CommitmentMismatch();
                }

                return StreamKeys.Create(header, layout, material.Keys, context);
            }
            finally
            {
                material.Done();
            }
        }
        catch (CryptoException ex)
        {
            await FailAsync(layout, ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads exactly one envelope header: the fixed prefix tells how long the rest is.</summary>
    private static async ValueTask<byte[]> ReadStreamHeaderAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
    {
        var prefix = new byte[EnvelopeLayout.FixedPrefixSize];
        await ReadExactlyAsync(read, prefix, cancellationToken).ConfigureAwait(false);
        ValidatePrefix(prefix);
        int idLength = prefix[7];
        var middle = new byte[idLength + 6];
        await ReadExactlyAsync(read, middle, cancellationToken).ConfigureAwait(false);
        int wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(middle.AsSpan(idLength + 4));
        if (wrappedLength is 0 or > EnvelopeLayout.MaxWrappedKeyLength)
        {
            throw Errors.MalformedEnvelope("the wrapped data key length is out of range");
        }

        var subject = (prefix[6] & EnvelopeLayout.SubjectKeyFlag) != 0 ? EnvelopeLayout.SubjectKeyIdSize : 0;
        if (!AlgorithmSuite.TryFromId(prefix[5], out var suite))
        {
            throw Errors.UnknownSuite(prefix[5]);
        }

        var header = new byte[EnvelopeLayout.HeaderSize(suite, idLength, wrappedLength, subject != 0)];
        prefix.CopyTo(header, 0);
        middle.CopyTo(header, prefix.Length);
        await ReadExactlyAsync(read, header.AsMemory(prefix.Length + middle.Length), cancellationToken).ConfigureAwait(false);
        return header;
    }

    /// <summary>Validates the fixed prefix before any length in it is trusted.</summary>
    private static void ValidatePrefix(byte[] prefix)
    {
        if (!prefix.AsSpan(0, 4).SequenceEqual(EnvelopeLayout.Magic))
        {
            throw Errors.MalformedEnvelope("the magic bytes are wrong");
        }

        if (prefix[4] != EnvelopeLayout.FormatVersion)
        {
            throw Errors.UnsupportedFormatVersion(prefix[4]);
        }

        if (prefix[7] is 0 or > EnvelopeLayout.MaxKeyringIdLength)
        {
            throw Errors.MalformedEnvelope("the key-encryption key id length is out of range");
        }
    }

    private static async ValueTask ReadExactlyAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (await read(buffer, cancellationToken).ConfigureAwait(false) < buffer.Length)
        {
            throw Errors.MalformedEnvelope("the header is truncated");
        }
    }

    private static async ValueTask<int> ReadFromPipeAsync(PipeReader reader, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await reader.ReadAtLeastAsync(buffer.Length, cancellationToken).ConfigureAwait(false);
        var available = (int)Math.Min(result.Buffer.Length, buffer.Length);
        result.Buffer.Slice(0, available).CopyTo(buffer.Span);
        reader.AdvanceTo(result.Buffer.GetPosition(available));
        return available;
    }

    /// <summary>The per-stream key (OKM bytes 0–31) and the associated data every segment authenticates.</summary>
    private sealed class StreamKeys
    {
        private StreamKeys(byte[] header, byte[] streamKey, byte[] associatedData)
        {
            Header = header;
            StreamKey = streamKey;
            AssociatedData = associatedData;
        }

        public byte[] Header { get; }

        public byte[] StreamKey { get; }

        public byte[] AssociatedData { get; }

        public static StreamKeys Create(byte[] header, EnvelopeLayout layout, MessageKeyMaterial keys, EncryptionContext context)
        {
            var streamKey = GC.AllocateArray<byte>(MessageKeyMaterial.KeySize, pinned: true);
            keys.CopyKey(streamKey);
            var associatedData = new byte[EnvelopeLayout.MaxAssociatedDataSize];
            var length = layout.WriteAssociatedData(header, context.Hash, associatedData);
            return new StreamKeys(header, streamKey, associatedData[..length]);
        }

        public void Clear() => CryptographicOperations.ZeroMemory(StreamKey);
    }
}
