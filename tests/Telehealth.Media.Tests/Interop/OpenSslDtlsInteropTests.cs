using System.Net;
using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;
using Telehealth.Media.Tests.Dtls;

namespace Telehealth.Media.Tests.Interop;

/// <summary>
/// DTLS-SRTP against OpenSSL 3 (<c>openssl s_server</c> and <c>s_client</c> with <c>-use_srtp</c> and
/// <c>-keymatexport EXTRACTOR-dtls_srtp</c>): the negotiated profile and the exported keying material match.
/// </summary>
public sealed class OpenSslDtlsInteropTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<SrtpProfile, string, string> ServerCases => new()
    {
        { SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", "SRTP_AEAD_AES_128_GCM" },
        { SrtpProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_SHA1_80" },
        { SrtpProfile.Aes128CmHmacSha1_32, "SRTP_AES128_CM_SHA1_32", "SRTP_AES128_CM_SHA1_32" },
        { SrtpProfile.AeadAes256Gcm, "SRTP_AEAD_AES_256_GCM:SRTP_AES128_CM_SHA1_80", "SRTP_AEAD_AES_256_GCM" },
    };

    [SkippableTheory]
    [MemberData(nameof(ServerCases))]
    public async Task Our_client_and_openssl_s_server_agree_on_profile_and_keying_material(SrtpProfile expected, string serverProfiles, string opensslName)
    {
        OpenSslProcess.Require();
        var serverFingerprint = OpenSslProcess.GenerateCertificate(_dir.Combine("server.pem"), _dir.Combine("server.key"));
        var port = OpenSslProcess.FreeUdpPort();
        var length = SrtpKeyingMaterial.Length(expected);
        using var server = OpenSslProcess.Start(
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", _dir.Combine("server.pem"), "-key", _dir.Combine("server.key"),
            "-verify", "1", "-use_srtp", serverProfiles, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.WaitForAsync("ACCEPT", Patience);

        await using var transport = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        transport.Connect(new IPEndPoint(IPAddress.Loopback, port));
        using var certificate = DtlsCertificate.Generate();
        byte[]? ours = null;
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options()) { ObserveKeyingMaterial = (_, m) => ours = m.ToArray() };

        await using var association = await endpoint.HandshakeAsync(transport, DtlsRole.Client, certificate, serverFingerprint);
        await server.WaitForAsync("Keying material: ", Patience);

        Assert.Equal(expected, association.Profile);
        Assert.Equal(opensslName, server.NegotiatedProfile);
        Assert.Equal(server.KeyingMaterial, ours);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_rsa_server_is_reached_only_when_rsa_peers_are_allowed(bool allowRsaPeers)
    {
        OpenSslProcess.Require();
        var serverFingerprint = OpenSslProcess.GenerateCertificate(_dir.Combine("server.pem"), _dir.Combine("server.key"), rsa: true);
        var port = OpenSslProcess.FreeUdpPort();
        var length = SrtpKeyingMaterial.Length(SrtpProfile.AeadAes128Gcm);
        using var server = OpenSslProcess.Start(
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", _dir.Combine("server.pem"), "-key", _dir.Combine("server.key"),
            "-verify", "1", "-use_srtp", "SRTP_AEAD_AES_128_GCM", "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.WaitForAsync("ACCEPT", Patience);

        await using var transport = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        transport.Connect(new IPEndPoint(IPAddress.Loopback, port));
        using var certificate = DtlsCertificate.Generate();
        byte[]? ours = null;
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.AllowRsaPeers = allowRsaPeers)) { ObserveKeyingMaterial = (_, m) => ours = m.ToArray() };
        var handshake = endpoint.HandshakeAsync(transport, DtlsRole.Client, certificate, serverFingerprint);

        if (!allowRsaPeers)
        {
            // The client offers ECDHE_ECDSA suites only: the RSA server has none to choose.
            var refused = await Assert.ThrowsAsync<MediaException>(() => handshake);
            Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Code);
            Assert.Null(ours);
            return;
        }

        await using var association = await handshake;
        await server.WaitForAsync("Keying material: ", Patience);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, association.Profile);
        Assert.Equal(server.KeyingMaterial, ours);
    }

    public static TheoryData<SrtpProfile, string> ClientCases => new()
    {
        { SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM" },
        { SrtpProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80" },
        { SrtpProfile.AeadAes256Gcm, "SRTP_AEAD_AES_256_GCM" },
    };

    [SkippableTheory]
    [MemberData(nameof(ClientCases))]
    public async Task Openssl_s_client_and_our_server_agree_on_profile_and_keying_material(SrtpProfile expected, string opensslName)
    {
        OpenSslProcess.Require();
        var clientFingerprint = OpenSslProcess.GenerateCertificate(_dir.Combine("client.pem"), _dir.Combine("client.key"));
        var clientPort = OpenSslProcess.FreeUdpPort();
        await using var transport = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        transport.Connect(new IPEndPoint(IPAddress.Loopback, clientPort));
        using var certificate = DtlsCertificate.Generate();
        byte[]? ours = null;
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options()) { ObserveKeyingMaterial = (_, m) => ours = m.ToArray() };
        var handshake = endpoint.HandshakeAsync(transport, DtlsRole.Server, certificate, clientFingerprint);

        var length = SrtpKeyingMaterial.Length(expected);
        using var client = OpenSslProcess.Start(
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{transport.LocalEndPoint.Port}", "-bind", $"127.0.0.1:{clientPort}",
            "-cert", _dir.Combine("client.pem"), "-key", _dir.Combine("client.key"),
            "-use_srtp", opensslName, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var association = await handshake;
        await client.WaitForAsync("Keying material: ", Patience);

        Assert.Equal(expected, association.Profile);
        Assert.Equal(opensslName, client.NegotiatedProfile);
        Assert.Contains("Extended master secret: yes", client.Output, StringComparison.Ordinal);
        Assert.Equal(client.KeyingMaterial, ours);
    }
}
