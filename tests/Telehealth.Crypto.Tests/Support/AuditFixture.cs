using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Audit;

namespace Telehealth.Crypto.Tests;

/// <summary>A real audit log on a file store in a temporary directory, and a way to read back what it holds.</summary>
internal sealed class AuditFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services;

    public AuditFixture()
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        _services = services.BuildServiceProvider();
        Log = _services.GetRequiredService<IAuditLog>();
        Store = _services.GetRequiredService<IAuditStore>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public IAuditLog Log { get; }

    public IAuditStore Store { get; }

    /// <summary>Reads every record until one matches (appends from the synchronous decrypt path are not awaited).</summary>
    public Task<List<AuditRecord>> WaitForAsync(Func<AuditRecord, bool> condition) => WaitUntilAsync(records => records.Any(condition));

    /// <summary>Reads every record until <paramref name="done"/> holds for all of them together.</summary>
    public async Task<List<AuditRecord>> WaitUntilAsync(Func<IReadOnlyList<AuditRecord>, bool> done)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var records = new List<AuditRecord>();
            await foreach (var stored in Store.ReadAsync(0))
            {
                records.Add(AuditEntry.Decode(stored.Data.Span).Record);
            }

            if (done(records))
            {
                return records;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The expected audit records did not arrive.");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
