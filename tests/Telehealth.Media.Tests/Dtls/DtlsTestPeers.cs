using System.Net;
using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>Two UDP transports on loopback connected to each other, and endpoints with short test timers.</summary>
internal static class DtlsTestPeers
{
    public static TheoryData<SrtpProfile> AllProfiles =>
        [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.Aes128CmHmacSha1_32, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    public static (UdpDatagramTransport A, UdpDatagramTransport B) LoopbackPair(int maxDatagramSize = 1200)
    {
        var a = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), maxDatagramSize);
        var b = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), maxDatagramSize);
        a.Connect(b.LocalEndPoint);
        b.Connect(a.LocalEndPoint);
        return (a, b);
    }

    public static DtlsSrtpOptions Options(Action<DtlsSrtpOptions>? configure = null)
    {
        var options = new DtlsSrtpOptions
        {
            InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200),
            HandshakeTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Runs client and server handshakes at once; returns both outcomes, faulted or not.</summary>
    public static async Task<(Task<DtlsSrtpAssociation> Client, Task<DtlsSrtpAssociation> Server)> HandshakeBothAsync(
        DtlsSrtpEndpoint clientEndpoint,
        DtlsSrtpEndpoint serverEndpoint,
        IDatagramTransport clientTransport,
        IDatagramTransport serverTransport,
        DtlsCertificate clientCertificate,
        DtlsCertificate serverCertificate,
        CertificateFingerprint? clientExpects = null,
        CertificateFingerprint? serverExpects = null)
    {
        var server = serverEndpoint.HandshakeAsync(serverTransport, DtlsRole.Server, serverCertificate, serverExpects ?? clientCertificate.Fingerprint);
        var client = clientEndpoint.HandshakeAsync(clientTransport, DtlsRole.Client, clientCertificate, clientExpects ?? serverCertificate.Fingerprint);
        try
        {
            await Task.WhenAll(client, server);
        }
        catch (MediaException)
        {
        }

        return (client, server);
    }

    /// <summary>
    /// Runs on a fresh loopback pair, with fresh certificates, a handshake that both sides must refuse, and
    /// returns both refusals. With <paramref name="clientExpectsAnother"/> or <paramref name="serverExpectsAnother"/>
    /// that side expects the fingerprint of a certificate the peer does not have.
    /// </summary>
    public static async Task<(MediaException Client, MediaException Server, CertificateFingerprint ClientFingerprint)> RefusedHandshakeAsync(
        DtlsSrtpEndpoint clientEndpoint,
        DtlsSrtpEndpoint serverEndpoint,
        bool clientExpectsAnother = false,
        bool serverExpectsAnother = false)
    {
        var (a, b) = LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        using var another = DtlsCertificate.Generate();
        var (client, server) = await HandshakeBothAsync(
            clientEndpoint, serverEndpoint, a, b, clientCert, serverCert,
            clientExpects: clientExpectsAnother ? another.Fingerprint : null,
            serverExpects: serverExpectsAnother ? another.Fingerprint : null);
        var clientError = await Assert.ThrowsAsync<MediaException>(() => client);
        var serverError = await Assert.ThrowsAsync<MediaException>(() => server);
        return (clientError, serverError, clientCert.Fingerprint);
    }
}
