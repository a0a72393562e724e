using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>A real audit log on the file store in a temporary directory, in a real container.</summary>
internal sealed class AuditHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _provider;

    public AuditHost()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(Time).AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        _provider = services.BuildServiceProvider();
        Log = _provider.GetRequiredService<AuditLog>();
        Store = _provider.GetRequiredService<IAuditStore>();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public AuditLog Log { get; }

    public IAuditStore Store { get; }

    public string Directory => _directory.Combine("audit");

    public async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Log.AppendAsync(new AuditRecord
            {
                Actor = new AuditActor("u-1", AuditActorType.User, "clinician"),
                Action = "phi.read",
                Resource = new AuditResource("patient-record", "r-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            });
        }
    }

    /// <summary>Flips the last byte of the first segment file: the stored hash of its last entry.</summary>
    public async Task TamperAsync()
    {
        var segment = System.IO.Directory.GetFiles(Directory, "segment-*.log").Order(StringComparer.Ordinal).First();
        await using var stream = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(-1, SeekOrigin.End);
        var last = stream.ReadByte();
        stream.Seek(-1, SeekOrigin.End);
        stream.WriteByte((byte)(last ^ 0x01));
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _directory.Dispose();
    }
}
