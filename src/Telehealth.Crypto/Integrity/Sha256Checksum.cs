using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// A SHA-256 checksum of a file or stream, such as a recording or an export bundle. Computed in
/// constant memory; formatted as 64 lowercase hex digits; compared in constant time.
/// </summary>
public readonly struct Sha256Checksum : IEquatable<Sha256Checksum>
{
    /// <summary>The size of a checksum in bytes.</summary>
    public const int Size = 32;

    private const int FileBufferSize = 64 * 1024;

    private readonly Bytes32 _bytes;

    private Sha256Checksum(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_bytes);
    }

    /// <summary>Creates a checksum from its 32 bytes.</summary>
    /// <param name="bytes">The 32 checksum bytes.</param>
    /// <returns>The checksum.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static Sha256Checksum FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 checksum is {Size} bytes.", nameof(bytes));
        }

        return new Sha256Checksum(bytes);
    }

    /// <summary>Computes the checksum of data in memory.</summary>
    /// <param name="data">The data.</param>
    /// <returns>The checksum.</returns>
    public static Sha256Checksum Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return new Sha256Checksum(hash);
    }

    /// <summary>Computes the checksum of a stream from its current position to its end, reading it in pooled chunks.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checksum.</returns>
    public static async ValueTask<Sha256Checksum> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hash = new byte[Size];
        await SHA256.HashDataAsync(stream, hash, cancellationToken).ConfigureAwait(false);
        return new Sha256Checksum(hash);
    }

    /// <summary>Computes the checksum of a file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checksum.</returns>
    public static async ValueTask<Sha256Checksum> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await ComputeAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Parses 64 hexadecimal digits (either case).</summary>
    /// <param name="hex">The text.</param>
    /// <returns>The checksum.</returns>
    /// <exception cref="CryptoException">TH2083: the text is not 64 hex digits.</exception>
    public static Sha256Checksum Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var checksum) ? checksum : throw Errors.MalformedChecksum();

    /// <summary>Parses 64 hexadecimal digits (either case).</summary>
    /// <param name="hex">The text.</param>
    /// <param name="checksum">The checksum, when parsing succeeds.</param>
    /// <returns><see langword="true"/> if the text is 64 hex digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> hex, out Sha256Checksum checksum)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (hex.Length != Size * 2 || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            checksum = default;
            return false;
        }

        checksum = new Sha256Checksum(bytes);
        return true;
    }

    /// <summary>Copies the 32 checksum bytes.</summary>
    /// <param name="destination">The destination, at least 32 bytes.</param>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <summary>Returns the 32 checksum bytes in a new array.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <summary>Compares with another checksum in constant time.</summary>
    /// <param name="other">The other checksum.</param>
    /// <returns><see langword="true"/> if both are equal.</returns>
    public bool Equals(Sha256Checksum other) => CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <summary>Compares the checksum with expected bytes in constant time.</summary>
    /// <param name="expected">The expected 32 bytes.</param>
    /// <returns><see langword="true"/> if they are equal.</returns>
    public bool Matches(ReadOnlySpan<byte> expected) => CryptographicOperations.FixedTimeEquals(_bytes, expected);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Sha256Checksum other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes);

    /// <summary>Formats the checksum as 64 lowercase hexadecimal digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <summary>Compares two checksums in constant time.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns><see langword="true"/> if both are equal.</returns>
    public static bool operator ==(Sha256Checksum left, Sha256Checksum right) => left.Equals(right);

    /// <summary>Compares two checksums in constant time.</summary>
    /// <param name="left">The first checksum.</param>
    /// <param name="right">The second checksum.</param>
    /// <returns><see langword="true"/> if they differ.</returns>
    public static bool operator !=(Sha256Checksum left, Sha256Checksum right) => !left.Equals(right);

    [InlineArray(Size)]
    private struct Bytes32
    {
        private byte _element;
    }
}
