using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Telehealth.Media.Dtls;

/// <summary>
/// What the DTLS client and server share: the local credentials, the offered profiles, the check of the
/// peer's certificate fingerprint, and the reason a handshake was refused. BouncyCastle reports every refusal
/// as a bare alert, so the precise <see cref="MediaException"/> is kept in <see cref="Failure"/> and thrown
/// once the protocol call returns.
/// </summary>
internal sealed class DtlsSrtpPeerPolicy(DtlsCertificate certificate, CertificateFingerprint expectedRemote, DtlsSrtpOptions options)
{
    private static readonly int[] EcdsaSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private static readonly int[] RsaSuites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public DtlsSrtpOptions Options { get; } = options;

    public CertificateFingerprint ExpectedRemote { get; } = expectedRemote;

    public CertificateFingerprint? ActualRemote { get; private set; }

    public MediaException? Failure { get; private set; }

    /// <summary>Gets the exporter output, taken when the handshake completes (BouncyCastle allows it only then); zeroed by the caller.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>Checks the Extended Master Secret once more and exports the SRTP keying material (RFC 5764 §4.2).</summary>
    public void OnHandshakeComplete(TlsContext context, int profile)
    {
        if (!context.SecurityParameters.IsExtendedMasterSecret)
        {
            throw Refuse(Errors.ExtendedMasterSecretRequired(), AlertDescription.handshake_failure);
        }

        KeyingMaterial = SrtpKeyingMaterial.Export(context, (Srtp.SrtpProfile)profile);
    }

    public int[] OfferedProfiles { get; } = options.Profiles.Select(p => (int)p).ToArray();

    /// <summary>Cipher suites: ECDHE with ECDSA certificates (and RSA ones on a client when allowed), AEAD only.</summary>
    public int[] CipherSuites(TlsCrypto crypto, bool client) =>
        TlsUtilities.GetSupportedCipherSuites(crypto, client && Options.AllowRsaPeers ? [.. EcdsaSuites, .. RsaSuites] : EcdsaSuites);

    public TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto)
    {
        var tlsCertificate = new Certificate([crypto.CreateCertificate(certificate.CertificateDer.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            tlsCertificate,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Accepts the peer's certificate only if its SHA-256 fingerprint is the expected one.</summary>
    public void CheckPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Refuse(Errors.PeerCertificateMissing(), AlertDescription.handshake_failure);
        }

        // Only the end-entity certificate is bound by the fingerprint (RFC 8122 §5); the rest of a chain is ignored.
        ActualRemote = CertificateFingerprint.Compute(chain.GetCertificateAt(0).GetEncoded());
        if (!ActualRemote.Equals(ExpectedRemote))
        {
            throw Refuse(Errors.FingerprintMismatch(ExpectedRemote.ToString(), ActualRemote.ToString()), AlertDescription.bad_certificate);
        }
    }

    /// <summary>Records why the handshake is refused and returns the alert to abort it with.</summary>
    public TlsFatalAlert Refuse(MediaException failure, short alert)
    {
        Failure ??= failure;
        return new TlsFatalAlert(alert, failure.Message);
    }

    /// <summary>The server's choice: the first locally preferred profile that the client offered (RFC 5764 §4.1.1).</summary>
    public int ChooseProfile(UseSrtpData? offer)
    {
        if (offer is null)
        {
            throw Refuse(Errors.NoCommonSrtpProfile(), AlertDescription.handshake_failure);
        }

        foreach (var profile in OfferedProfiles)
        {
            if (Array.IndexOf(offer.ProtectionProfiles, profile) >= 0)
            {
                return profile;
            }
        }

        throw Refuse(Errors.NoCommonSrtpProfile(), AlertDescription.handshake_failure);
    }

    /// <summary>The client's check of the server's answer: exactly one offered profile and no MKI (RFC 5764 §4.1.1).</summary>
    public int CheckAnswer(UseSrtpData? answer)
    {
        if (answer is null)
        {
            throw Refuse(Errors.NoCommonSrtpProfile(), AlertDescription.handshake_failure);
        }

        if (answer.ProtectionProfiles.Length != 1 || Array.IndexOf(OfferedProfiles, answer.ProtectionProfiles[0]) < 0)
        {
            throw Refuse(Errors.InvalidUseSrtpAnswer("it must name exactly one of the offered profiles"), AlertDescription.illegal_parameter);
        }

        if (answer.Mki.Length != 0)
        {
            throw Refuse(Errors.InvalidUseSrtpAnswer("an MKI was not offered"), AlertDescription.illegal_parameter);
        }

        return answer.ProtectionProfiles[0];
    }

    public void RequireExtendedMasterSecret(IDictionary<int, byte[]>? extensions)
    {
        if (!TlsExtensionsUtilities.HasExtendedMasterSecretExtension(extensions))
        {
            throw Refuse(Errors.ExtendedMasterSecretRequired(), AlertDescription.handshake_failure);
        }
    }
}
