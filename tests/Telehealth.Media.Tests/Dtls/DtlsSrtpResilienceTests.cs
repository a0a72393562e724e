using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Telehealth.Media.Dtls;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>Loss, silence, small MTUs, misbehaving and hostile peers.</summary>
public sealed class DtlsSrtpResilienceTests
{
    [Theory]
    [InlineData(2, 0)]
    [InlineData(0, 2)]
    [InlineData(3, 3)]
    public async Task Lost_flights_are_retransmitted_and_the_handshake_completes(int clientDrops, int serverDrops)
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var clientTransport = new LossyDatagramTransport(a, clientDrops);
        await using var serverTransport = new LossyDatagramTransport(b, serverDrops);
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var (clientTask, serverTask) = await DtlsTestPeers.HandshakeBothAsync(endpoint, endpoint, clientTransport, serverTransport, clientCert, serverCert);
        await using var client = await clientTask;
        await using var server = await serverTask;

        Assert.Equal(client.Profile, server.Profile);
        Assert.Equal(clientDrops, clientTransport.Dropped);
        Assert.Equal(serverDrops, serverTransport.Dropped);
    }

    [Fact]
    public async Task A_silent_peer_ends_in_the_handshake_timeout_of_the_clock()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var certificate = DtlsCertificate.Generate();
        var clock = new FakeTimeProvider();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.HandshakeTimeout = TimeSpan.FromSeconds(30)), clock);

        var handshake = endpoint.HandshakeAsync(a, DtlsRole.Client, certificate, certificate.Fingerprint);
        Assert.False(handshake.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<MediaException>(() => handshake);
        Assert.Equal(MediaErrorCodes.HandshakeTimeout, error.Code);
    }

    [Fact]
    public async Task Cancelling_a_handshake_throws_operation_canceled()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var certificate = DtlsCertificate.Generate();
        using var cts = new CancellationTokenSource();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var handshake = endpoint.HandshakeAsync(b, DtlsRole.Server, certificate, certificate.Fingerprint, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake);
    }

    [Fact]
    public async Task A_small_mtu_fragments_a_large_client_hello_and_the_handshake_completes()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair(maxDatagramSize: 256);
        await using var _a = a;
        await using var _b = b;
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        var options = DtlsTestPeers.Options(o => o.Mtu = 256);
        // A 3000-byte padding extension stands in for a post-quantum-sized ClientHello: about 12 fragments.
        var client = new DtlsSrtpEndpoint(options) { CreateClient = (crypto, policy) => new PaddedClient(crypto, policy, 3000) };
        var server = new DtlsSrtpEndpoint(options);

        var (clientTask, serverTask) = await DtlsTestPeers.HandshakeBothAsync(client, server, a, b, clientCert, serverCert);
        await using var clientAssociation = await clientTask;
        await using var serverAssociation = await serverTask;

        Assert.Equal(clientAssociation.Profile, serverAssociation.Profile);
    }

    [Fact]
    public async Task A_client_without_extended_master_secret_is_refused()
    {
        var client = new DtlsSrtpEndpoint(DtlsTestPeers.Options()) { CreateClient = (crypto, policy) => new ClientWithoutExtendedMasterSecret(crypto, policy) };
        var server = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var refused = await DtlsTestPeers.RefusedHandshakeAsync(client, server);

        Assert.Equal(MediaErrorCodes.ExtendedMasterSecretRequired, refused.Server.Code);
        Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Client.Code);
    }

    [Fact]
    public async Task A_client_that_sends_no_certificate_is_refused()
    {
        var client = new DtlsSrtpEndpoint(DtlsTestPeers.Options()) { CreateClient = (crypto, policy) => new ClientWithoutCertificate(crypto, policy) };
        var server = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var refused = await DtlsTestPeers.RefusedHandshakeAsync(client, server);

        Assert.Equal(MediaErrorCodes.PeerCertificateMissing, refused.Server.Code);
        Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Client.Code);
    }

    [Fact]
    public async Task Hostile_datagrams_before_the_client_hello_are_dropped_and_the_handshake_completes()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options());
        var server = endpoint.HandshakeAsync(b, DtlsRole.Server, serverCert, clientCert.Fingerprint);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        foreach (var datagram in HostileDatagrams(300))
        {
            await a.SendAsync(datagram);
        }

        var client = endpoint.HandshakeAsync(a, DtlsRole.Client, clientCert, serverCert.Fingerprint);
        await using var clientAssociation = await client;
        await using var serverAssociation = await server;

        Assert.Equal(clientAssociation.Profile, serverAssociation.Profile);
        // Every hostile datagram is at most one MTU and is parsed or dropped without being kept: the whole run,
        // handshake included, stays far below what buffering them would take.
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, 0, 64L << 20);
    }

    [Fact]
    public async Task A_peer_sending_only_hostile_datagrams_ends_in_a_typed_timeout()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var certificate = DtlsCertificate.Generate();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.HandshakeTimeout = TimeSpan.FromSeconds(2)));
        var server = endpoint.HandshakeAsync(b, DtlsRole.Server, certificate, certificate.Fingerprint);

        foreach (var datagram in HostileDatagrams(200))
        {
            await a.SendAsync(datagram);
        }

        var error = await Assert.ThrowsAsync<MediaException>(() => server);
        Assert.Contains(error.Code, new[] { MediaErrorCodes.HandshakeTimeout, MediaErrorCodes.HandshakeFailed });
    }

    /// <summary>Random bytes, DTLS record headers with truncated bodies, and handshake fragments claiming huge lengths.</summary>
    private static IEnumerable<byte[]> HostileDatagrams(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var datagram = new byte[RandomNumberGenerator.GetInt32(1, 1200)];
            RandomNumberGenerator.Fill(datagram);
            switch (i % 4)
            {
                case 0:
                    // Random bytes in the DTLS range of RFC 7983.
                    datagram[0] = (byte)RandomNumberGenerator.GetInt32(20, 64);
                    break;
                case 1 when datagram.Length >= 13:
                    // A handshake record header (DTLS 1.2, epoch 0) whose length runs past the datagram.
                    datagram[0] = 22;
                    datagram[1] = 0xFE;
                    datagram[2] = 0xFD;
                    datagram[3] = 0;
                    datagram[4] = 0;
                    datagram[11] = 0xFF;
                    datagram[12] = 0xFF;
                    break;
                case 2 when datagram.Length >= 25:
                    // A ClientHello fragment that claims a 16 MiB message and an offset near its end.
                    datagram[0] = 22;
                    datagram[1] = 0xFE;
                    datagram[2] = 0xFD;
                    datagram.AsSpan(3, 8).Clear();
                    datagram[11] = (byte)((datagram.Length - 13) >> 8);
                    datagram[12] = (byte)(datagram.Length - 13);
                    datagram[13] = 1;
                    datagram[14] = 0xFF;
                    datagram[15] = 0xFF;
                    datagram[16] = 0xFF;
                    datagram[19] = 0xFF;
                    datagram[20] = 0xFF;
                    datagram[21] = 0x00;
                    break;
                default:
                    break;
            }

            yield return datagram;
        }
    }

    /// <summary>Answers the server's certificate request with an empty certificate list.</summary>
    private sealed class ClientWithoutCertificate(BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy) : DtlsSrtpClient(crypto, policy)
    {
        public override TlsAuthentication GetAuthentication() => new NoCredentials(Policy);

        private sealed class NoCredentials(DtlsSrtpPeerPolicy policy) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => policy.CheckPeerCertificate(serverCertificate.Certificate);

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => null!;
        }
    }

    private sealed class ClientWithoutExtendedMasterSecret(BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy) : DtlsSrtpClient(crypto, policy)
    {
        public override bool ShouldUseExtendedMasterSecret() => false;

        public override bool RequiresExtendedMasterSecret() => false;

        public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
        {
        }
    }

    private sealed class PaddedClient(BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy, int padding) : DtlsSrtpClient(crypto, policy)
    {
        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            var extensions = base.GetClientExtensions();
            TlsExtensionsUtilities.AddPaddingExtension(extensions, padding);
            return extensions;
        }
    }
}
