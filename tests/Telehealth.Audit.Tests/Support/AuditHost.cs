using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Audit.Tests;

/// <summary>A real container with the audit log on a file store in a temporary directory.</summary>
internal sealed class AuditHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public AuditHost(TempDirectory directory, Action<AuditOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        Directory = directory;
        var collection = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IAuditAlertSink>(Alerts)
            .AddLogging();
        services?.Invoke(collection);
        collection.AddTelehealthAudit(o =>
        {
            o.Origin = "clinic.example/audit";
            configure?.Invoke(o);
        }).UseFileStore(directory.Path);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Log = _provider.GetRequiredService<AuditLog>();
        Store = _provider.GetRequiredService<IAuditStore>();
    }

    public FakeTimeProvider Time { get; } = new(TestRecords.Epoch);

    public CollectingAlertSink Alerts { get; } = new();

    public TempDirectory Directory { get; }

    public AuditLog Log { get; }

    public IAuditStore Store { get; }

    public IServiceProvider Services => _provider;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
