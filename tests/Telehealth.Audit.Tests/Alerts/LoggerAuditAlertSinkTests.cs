using Microsoft.Extensions.Logging;

namespace Telehealth.Audit.Tests.Alerts;

public sealed class LoggerAuditAlertSinkTests
{
    private static readonly DateTimeOffset T0 = AlertEntries.Start;

    [Theory]
    [InlineData(AuditAlertSeverity.Info, LogLevel.Information, 1060)]
    [InlineData(AuditAlertSeverity.Warning, LogLevel.Warning, 1061)]
    [InlineData(AuditAlertSeverity.Critical, LogLevel.Critical, 1062)]
    public async Task WritesTheAlertAtTheLevelOfItsSeverity(AuditAlertSeverity severity, LogLevel level, int eventId)
    {
        var provider = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var sink = new LoggerAuditAlertSink(factory.CreateLogger<LoggerAuditAlertSink>());

        await sink.PublishAsync(new AuditAlert("mass-export", severity, "100 or more PHI reads by actor id 'u-9'.", 4711, T0), CancellationToken.None);

        var entry = Assert.Single(provider.Entries);
        Assert.Equal(typeof(LoggerAuditAlertSink).FullName, entry.Category);
        Assert.Equal(level, entry.Level);
        Assert.Equal(eventId, entry.EventId.Id);
        Assert.Equal(
            $"Audit alert mass-export ({severity}) at sequence 4711, 2026-01-05T10:00:00.0000000+00:00: 100 or more PHI reads by actor id 'u-9'.",
            entry.Message);
        Assert.Equal("mass-export", entry.Properties["RuleName"]);
        Assert.Equal(severity, entry.Properties["Severity"]);
        Assert.Equal(4711L, entry.Properties["TriggeringSequence"]);
        Assert.Equal(T0, entry.Properties["OccurredAt"]);
        Assert.Equal("100 or more PHI reads by actor id 'u-9'.", entry.Properties["AlertMessage"]);
    }

    [Fact]
    public async Task RulesToSinkEndToEnd()
    {
        var provider = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        IAuditAlertSink sink = new LoggerAuditAlertSink(factory.CreateLogger<LoggerAuditAlertSink>());
        IAuditAlertRule[] rules = [new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5)), new BreakGlassAlertRule()];

        var entries = new[]
        {
            AlertEntries.FailedLogin(T0, ip: null),
            AlertEntries.FailedLogin(T0.AddSeconds(1), ip: null),
            AlertEntries.Entry("access.break_glass.open", T0.AddSeconds(2)),
            AlertEntries.FailedLogin(T0.AddSeconds(3), ip: null),
        };
        foreach (var entry in entries)
        {
            foreach (var rule in rules)
            {
                foreach (var alert in rule.Evaluate(entry))
                {
                    await sink.PublishAsync(alert, CancellationToken.None);
                }
            }
        }

        Assert.Equal([LogLevel.Critical, LogLevel.Warning], provider.Entries.Select(e => e.Level));
        Assert.Equal([entries[2].Sequence, entries[3].Sequence], provider.Entries.Select(e => (long)e.Properties["TriggeringSequence"]!));
    }

    [Fact]
    public async Task DisabledLevelsWriteNothing()
    {
        var provider = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Error).AddProvider(provider));
        var sink = new LoggerAuditAlertSink(factory.CreateLogger<LoggerAuditAlertSink>());
        await sink.PublishAsync(new AuditAlert("r", AuditAlertSeverity.Warning, "m", 1, T0), CancellationToken.None);
        await sink.PublishAsync(new AuditAlert("r", AuditAlertSeverity.Critical, "m", 2, T0), CancellationToken.None);
        Assert.Equal([LogLevel.Critical], provider.Entries.Select(e => e.Level));
    }

    [Fact]
    public async Task ACanceledTokenCancels()
    {
        var provider = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var sink = new LoggerAuditAlertSink(factory.CreateLogger<LoggerAuditAlertSink>());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sink.PublishAsync(new AuditAlert("r", AuditAlertSeverity.Warning, "m", 1, T0), cts.Token));
        Assert.Empty(provider.Entries);
    }

    [Fact]
    public async Task NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>("logger", () => new LoggerAuditAlertSink(null!));
        using var factory = LoggerFactory.Create(_ => { });
        var sink = new LoggerAuditAlertSink(factory.CreateLogger<LoggerAuditAlertSink>());
        await Assert.ThrowsAsync<ArgumentNullException>("alert", async () => await sink.PublishAsync(null!, CancellationToken.None));
    }

    private sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties);

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly List<LogEntry> _entries = [];

        public IReadOnlyList<LogEntry> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new CollectingLogger(categoryName, this);

        public void Dispose()
        {
        }

        private void Add(LogEntry entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }

        private sealed class CollectingLogger(string category, CollectingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        properties[key] = value;
                    }
                }

                provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), properties));
            }
        }
    }
}
