using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Audit;

namespace Telehealth.Crypto.Tests.Envelopes;

/// <summary>
/// A flood of bad ciphertexts is accounted for in the audit log without flooding it: each failure up to the
/// limit of a minute is a record of its own, and the rest of the minute is one summary with counts per code.
/// </summary>
public sealed class DecryptionFailureAuditTests
{
    [Fact]
    public async Task Failures_beyond_the_limit_of_a_minute_are_summarized_with_counts_per_code_when_the_minute_ends()
    {
        await using var audit = new AuditFixture();
        var time = new FakeTimeProvider(audit.Time.GetUtcNow());
        using var host = new KeyHost(auditLog: audit.Log, time: time, cipher: o => o.MaxAuditedDecryptionFailuresPerMinute = 3);
        var envelope = host.Cipher.Encrypt("visit note"u8, Contexts.Note());
        var tampered = (byte[])envelope.Clone();
        tampered[^1] ^= 1;
        var other = host.Cipher.Encrypt("another note"u8, Contexts.Note());
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        var spliced = (byte[])envelope.Clone();
        other.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).CopyTo(spliced.AsSpan(layout.WrappedKeyOffset));

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note("other-note"))).Code);
        }

        for (var i = 0; i < 250; i++)
        {
            Assert.Equal("TH2006", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(spliced, Contexts.Note())).Code);
        }

        // Nothing more is written until the minute ends, however many failures arrive.
        time.Advance(TimeSpan.FromSeconds(59));
        var records = await audit.WaitUntilAsync(all => CountOf(all, "crypto.decrypt.failed") >= 3);
        Assert.Equal(3, records.Count(r => r.Action == "crypto.decrypt.failed"));
        Assert.DoesNotContain(records, r => r.Action == "crypto.decrypt.failures_suppressed");

        time.Advance(TimeSpan.FromSeconds(1));
        records = await audit.WaitForAsync(r => r.Action == "crypto.decrypt.failures_suppressed");
        var summary = Assert.Single(records, r => r.Action == "crypto.decrypt.failures_suppressed");
        Assert.Equal(AuditOutcome.Failed("TH2005"), summary.Outcome);
        Assert.Equal(new AuditResource("crypto-keyring", host.Keyring.Id), summary.Resource);
        var fields = summary.Extra.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("1247", fields["failures.suppressed"]);
        Assert.Equal("997", fields["code.th2005"]);
        Assert.Equal("250", fields["code.th2006"]);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(1), DateTimeOffset.Parse(fields["window.start"], System.Globalization.CultureInfo.InvariantCulture));

        // A new minute records failures one by one again.
        Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(tampered, Contexts.Note()));
        records = await audit.WaitUntilAsync(all => CountOf(all, "crypto.decrypt.failed") >= 4);
        Assert.Equal(4, records.Count(r => r.Action == "crypto.decrypt.failed"));
    }

    [Fact]
    public async Task Failures_still_counted_when_the_cipher_is_disposed_are_written_then()
    {
        await using var audit = new AuditFixture();
        var time = new FakeTimeProvider(audit.Time.GetUtcNow());
        var host = new KeyHost(auditLog: audit.Log, time: time, cipher: o => o.MaxAuditedDecryptionFailuresPerMinute = 1);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        for (var i = 0; i < 5; i++)
        {
            Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note("other-note")));
        }

        host.Dispose();

        var records = await audit.WaitForAsync(r => r.Action == "crypto.decrypt.failures_suppressed");
        Assert.Equal("4", records.Single(r => r.Action == "crypto.decrypt.failures_suppressed").Extra.Single(f => f.Name == "failures.suppressed").Value);
    }

    [Fact]
    public async Task A_failure_record_the_audit_log_cannot_take_is_logged_with_its_action_and_code_and_nothing_secret()
    {
        var audit = new AuditFixture();
        var logger = new FakeLogger<EnvelopeCipher>();
        using var host = new KeyHost();
        using var cipher = new EnvelopeCipher(host.Keyring, null, null, host.Time, audit.Log, logger);
        var envelope = cipher.Encrypt("visit note: chest pain"u8, Contexts.Note());
        await audit.DisposeAsync();

        Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note("other-note"))).Code);

        for (var attempt = 0; attempt < 250 && logger.Collector.Count == 0; attempt++)
        {
            await Task.Delay(20);
        }

        var record = logger.Collector.LatestRecord;
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, record.Level);
        Assert.StartsWith("The audit record crypto.decrypt.failed could not be written (", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("chest pain", record.Message + record.Exception, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void The_limit_is_validated(int limit)
    {
        using var host = new KeyHost();
        Assert.Throws<ArgumentOutOfRangeException>("options", () => new EnvelopeCipher(host.Keyring, new EnvelopeCipherOptions { MaxAuditedDecryptionFailuresPerMinute = limit }));
    }

    private static int CountOf(IReadOnlyList<AuditRecord> records, string action) => records.Count(r => r.Action == action);
}
