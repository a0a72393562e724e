using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Telehealth.Media.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 server of DTLS-SRTP: ECDHE with an ECDSA certificate, Extended Master Secret
/// required, a client certificate required, and one <c>use_srtp</c> profile chosen by local preference.
/// </summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy) : DefaultTlsServer(crypto)
{
    public int NegotiatedProfile { get; private set; }

    public TlsContext Context => m_context;

    public override bool RequiresExtendedMasterSecret() => true;

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        policy.OnHandshakeComplete(m_context, NegotiatedProfile);
    }

    public override int GetHandshakeResendTimeMillis() => (int)policy.Options.InitialRetransmitTimeout.TotalMilliseconds;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        policy.RequireExtendedMasterSecret(clientExtensions);
        NegotiatedProfile = policy.ChooseProfile(TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions));
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([NegotiatedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => policy.CheckPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => policy.Signer(m_context, (BcTlsCrypto)Crypto);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => policy.CipherSuites(Crypto, client: false);
}
