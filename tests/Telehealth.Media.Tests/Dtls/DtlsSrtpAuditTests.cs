using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telehealth.Audit;
using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>Handshake outcomes in a real (file-backed) audit log, and the DI registration.</summary>
public sealed class DtlsSrtpAuditTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Completed_and_failed_handshakes_are_audited_without_key_material()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_dir.Combine("audit"));
        services.AddTelehealthMedia(o =>
        {
            o.Profiles = [SrtpProfile.AeadAes256Gcm];
            o.InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200);
        });
        await using var provider = services.BuildServiceProvider();
        var endpoint = provider.GetRequiredService<DtlsSrtpEndpoint>();
        byte[]? material = null;
        endpoint.ObserveKeyingMaterial = (_, m) => material = m.ToArray();
        using var clientCert = DtlsCertificate.Generate();
        using var serverCert = DtlsCertificate.Generate();
        using var stranger = DtlsCertificate.Generate();

        var (a, b) = DtlsTestPeers.LoopbackPair();
        await using (a)
        await using (b)
        {
            var (client, server) = await DtlsTestPeers.HandshakeBothAsync(endpoint, endpoint, a, b, clientCert, serverCert);
            await (await client).DisposeAsync();
            await (await server).DisposeAsync();
        }

        (a, b) = DtlsTestPeers.LoopbackPair();
        await using (a)
        await using (b)
        {
            var (client, server) = await DtlsTestPeers.HandshakeBothAsync(endpoint, endpoint, a, b, clientCert, serverCert, clientExpects: stranger.Fingerprint);
            await Assert.ThrowsAsync<MediaException>(() => client);
            await Assert.ThrowsAsync<MediaException>(() => server);
        }

        var records = new List<(AuditRecord Record, byte[] Raw)>();
        await foreach (var stored in provider.GetRequiredService<IAuditStore>().ReadAsync(0))
        {
            records.Add((AuditEntry.Decode(stored.Data.Span).Record, stored.Data.ToArray()));
        }

        var completed = records.Where(r => r.Record.Action == "media.dtls.handshake.completed").Select(r => r.Record).ToList();
        Assert.Equal(2, completed.Count);
        Assert.All(completed, r => Assert.Contains(r.Extra, f => f.Name == "srtp.profile" && f.Value == nameof(SrtpProfile.AeadAes256Gcm)));
        Assert.Contains(completed, r => r.Resource == new AuditResource("media-dtls-peer", serverCert.Fingerprint.ToString()));
        var failed = records.Where(r => r.Record.Action == "media.dtls.handshake.failed").Select(r => r.Record).ToList();
        Assert.Contains(failed, r => r.Outcome == AuditOutcome.Failed(MediaErrorCodes.FingerprintMismatch) && r.Resource.Id == stranger.Fingerprint.ToString());
        Assert.Contains(failed, r => r.Outcome == AuditOutcome.Failed(MediaErrorCodes.HandshakeFailed));

        // No stored record contains any 8-byte window of the exported keying material.
        Assert.NotNull(material);
        Assert.All(records, r => Assert.True(r.Raw.AsSpan().IndexOf(material.AsSpan(0, 8)) < 0));
    }

    [Fact]
    public void Invalid_options_fail_at_start_up_with_every_error_listed()
    {
        var services = new ServiceCollection().AddTelehealthMedia(o =>
        {
            o.Profiles = [];
            o.Mtu = 100;
            o.InitialRetransmitTimeout = TimeSpan.Zero;
            o.HandshakeTimeout = TimeSpan.FromHours(1);
            o.ReceiveQueueCapacity = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DtlsSrtpOptions>>().Value);
        Assert.Equal(
            [
                "DtlsSrtpOptions.Profiles must name at least one SRTP profile.",
                "DtlsSrtpOptions.Mtu must be between 256 and 65507.",
                "DtlsSrtpOptions.InitialRetransmitTimeout must be between 50 ms and 10 s.",
                "DtlsSrtpOptions.HandshakeTimeout must be between 100 ms and 10 minutes.",
                "DtlsSrtpOptions.ReceiveQueueCapacity must be between 1 and 65536.",
            ],
            error.Failures);
    }

    [Fact]
    public void Repeated_or_unknown_profiles_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new DtlsSrtpEndpoint(new DtlsSrtpOptions { Profiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes128Gcm, (SrtpProfile)0x0003] }));
        Assert.Equal(
            ["DtlsSrtpOptions.Profiles contains a profile that is not supported.", "DtlsSrtpOptions.Profiles lists a profile more than once."],
            error.Failures);
    }

    [Fact]
    public void The_endpoint_argument_checks_name_their_parameter()
    {
        Assert.Throws<ArgumentNullException>("options", () => new DtlsSrtpEndpoint(null!));
        Assert.Throws<ArgumentNullException>("services", () => TelehealthMediaServiceCollectionExtensions.AddTelehealthMedia(null!));
    }
}
