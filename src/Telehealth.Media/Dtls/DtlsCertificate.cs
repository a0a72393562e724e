using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Telehealth.Media.Dtls;

/// <summary>
/// A DTLS endpoint's identity: a self-signed ECDSA P-256 certificate generated for this endpoint, and its
/// private key. Peers do not validate it through a CA; each checks the other's <see cref="Fingerprint"/>
/// against the one exchanged through authenticated signaling (RFC 8122, RFC 8842). Generate one per
/// endpoint (or per call) and put <see cref="Fingerprint"/> into the local SDP.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly byte[] _der;
    private AsymmetricKeyParameter? _privateKey;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        _privateKey = privateKey;
        Fingerprint = CertificateFingerprint.Compute(der);
    }

    /// <summary>Gets the SHA-256 fingerprint of the certificate, for the local SDP <c>a=fingerprint</c>.</summary>
    public CertificateFingerprint Fingerprint { get; }

    /// <summary>Gets the certificate, DER-encoded (public data only).</summary>
    public ReadOnlySpan<byte> CertificateDer => _der;

    internal AsymmetricKeyParameter PrivateKey => _privateKey ?? throw new ObjectDisposedException(nameof(DtlsCertificate));

    /// <summary>
    /// Generates a new ECDSA P-256 key and a self-signed certificate for it, valid from one day before now
    /// (tolerating clock skew) for <paramref name="validity"/>.
    /// </summary>
    /// <param name="timeProvider">The clock; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="validity">How long the certificate is valid; the default is 30 days.</param>
    /// <returns>The certificate and its private key.</returns>
    public static DtlsCertificate Generate(TimeProvider? timeProvider = null, TimeSpan? validity = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var lifetime = validity ?? TimeSpan.FromDays(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(validity));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=telehealth-media", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(lifetime));
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(certificate.RawData, PrivateKeyFactory.CreateKey(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Drops the reference to the private key; the certificate can no longer be used for a handshake.</summary>
    public void Dispose() => _privateKey = null;

    /// <summary>Describes the certificate by its fingerprint, never by its key.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"DtlsCertificate {Fingerprint}";
}
