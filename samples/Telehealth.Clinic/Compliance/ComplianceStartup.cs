using Microsoft.Extensions.Options;

namespace Telehealth.Clinic.Compliance;

/// <summary>
/// Prepares the compliance program before the server accepts requests (seeding on first run, collecting evidence),
/// then collects evidence again every <see cref="ClinicOptions.EvidenceCollectionInterval"/> so the reports stay current.
/// Registered after Telehealth.Crypto's hosted service, which initializes the keyring first.
/// </summary>
internal sealed partial class ComplianceStartup : BackgroundService
{
    private readonly ComplianceWorkspace _workspace;
    private readonly ClinicOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ComplianceStartup> _logger;

    public ComplianceStartup(ComplianceWorkspace workspace, IOptions<ClinicOptions> options, TimeProvider time, ILogger<ComplianceStartup> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _workspace = workspace;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _workspace.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.EvidenceCollectionInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _workspace.CollectEvidenceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The reports keep showing the last evidence, marked stale once it expires; the next tick retries.
                LogCollectionFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Collecting evidence failed; it is retried at the next interval.")]
    private partial void LogCollectionFailed(Exception exception);
}
