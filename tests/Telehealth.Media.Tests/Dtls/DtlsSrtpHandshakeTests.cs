using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>Client and server of this package against each other over loopback UDP.</summary>
public sealed class DtlsSrtpHandshakeTests
{
    [Theory]
    [MemberData(nameof(DtlsTestPeers.AllProfiles), MemberType = typeof(DtlsTestPeers))]
    public async Task Each_profile_is_negotiated_and_both_sides_export_the_same_keying_material(SrtpProfile profile)
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        byte[]? clientMaterial = null;
        byte[]? serverMaterial = null;
        var client = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [profile])) { ObserveKeyingMaterial = (_, m) => clientMaterial = m.ToArray() };
        var server = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [profile])) { ObserveKeyingMaterial = (_, m) => serverMaterial = m.ToArray() };

        var (clientTask, serverTask) = await DtlsTestPeers.HandshakeBothAsync(client, server, a, b, clientCert, serverCert);
        await using var clientAssociation = await clientTask;
        await using var serverAssociation = await serverTask;

        Assert.Equal(profile, clientAssociation.Profile);
        Assert.Equal(profile, serverAssociation.Profile);
        Assert.Equal(serverCert.Fingerprint, clientAssociation.RemoteFingerprint);
        Assert.Equal(clientCert.Fingerprint, serverAssociation.RemoteFingerprint);
        Assert.NotNull(clientMaterial);
        Assert.Equal(SrtpKeyingMaterial.Length(profile), clientMaterial.Length);
        Assert.Equal(clientMaterial, serverMaterial);
        Assert.Contains(clientMaterial, b => b != 0);
    }

    [Fact]
    public async Task The_server_picks_its_own_preference_among_the_client_offer()
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using var _a = a;
        await using var _b = b;
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        var client = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes256Gcm, SrtpProfile.AeadAes128Gcm]));
        var server = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80]));

        var (clientTask, serverTask) = await DtlsTestPeers.HandshakeBothAsync(client, server, a, b, clientCert, serverCert);
        await using var clientAssociation = await clientTask;
        await using var serverAssociation = await serverTask;

        Assert.Equal(SrtpProfile.AeadAes256Gcm, clientAssociation.Profile);
        Assert.Equal(SrtpProfile.AeadAes256Gcm, serverAssociation.Profile);
    }

    [Fact]
    public async Task Peers_without_a_common_profile_fail_with_a_typed_error()
    {
        var client = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [SrtpProfile.Aes128CmHmacSha1_32]));
        var server = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = [SrtpProfile.AeadAes128Gcm]));

        var refused = await DtlsTestPeers.RefusedHandshakeAsync(client, server);

        Assert.Equal(MediaErrorCodes.NoCommonSrtpProfile, refused.Server.Code);
        Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Client.Code);
    }

    [Fact]
    public async Task A_client_certificate_other_than_the_announced_one_is_refused_by_the_server()
    {
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var refused = await DtlsTestPeers.RefusedHandshakeAsync(endpoint, endpoint, serverExpectsAnother: true);

        Assert.Equal(MediaErrorCodes.FingerprintMismatch, refused.Server.Code);
        Assert.Contains(refused.ClientFingerprint.ToString(), refused.Server.Message, StringComparison.Ordinal);
        Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Client.Code);
    }

    [Fact]
    public async Task A_server_certificate_other_than_the_announced_one_is_refused_by_the_client()
    {
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options());

        var refused = await DtlsTestPeers.RefusedHandshakeAsync(endpoint, endpoint, clientExpectsAnother: true);

        Assert.Equal(MediaErrorCodes.FingerprintMismatch, refused.Client.Code);
        Assert.Equal(MediaErrorCodes.HandshakeFailed, refused.Server.Code);
    }
}
