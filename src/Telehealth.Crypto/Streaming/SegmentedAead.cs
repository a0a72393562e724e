using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Bulk encryption into the segmented stream format (FORMAT.md, Streaming) from a <see cref="Stream"/>
/// or a <see cref="PipeReader"/>, encrypting independent segments on several cores, and sequential
/// decryption between pipes. Output is in segment order; memory is bounded by one work unit per
/// worker (<see cref="StreamEncryptionOptions.MaxDegreeOfParallelism"/>), a unit being one segment or
/// as many as fill 256 KiB, whatever the input length.
/// None of the methods completes or disposes the pipes or streams it is given.
/// </summary>
internal static partial class SegmentedAead
{
    private interface ISegmentInput
    {
        ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);
    }

    private interface ISegmentOutput
    {
        ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

        ValueTask FlushAsync(CancellationToken cancellationToken);
    }

    /// <summary>Encrypts <paramref name="source"/> to its end into <paramref name="destination"/>, header first.</summary>
    internal static Task EncryptAsync(Stream source, Stream destination, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, StreamEncryptionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        StreamFormat.ValidateDataKey(dataKey.Span, nameof(dataKey));
        return EncryptCoreAsync(new StreamInput(source), new StreamOutput(destination), dataKey, associatedData, options.SegmentSize, options.MaxDegreeOfParallelism, RandomSalt(), RandomNoncePrefix(), cancellationToken);
    }

    /// <summary>Encrypts everything <paramref name="source"/> yields until it completes into <paramref name="destination"/>, header first.</summary>
    internal static Task EncryptAsync(PipeReader source, PipeWriter destination, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, StreamEncryptionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        StreamFormat.ValidateDataKey(dataKey.Span, nameof(dataKey));
        return EncryptCoreAsync(new PipeInput(source), new PipeOutput(destination), dataKey, associatedData, options.SegmentSize, options.MaxDegreeOfParallelism, RandomSalt(), RandomNoncePrefix(), cancellationToken);
    }

    /// <summary>
    /// Encrypts with a chosen salt and nonce prefix and any segment size the format allows. Only for
    /// known-answer tests: reusing a salt and prefix with the same key and associated data reuses nonces.
    /// </summary>
    internal static Task EncryptAsync(Stream source, Stream destination, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, int segmentSize, int maxDegreeOfParallelism, byte[] salt, byte[] noncePrefix, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, StreamFormat.MinSegmentSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentSize, StreamFormat.MaxSegmentSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        StreamFormat.ValidateDataKey(dataKey.Span, nameof(dataKey));
        return EncryptCoreAsync(new StreamInput(source), new StreamOutput(destination), dataKey, associatedData, segmentSize, maxDegreeOfParallelism, salt, noncePrefix, cancellationToken);
    }

    /// <summary>
    /// Decrypts a segmented stream from <paramref name="source"/> (positioned at the stream header) into
    /// <paramref name="destination"/>. Each segment's plaintext is written only after its tag verified.
    /// On a <see cref="CryptoException"/>, segments already written were authentic but the stream as
    /// a whole is not: the caller discards the output.
    /// </summary>
    internal static async Task DecryptAsync(PipeReader source, PipeWriter destination, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        StreamFormat.ValidateDataKey(dataKey.Span, nameof(dataKey));

        var headerResult = await source.ReadAtLeastAsync(StreamFormat.HeaderSize, cancellationToken).ConfigureAwait(false);
        ThrowIfCanceled(headerResult.IsCanceled);
        var header = new byte[StreamFormat.HeaderSize];
        var headerLength = (int)Math.Min(headerResult.Buffer.Length, StreamFormat.HeaderSize);
        headerResult.Buffer.Slice(0, headerLength).CopyTo(header);
        source.AdvanceTo(headerResult.Buffer.GetPosition(headerLength));
        var segmentSize = StreamFormat.ParseHeader(header.AsSpan(0, headerLength));

        using var cipher = CreateCipher(dataKey.Span, associatedData.Span, header);
        var stride = segmentSize + StreamFormat.TagSize;
        var contiguous = new byte[stride];
        try
        {
            for (long segment = 0; ; segment++)
            {
                // One byte beyond a full segment tells whether another segment follows.
                var result = await source.ReadAtLeastAsync(stride + 1, cancellationToken).ConfigureAwait(false);
                ThrowIfCanceled(result.IsCanceled);
                var buffer = result.Buffer;
                var last = buffer.Length <= stride;
                var ciphertext = buffer.Slice(0, last ? buffer.Length : stride);
                var flush = DecryptSegment(cipher, segment, last, ciphertext, contiguous, destination);
                source.AdvanceTo(ciphertext.End);
                var flushed = await flush.ConfigureAwait(false);
                ThrowIfCanceled(flushed.IsCanceled);
                if (last)
                {
                    return;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contiguous);
        }
    }

    private static ValueTask<FlushResult> DecryptSegment(SegmentCipher cipher, long segment, bool last, ReadOnlySequence<byte> ciphertext, byte[] contiguous, PipeWriter destination)
    {
        ReadOnlySpan<byte> bytes;
        if (ciphertext.IsSingleSegment)
        {
            bytes = ciphertext.FirstSpan;
        }
        else
        {
            ciphertext.CopyTo(contiguous);
            bytes = contiguous.AsSpan(0, (int)ciphertext.Length);
        }

        var plaintextLength = Math.Max(0, bytes.Length - StreamFormat.TagSize);
        var plaintext = destination.GetSpan(Math.Max(plaintextLength, 1));
        cipher.Decrypt(segment, last, bytes, plaintext);
        destination.Advance(plaintextLength);
        return destination.FlushAsync(CancellationToken.None);
    }

    private static async Task EncryptCoreAsync<TInput, TOutput>(TInput input, TOutput output, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, int segmentSize, int degree, byte[] salt, byte[] noncePrefix, CancellationToken cancellationToken)
        where TInput : struct, ISegmentInput
        where TOutput : struct, ISegmentOutput
    {
        var header = new byte[StreamFormat.HeaderSize];
        StreamFormat.WriteHeader(header, segmentSize, salt, noncePrefix);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        using (var encryption = new BulkEncryption<TInput, TOutput>(input, output, dataKey.Span, associatedData.Span, header, segmentSize, degree, cancellationToken))
        {
            await encryption.RunAsync().ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SegmentCipher CreateCipher(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> header)
    {
        Span<byte> key = stackalloc byte[StreamFormat.KeySize];
        try
        {
            StreamFormat.DeriveKey(dataKey, StreamFormat.Salt(header), associatedData, key);
            return new SegmentCipher(key, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void ThrowIfCanceled(bool canceled)
    {
        if (canceled)
        {
            throw new OperationCanceledException("The pipe read or flush was canceled.");
        }
    }

    private static byte[] RandomSalt() => RandomNumberGenerator.GetBytes(StreamFormat.SaltSize);

    private static byte[] RandomNoncePrefix() => RandomNumberGenerator.GetBytes(StreamFormat.NoncePrefixSize);

    private readonly struct StreamInput(Stream stream) : ISegmentInput
    {
        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => stream.ReadAsync(buffer, cancellationToken);
    }

    private readonly struct StreamOutput(Stream stream) : ISegmentOutput
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) => stream.WriteAsync(buffer, cancellationToken);

        public ValueTask FlushAsync(CancellationToken cancellationToken) => new(stream.FlushAsync(cancellationToken));
    }

    private readonly struct PipeInput(PipeReader reader) : ISegmentInput
    {
        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfCanceled(result.IsCanceled);
            var available = result.Buffer;
            var count = (int)Math.Min(available.Length, buffer.Length);
            available.Slice(0, count).CopyTo(buffer.Span);
            reader.AdvanceTo(available.GetPosition(count));
            return count;
        }
    }

    private readonly struct PipeOutput(PipeWriter writer) : ISegmentOutput
    {
        public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            var result = await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            ThrowIfCanceled(result.IsCanceled);
            if (result.IsCompleted)
            {
                throw new IOException("The reader of the destination pipe completed before the encrypted stream was written.");
            }
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfCanceled(result.IsCanceled);
        }
    }
}
