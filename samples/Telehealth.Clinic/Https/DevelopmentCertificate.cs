using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Telehealth.Clinic.Https;

/// <summary>
/// The host's self-signed development certificate for <c>127.0.0.1</c> and <c>localhost</c> (ECDSA P-256), kept as an
/// owner-only PKCS#12 file in the data directory and generated again when it is missing, damaged, or about to expire.
/// Browsers do not trust it; it only keeps the loopback connection encrypted. The private key is never logged.
/// </summary>
internal sealed partial class DevelopmentCertificate : IDisposable
{
    /// <summary>How long a generated certificate is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A certificate is replaced when it expires within this period, so it never expires mid-session.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger<DevelopmentCertificate> _logger;
    private readonly Lock _lock = new();
    private X509Certificate2? _current;

    public DevelopmentCertificate(ClinicPaths paths, TimeProvider time, ILogger<DevelopmentCertificate> logger)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _path = paths.CertificateFile;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the current certificate, loading, or generating and storing, one when needed.</summary>
    /// <returns>The certificate with its private key.</returns>
    public X509Certificate2 GetCurrent()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_current is not null && IsUsable(_current, now))
            {
                return _current;
            }

            var loaded = TryLoad(now);
            if (loaded is null)
            {
                loaded = Generate(now);
                var thumbprint = loaded.Thumbprint;
                var notAfter = loaded.NotAfter.ToUniversalTime();
                LogGenerated(thumbprint, notAfter, _path);
            }

            // The previous certificate may still be serving a handshake; it is left to the finalizer.
            _current = loaded;
            return loaded;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private static bool IsUsable(X509Certificate2 certificate, DateTimeOffset now) =>
        certificate.HasPrivateKey && certificate.NotBefore.ToUniversalTime() <= now && certificate.NotAfter.ToUniversalTime() - RenewBefore > now;

    private X509Certificate2? TryLoad(DateTimeOffset now)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(_path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            LogUnreadable(_path);
            return null;
        }

        if (IsUsable(certificate, now))
        {
            return certificate;
        }

        var thumbprint = certificate.Thumbprint;
        var notAfter = certificate.NotAfter.ToUniversalTime();
        certificate.Dispose();
        LogExpired(thumbprint, notAfter);
        return null;
    }

    private X509Certificate2 Generate(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Telehealth SDK Clinic sample (development)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // Backdated a little so a client whose clock is slightly behind accepts it.
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
        var pkcs12 = created.Export(X509ContentType.Pkcs12);
        try
        {
            WriteOwnerOnly(pkcs12);
            return X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
        }
    }

    /// <summary>Writes the file owner read/write only, through a temporary file so a crash never leaves half a key.</summary>
    private void WriteOwnerOnly(byte[] content)
    {
        var temporary = _path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.Delete(temporary); // the create mode applies only to a new file
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a self-signed development HTTPS certificate {Thumbprint} for 127.0.0.1 and localhost, valid until {NotAfter:u}, stored owner-only in {Path}. Browsers will warn about it; it is for development on this machine only.")]
    private partial void LogGenerated(string thumbprint, DateTime notAfter, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The development HTTPS certificate in {Path} could not be read; a new one is generated.")]
    private partial void LogUnreadable(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "The development HTTPS certificate {Thumbprint} expires {NotAfter:u} or has expired; a new one is generated.")]
    private partial void LogExpired(string thumbprint, DateTime notAfter);
}
