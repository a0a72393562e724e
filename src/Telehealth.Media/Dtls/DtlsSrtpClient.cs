using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Telehealth.Media.Dtls;

/// <summary>The BouncyCastle DTLS 1.2 client of DTLS-SRTP: ECDHE, Extended Master Secret required, <c>use_srtp</c>.</summary>
internal class DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy) : DefaultTlsClient(crypto)
{
    public DtlsSrtpPeerPolicy Policy => policy;

    public int NegotiatedProfile { get; private set; }

    public TlsContext Context => m_context;

    public override bool RequiresExtendedMasterSecret() => true;

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Policy.OnHandshakeComplete(m_context, NegotiatedProfile);
    }

    public override int GetHandshakeResendTimeMillis() => (int)policy.Options.InitialRetransmitTimeout.TotalMilliseconds;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(policy.OfferedProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        policy.RequireExtendedMasterSecret(serverExtensions);
        NegotiatedProfile = policy.CheckAnswer(TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions));
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => policy.CipherSuites(Crypto, client: true);

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.Policy.CheckPeerCertificate(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client.Policy.Signer(client.m_context, (BcTlsCrypto)client.Crypto);
    }
}
