using System.Globalization;
using System.Security.Cryptography;

namespace Telehealth.Media.Dtls;

/// <summary>
/// The SHA-256 fingerprint of a DTLS certificate as signaling carries it (RFC 8122 §5, RFC 8842):
/// <c>sha-256 AB:CD:...</c>, the value of an SDP <c>a=fingerprint</c> attribute. Only sha-256 is accepted;
/// comparison is over the 32 hash bytes, in constant time.
/// </summary>
public sealed class CertificateFingerprint : IEquatable<CertificateFingerprint>
{
    /// <summary>The hash function name used in SDP.</summary>
    public const string Sha256 = "sha-256";

    private const int HashLength = 32;

    // "sha-256" + space + 32 hex pairs joined by 31 colons; a bounded length keeps parsing cheap on hostile input.
    private const int MaxTextLength = 256;

    private readonly byte[] _hash;

    private CertificateFingerprint(byte[] hash) => _hash = hash;

    /// <summary>Gets the 32 bytes of the SHA-256 hash of the certificate's DER encoding.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>Computes the fingerprint of a DER-encoded certificate.</summary>
    /// <param name="certificateDer">The certificate, DER-encoded.</param>
    /// <returns>The fingerprint.</returns>
    public static CertificateFingerprint Compute(ReadOnlySpan<byte> certificateDer) => new(SHA256.HashData(certificateDer));

    /// <summary>Creates a fingerprint from the 32 bytes of a SHA-256 hash.</summary>
    /// <param name="sha256">The hash.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 32 bytes long.</exception>
    public static CertificateFingerprint FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != HashLength)
        {
            throw new ArgumentException("A SHA-256 fingerprint is 32 bytes long.", nameof(sha256));
        }

        return new(sha256.ToArray());
    }

    /// <summary>
    /// Parses an SDP fingerprint value, <c>sha-256 AB:CD:...</c> (the hash function name is case-insensitive,
    /// hex digits may be upper or lower case, leading and trailing white space is ignored).
    /// </summary>
    /// <param name="text">The value of an <c>a=fingerprint</c> attribute, without <c>a=fingerprint:</c>.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="MediaException"><see cref="MediaErrorCodes.MalformedFingerprint"/> or <see cref="MediaErrorCodes.UnsupportedFingerprintAlgorithm"/>.</exception>
    public static CertificateFingerprint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var fingerprint, out var error) ? fingerprint : throw error;
    }

    /// <summary>Parses an SDP fingerprint value without throwing; see <see cref="Parse"/>.</summary>
    /// <param name="text">The value.</param>
    /// <param name="fingerprint">The fingerprint, when the value is well formed.</param>
    /// <returns><see langword="true"/> when the value is a well-formed sha-256 fingerprint.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CertificateFingerprint? fingerprint) =>
        TryParse(text, out fingerprint, out _);

    private static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CertificateFingerprint? fingerprint, out MediaException error)
    {
        fingerprint = null;
        error = null!;
        if (text is null || text.Length > MaxTextLength)
        {
            error = Errors.MalformedFingerprint(text is null ? "it is missing" : "it is too long");
            return false;
        }

        var value = text.AsSpan().Trim();
        var space = value.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            error = Errors.MalformedFingerprint("a hash function name and a hex value separated by a space are expected");
            return false;
        }

        var algorithm = value[..space];
        if (!algorithm.Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            error = IsToken(algorithm)
                ? Errors.UnsupportedFingerprintAlgorithm(algorithm.ToString())
                : Errors.MalformedFingerprint("the hash function name is not a token");
            return false;
        }

        var hex = value[(space + 1)..].TrimStart();
        if (hex.Length != (HashLength * 3) - 1)
        {
            error = Errors.MalformedFingerprint("a sha-256 value is 32 colon-separated hex pairs");
            return false;
        }

        var hash = new byte[HashLength];
        for (var i = 0; i < HashLength; i++)
        {
            var at = i * 3;
            if ((i > 0 && hex[at - 1] != ':') || !TryHex(hex[at], out var high) || !TryHex(hex[at + 1], out var low))
            {
                error = Errors.MalformedFingerprint("a sha-256 value is 32 colon-separated hex pairs");
                return false;
            }

            hash[i] = (byte)((high << 4) | low);
        }

        fingerprint = new(hash);
        return true;
    }

    /// <summary>Formats the fingerprint for SDP: <c>sha-256</c>, a space, and upper-case hex pairs joined by colons.</summary>
    /// <returns>The SDP value, such as <c>sha-256 AB:CD:...</c>.</returns>
    public override string ToString() => $"{Sha256} {string.Join(':', _hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}";

    /// <summary>Compares the hashes in constant time.</summary>
    /// <param name="other">The other fingerprint.</param>
    /// <returns><see langword="true"/> when both hashes are equal.</returns>
    public bool Equals(CertificateFingerprint? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_hash, other._hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CertificateFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);

    private static bool IsToken(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return name.Length <= 32;
    }

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
