using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Telehealth.Audit;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Dtls;

/// <summary>
/// Runs DTLS-SRTP handshakes (RFC 5764) with validated <see cref="DtlsSrtpOptions"/>: DTLS 1.2 only, ECDHE
/// with ECDSA certificates, Extended Master Secret required, <c>use_srtp</c> with the configured profiles,
/// and the peer's certificate accepted only by its expected SHA-256 fingerprint. Each outcome is counted,
/// logged and, when an <see cref="IAuditLog"/> is given, audited (never with key material). Thread-safe;
/// one instance serves any number of concurrent handshakes.
/// </summary>
public sealed partial class DtlsSrtpEndpoint
{
    // A DTLS record is at most 2^14 bytes of plaintext plus its expansion (RFC 6347 §4.1); nothing larger is read.
    internal const int MaxDtlsDatagram = (1 << 14) + 2048;

    private readonly TimeProvider _time;
    private readonly DtlsSrtpAudit _audit;
    private readonly ILogger _logger;
    private readonly SecureRandom _random = new();

    /// <summary>Initializes a new instance of the <see cref="DtlsSrtpEndpoint"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of the handshake timeout; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="auditLog">Where handshake outcomes are audited; none when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are not valid.</exception>
    public DtlsSrtpEndpoint(DtlsSrtpOptions options, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<DtlsSrtpEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        DtlsSrtpOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _audit = new DtlsSrtpAudit(auditLog, _time, _logger);
    }

    /// <summary>Sees the exporter output before it is split and zeroed; tests compare it with another implementation's.</summary>
    internal delegate void KeyingMaterialObserver(SrtpProfile profile, ReadOnlySpan<byte> material);

    /// <summary>Gets the options.</summary>
    public DtlsSrtpOptions Options { get; }

    internal KeyingMaterialObserver? ObserveKeyingMaterial { get; set; }

    /// <summary>Creates the BouncyCastle client; tests substitute a misbehaving one (no Extended Master Secret, a huge ClientHello).</summary>
    internal Func<BcTlsCrypto, DtlsSrtpPeerPolicy, DtlsSrtpClient> CreateClient { get; set; } = (crypto, policy) => new DtlsSrtpClient(crypto, policy);

    /// <summary>
    /// Runs the handshake over <paramref name="transport"/>, which carries nothing but DTLS until the returned
    /// association is disposed (use <c>SecureMediaChannel</c> to share one socket with media).
    /// </summary>
    /// <param name="transport">The connected datagram transport; it stays the caller's.</param>
    /// <param name="role">This endpoint's role.</param>
    /// <param name="certificate">This endpoint's certificate.</param>
    /// <param name="remoteFingerprint">The peer's fingerprint from signaling; any other certificate is refused.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The established association.</returns>
    /// <exception cref="MediaException">The handshake failed (<see cref="MediaErrorCodes.FingerprintMismatch"/>, <see cref="MediaErrorCodes.HandshakeTimeout"/>, ...).</exception>
    public Task<DtlsSrtpAssociation> HandshakeAsync(IDatagramTransport transport, DtlsRole role, DtlsCertificate certificate, CertificateFingerprint remoteFingerprint, CancellationToken cancellationToken = default) =>
        HandshakeAsync(transport, role, certificate, remoteFingerprint, association => association.SetReceivePump(ReceiveDtlsAsync(transport, association)), cancellationToken);

    /// <summary>
    /// Runs a handshake; <paramref name="started"/> is given the association before the first flight, so the
    /// caller can route received DTLS datagrams to it.
    /// </summary>
    internal async Task<DtlsSrtpAssociation> HandshakeAsync(IDatagramTransport transport, DtlsRole role, DtlsCertificate certificate, CertificateFingerprint remoteFingerprint, Action<DtlsSrtpAssociation> started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role));
        }

        _ = certificate.PrivateKey;
        using var activity = MediaTelemetry.Source.StartActivity("dtls.handshake");
        activity?.SetTag("dtls.role", role.ToString());
        var startedAt = _time.GetTimestamp();
        var policy = new DtlsSrtpPeerPolicy(certificate, remoteFingerprint, Options);
        var bridge = new DtlsDatagramBridge(Math.Min(Options.Mtu, transport.MaxDatagramSize), MaxDtlsDatagram);
        var association = new DtlsSrtpAssociation(role, certificate.Fingerprint, remoteFingerprint, transport, bridge, new CancellationTokenSource());
        using var timeout = new CancellationTokenSource(Options.HandshakeTimeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        bridge.Abort = deadline.Token;
        try
        {
            started(association);
            var crypto = new BcTlsCrypto(_random);
            await Task.Factory.StartNew(
                () => Run(role, crypto, policy, bridge, association),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = Classify(e, policy, timeout.IsCancellationRequested, cancellationToken);
            await association.DisposeAsync().ConfigureAwait(false);
            MediaTelemetry.HandshakesFailed.Add(1, new("dtls.role", role.ToString()), new("error.code", error?.Code ?? "canceled"));
            activity?.SetStatus(ActivityStatusCode.Error, error?.Code ?? "canceled");
            if (error is null)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            LogHandshakeFailed(_logger, role, error.Code, error.Message);
            await _audit.HandshakeFailedAsync(role, remoteFingerprint, error.Code, CancellationToken.None).ConfigureAwait(false);
            throw error;
        }
        catch (OperationCanceledException)
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        bridge.Abort = CancellationToken.None;
        var elapsed = _time.GetElapsedTime(startedAt);
        MediaTelemetry.HandshakesCompleted.Add(1, new("dtls.role", role.ToString()), new("srtp.profile", association.Profile.ToString()));
        LogHandshakeCompleted(_logger, role, association.Profile, elapsed.TotalMilliseconds);
        await _audit.HandshakeCompletedAsync(role, remoteFingerprint, association.Profile, CancellationToken.None).ConfigureAwait(false);
        return association;
    }

    private static MediaException? Classify(Exception e, DtlsSrtpPeerPolicy policy, bool timedOut, CancellationToken cancellationToken)
    {
        if (policy.Failure is { } refused)
        {
            return refused;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (timedOut)
        {
            return Errors.HandshakeTimeout(policy.Options.HandshakeTimeout);
        }

        return e switch
        {
            MediaException media => media,
            TlsFatalAlertReceived received => Errors.HandshakeFailed($"the peer sent the alert {AlertDescription.GetText(received.AlertDescription)}", e),
            TlsFatalAlert alert => Errors.HandshakeFailed($"a message broke the protocol ({AlertDescription.GetText(alert.AlertDescription)})", e),
            _ => Errors.HandshakeFailed(e.GetType().Name, e),
        };
    }

    private void Run(DtlsRole role, BcTlsCrypto crypto, DtlsSrtpPeerPolicy policy, DtlsDatagramBridge bridge, DtlsSrtpAssociation association)
    {
        DtlsTransport dtls;
        int profileId;
        if (role == DtlsRole.Client)
        {
            var client = CreateClient(crypto, policy);
            dtls = new DtlsClientProtocol().Connect(client, bridge);
            profileId = client.NegotiatedProfile;
        }
        else
        {
            var server = new DtlsSrtpServer(crypto, policy);
            dtls = new DtlsServerProtocol().Accept(server, bridge);
            profileId = server.NegotiatedProfile;
        }

        var profile = (SrtpProfile)profileId;
        var material = policy.KeyingMaterial ?? throw Errors.HandshakeFailed("no keying material was exported");
        try
        {
            ObserveKeyingMaterial?.Invoke(profile, material);
            var (outbound, inbound) = SrtpKeyingMaterial.CreateSessions(profile, role, material);
            association.Establish(dtls, profile, outbound, inbound);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>The receive loop of a transport used for DTLS alone: every datagram goes to the association.</summary>
    private static async Task ReceiveDtlsAsync(IDatagramTransport transport, DtlsSrtpAssociation association)
    {
        var buffer = new byte[MaxDtlsDatagram];
        try
        {
            while (true)
            {
                var length = await transport.ReceiveAsync(buffer, association.Lifetime).ConfigureAwait(false);
                association.OnDtlsDatagram(buffer.AsSpan(0, length));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (MediaException)
        {
            // The transport failed: the handshake ends in its timeout, an association simply stops listening.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DTLS-SRTP handshake completed as {Role} with profile {Profile} in {ElapsedMs:0.#} ms.")]
    private static partial void LogHandshakeCompleted(ILogger logger, DtlsRole role, SrtpProfile profile, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DTLS-SRTP handshake as {Role} failed ({Code}): {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, DtlsRole role, string code, string reason);
}
