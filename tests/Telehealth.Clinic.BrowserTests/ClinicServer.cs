using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>
/// The real clinic host on Kestrel, started in-process on a free loopback port over a given data directory, with its
/// log messages captured.
/// </summary>
internal sealed class ClinicServer : IAsyncDisposable
{
    private ClinicServer(WebApplication app, Uri baseAddress, CapturedLogs logs, string dataDirectory)
    {
        App = app;
        BaseAddress = baseAddress;
        Logs = logs;
        DataDirectory = dataDirectory;
    }

    public WebApplication App { get; }

    /// <summary>Gets the origin the host listens on, e.g. <c>https://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    public CapturedLogs Logs { get; }

    public string DataDirectory { get; }

    public T GetRequiredService<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ClinicServer> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var logs = new CapturedLogs();
        var app = ClinicHost.Build(
            [$"--Clinic:DataDirectory={dataDirectory}", "--urls=https://127.0.0.1:0", .. extraArgs],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddProvider(logs);
            });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ClinicServer(app, new Uri(app.Urls.Single() + "/"), logs, dataDirectory);
    }

    /// <summary>
    /// A client that trusts exactly the certificate stored in the data directory (pinned by thumbprint), not any
    /// certificate at all. <paramref name="seen"/> receives the certificate the server presented.
    /// </summary>
    public HttpClient CreateClient(Action<X509Certificate2>? seen = null)
    {
        using var stored = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(DataDirectory, "https-development.pfx"), password: null);
        var pinned = stored.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    seen?.Invoke(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                    return string.Equals(presented.Thumbprint, pinned, StringComparison.OrdinalIgnoreCase);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Every log message the host writes, formatted, for assertions on what it says and never says.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._messages.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
