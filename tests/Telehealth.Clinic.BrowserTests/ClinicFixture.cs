namespace Telehealth.Clinic.BrowserTests;

/// <summary>One running clinic host on a temporary data directory, shared by the tests of the collection.</summary>
public sealed class ClinicFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private ClinicServer? _server;

    internal ClinicServer Server => _server ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _server = await ClinicServer.StartAsync(_directory.Combine("data"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>
/// The tests that start hosts or browsers run one at a time: they share one host, and each Chromium is a handful of
/// processes on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClinicHostGroup : ICollectionFixture<ClinicFixture>
{
    public const string Name = "Clinic host";
}
