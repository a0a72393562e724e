using System.Diagnostics;

namespace Telehealth.Crypto;

/// <summary>
/// A versioned HMAC-SHA256 key for integrity tags. The key bytes live in a pinned buffer that is
/// wiped on <see cref="Dispose"/>; they are never exported, shown by <see cref="ToString"/> or
/// put in a message.
/// </summary>
public sealed class HmacKey : IDisposable
{
    /// <summary>The size of a generated key in bytes (256 bits, the HMAC-SHA256 output size).</summary>
    public const int GeneratedKeySize = 32;

    /// <summary>The smallest key accepted from caller bytes (128 bits).</summary>
    public const int MinimumKeySize = 16;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBuffer _secret;

    private HmacKey(uint version, SecretBuffer secret)
    {
        Version = version;
        _secret = secret;
    }

    /// <summary>Gets the key version written into every tag the key makes.</summary>
    public uint Version { get; }

    /// <summary>Creates a new random 256-bit key.</summary>
    /// <param name="version">The key version; 1 or greater.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is 0.</exception>
    public static HmacKey Generate(uint version)
    {
        ArgumentOutOfRangeException.ThrowIfZero(version);
        return new HmacKey(version, SecretBuffer.Random(GeneratedKeySize));
    }

    /// <summary>Creates a key from caller bytes, which are copied; the caller should wipe its copy.</summary>
    /// <param name="version">The key version; 1 or greater.</param>
    /// <param name="key">The key bytes, at least <see cref="MinimumKeySize"/> long.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is 0.</exception>
    /// <exception cref="CryptoException">TH2070: the key is shorter than <see cref="MinimumKeySize"/>.</exception>
    public static HmacKey Import(uint version, ReadOnlySpan<byte> key)
    {
        ArgumentOutOfRangeException.ThrowIfZero(version);
        if (key.Length < MinimumKeySize)
        {
            throw Errors.KeyTooShort(MinimumKeySize);
        }

        return new HmacKey(version, SecretBuffer.CopyOf(key));
    }

    /// <summary>Imports any non-empty key, for known-answer tests whose keys are shorter than the minimum.</summary>
    internal static HmacKey ImportAnyLength(uint version, ReadOnlySpan<byte> key) => new(version, SecretBuffer.CopyOf(key));

    internal void Mac(ReadOnlySpan<byte> data, Span<byte> destination) =>
        System.Security.Cryptography.HMACSHA256.HashData(_secret.Span, data, destination);

    /// <inheritdoc />
    public void Dispose() => _secret.Dispose();

    /// <summary>Describes the key by version only.</summary>
    /// <returns>A description without key material.</returns>
    public override string ToString() => $"HmacKey v{Version}";
}
