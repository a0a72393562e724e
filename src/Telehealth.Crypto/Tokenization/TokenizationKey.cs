using System.Diagnostics;

namespace Telehealth.Crypto;

/// <summary>
/// A versioned HMAC-SHA256 key for pseudonym tokens. It is a separate type from
/// <see cref="HmacKey"/> so a key is never used for both integrity tags and tokens. The key bytes
/// live in a pinned buffer that is wiped on <see cref="Dispose"/> and are never exported or shown.
/// </summary>
public sealed class TokenizationKey : IDisposable
{
    /// <summary>The size of a generated key in bytes (256 bits).</summary>
    public const int GeneratedKeySize = 32;

    /// <summary>The smallest key accepted from caller bytes (256 bits), so tokens are not weaker than their MAC.</summary>
    public const int MinimumKeySize = 32;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly SecretBuffer _secret;

    private TokenizationKey(uint version, SecretBuffer secret)
    {
        Version = version;
        _secret = secret;
    }

    /// <summary>Gets the key version written into every token the key makes.</summary>
    public uint Version { get; }

    /// <summary>Creates a new random 256-bit key.</summary>
    /// <param name="version">The key version; 1 or greater.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is 0.</exception>
    public static TokenizationKey Generate(uint version)
    {
        ArgumentOutOfRangeException.ThrowIfZero(version);
        return new TokenizationKey(version, SecretBuffer.Random(GeneratedKeySize));
    }

    /// <summary>Creates a key from caller bytes, which are copied; the caller should wipe its copy.</summary>
    /// <param name="version">The key version; 1 or greater.</param>
    /// <param name="key">The key bytes, at least <see cref="MinimumKeySize"/> long.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is 0.</exception>
    /// <exception cref="CryptoException">TH2070: the key is shorter than <see cref="MinimumKeySize"/>.</exception>
    public static TokenizationKey Import(uint version, ReadOnlySpan<byte> key)
    {
        ArgumentOutOfRangeException.ThrowIfZero(version);
        if (key.Length < MinimumKeySize)
        {
            throw Errors.KeyTooShort(MinimumKeySize);
        }

        return new TokenizationKey(version, SecretBuffer.CopyOf(key));
    }

    internal void Mac(ReadOnlySpan<byte> data, Span<byte> destination) =>
        System.Security.Cryptography.HMACSHA256.HashData(_secret.Span, data, destination);

    /// <inheritdoc />
    public void Dispose() => _secret.Dispose();

    /// <summary>Describes the key by version only.</summary>
    /// <returns>A description without key material.</returns>
    public override string ToString() => $"TokenizationKey v{Version}";
}
