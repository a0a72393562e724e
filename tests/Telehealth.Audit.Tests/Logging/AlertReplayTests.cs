using Telehealth.Audit.Tests.Alerts;

namespace Telehealth.Audit.Tests.Logging;

/// <summary>Alert rules see each entry once: a restart raises nothing again, and new entries still raise alerts.</summary>
public sealed class AlertReplayTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_restart_with_no_new_appends_raises_no_alert_again()
    {
        int raised;
        await using (var host = new AuditHost(_dir))
        {
            for (var i = 0; i < 12; i++)
            {
                await host.Log.AppendAsync(FailedLogin(i));
            }

            await host.Log.DisposeAsync();
            raised = host.Alerts.Alerts.Count(a => a.RuleName == FailedLoginAlertRule.Name);
            Assert.True(raised > 0);
        }

        for (var restart = 0; restart < 3; restart++)
        {
            await using var host = new AuditHost(_dir);
            await host.Log.StartAsync();
            await host.Log.DisposeAsync();
            Assert.Empty(host.Alerts.Alerts);
        }

        await using (var host = new AuditHost(_dir))
        {
            for (var i = 0; i < 6; i++)
            {
                await host.Log.AppendAsync(FailedLogin(100 + i));
            }

            await host.Log.DisposeAsync();
            var alert = Assert.Single(host.Alerts.Alerts, a => a.RuleName == FailedLoginAlertRule.Name);
            Assert.True(alert.TriggeringSequence >= 12, $"alert for entry {alert.TriggeringSequence}, which was stored before the restart");
        }
    }

    private static AuditRecord FailedLogin(int i) => AlertEntries.FailedLogin(AlertEntries.Start.AddSeconds(i), actor: "u-9").Record with { OccurredAt = AlertEntries.Start.AddSeconds(i) };
}
