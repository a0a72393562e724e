using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telehealth.Crypto;

/// <summary>
/// Initializes the keyring when the host starts and then runs scheduled rotation
/// (<see cref="Keyring.RunScheduledRotationAsync"/>) every <see cref="CryptoOptions.RotationCheckInterval"/>.
/// </summary>
internal sealed partial class KeyRotationService(Keyring keyring, IOptions<CryptoOptions> options, TimeProvider time, ILogger<KeyRotationService> logger) : BackgroundService
{
    private readonly ILogger _logger = logger;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await keyring.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EnableScheduledRotation)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RotationCheckInterval, time);
        do
        {
            try
            {
                var step = await keyring.RunScheduledRotationAsync(stoppingToken).ConfigureAwait(false);
                if (step is KeyRotationStep.AddedPending or KeyRotationStep.Promoted)
                {
                    LogStep(keyring.Id, step);
                }
            }
            catch (CryptoException ex)
            {
                LogFailed(keyring.Id, ex.Code, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled rotation of keyring {KeyringId}: {Step}.")]
    private partial void LogStep(string keyringId, KeyRotationStep step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled rotation of keyring {KeyringId} failed ({Code}); it is retried at the next check.")]
    private partial void LogFailed(string keyringId, string code, Exception exception);
}
