using System.Net;
using System.Reflection;
using Telehealth.Media.Channels;
using Telehealth.Media.Dtls;

namespace Telehealth.Media.Tests;

/// <summary>The README Quickstart runs as written on loopback UDP, and the README shows exactly this code.</summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public async Task Quickstart_runs()
    {
        byte[] rtpPacket = [0x80, 96, 0, 1, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78, .. "hello"u8];
        var buffer = new byte[1500];

        // quickstart:begin
        var endpoint = new DtlsSrtpEndpoint(new DtlsSrtpOptions()); // or services.AddTelehealthMedia(...)
        using var aliceCertificate = DtlsCertificate.Generate(); // its Fingerprint goes into Alice's SDP
        using var bobCertificate = DtlsCertificate.Generate();
        var aliceUdp = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var bobUdp = UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        aliceUdp.Connect(bobUdp.LocalEndPoint); // in a call, the addresses come from ICE
        bobUdp.Connect(aliceUdp.LocalEndPoint);
        var bobOpening = SecureMediaChannel.OpenAsync(endpoint, bobUdp, DtlsRole.Server, bobCertificate, aliceCertificate.Fingerprint);
        await using var alice = await SecureMediaChannel.OpenAsync(endpoint, aliceUdp, DtlsRole.Client, aliceCertificate, bobCertificate.Fingerprint);
        await using var bob = await bobOpening;
        await alice.SendRtpAsync(rtpPacket); // sent as SRTP with the negotiated profile
        var received = await bob.ReceiveAsync(buffer); // MediaPacketKind.Rtp, the packet unprotected
        // quickstart:end

        Assert.Equal(new ReceivedMediaPacket(MediaPacketKind.Rtp, rtpPacket.Length), received);
        Assert.Equal(rtpPacket, buffer[..received.Length]);
        Assert.Equal(alice.Profile, bob.Profile);
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Media.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Media", "README.md"));

    [Fact]
    public void Readme_lists_every_error_code_with_its_constant()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("src", "Telehealth.Media", "README.md"));
        var fields = typeof(MediaErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static);

        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Contains($"| {f.GetValue(null)} | `{f.Name}` |", readme, StringComparison.Ordinal));
    }
}
