using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Telehealth.Audit;
using Telehealth.Crypto.Tests.Streaming;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Stream decryption failures are accounted for like those of envelopes: each is audited (through the
/// same rate-limited failure audit) and counted, once the header names the key version.
/// </summary>
public sealed class StreamFailureAuditTests
{
    private static readonly StreamEncryptionOptions SmallSegments = new() { SegmentSize = 4096 };

    public static TheoryData<string, string> Failures => new()
    {
        { "wrong-context", "TH2051" },
        { "tampered-segment", "TH2051" },
        { "truncated", "TH2052" },
        { "appended", "TH2053" },
        { "no-subject-keys", "TH2009" },
        { "suite-forbidden", "TH2004" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_stream_read_is_audited_with_its_code_and_counted(string failure, string code)
    {
        await using var audit = new AuditFixture();
        var keyringId = "streams-" + Guid.NewGuid().ToString("N")[..8];
        using var host = new KeyHost(auditLog: audit.Log, subjectKeys: true, keyring: o => o.KeyringId = keyringId);
        var context = failure == "no-subject-keys" ? Contexts.Note(subject: "patient-1") : Contexts.Note();
        using var encrypted = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(Contexts.Bytes(3 * 4096)), encrypted, context, SmallSegments);
        var envelope = encrypted.ToArray();
        var reader = host.Cipher;
        using var plain = new EnvelopeCipher(host.Keyring, auditLog: audit.Log);
        using var aesForbidden = new EnvelopeCipher(host.Keyring, Forbidding(AlgorithmSuite.Aes256GcmHkdfSha256), auditLog: audit.Log);
        switch (failure)
        {
            case "wrong-context":
                context = Contexts.Note("another-note");
                break;
            case "tampered-segment":
                envelope[^20] ^= 1;
                break;
            case "truncated":
                envelope = envelope[..^(4096 + 16)];
                break;
            case "appended":
                // A whole segment more: the real final segment is then read as a middle one.
                envelope = [.. envelope, .. envelope[^(4096 + 16)..]];
                break;
            case "no-subject-keys":
                reader = plain;
                break;
            default:
                reader = aesForbidden;
                break;
        }

        using var counted = new FailureCounter(keyringId, code);
        foreach (var (name, read) in new (string, Func<Task>)[]
        {
            ("seekable", () => ReadAllAsync(reader, new MemoryStream(envelope), context)),
            ("sequential", () => ReadAllAsync(reader, new NonSeekableStream(new MemoryStream(envelope)), context)),
            ("pipe", () => PipeAsync(reader, envelope, context)),
        })
        {
            var error = await Assert.ThrowsAsync<CryptoException>(read);
            Assert.True(code == error.Code, $"{name}: {error.Code}");
        }

        var records = await audit.WaitUntilAsync(all => all.Count(r => r.Action == "crypto.decrypt.failed") >= 3);
        var failed = records.Where(r => r.Action == "crypto.decrypt.failed").ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, r =>
        {
            Assert.Equal(AuditOutcome.Failed(code), r.Outcome);
            Assert.Equal(new AuditResource("crypto-key", keyringId + "/v1"), r.Resource);
        });
        Assert.Equal(3, counted.Count);
    }

    [Fact]
    public async Task A_failing_stream_is_audited_once_however_often_it_is_read()
    {
        await using var audit = new AuditFixture();
        var keyringId = "streams-" + Guid.NewGuid().ToString("N")[..8];
        using var host = new KeyHost(auditLog: audit.Log, keyring: o => o.KeyringId = keyringId);
        using var encrypted = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(Contexts.Bytes(3 * 4096)), encrypted, Contexts.Note(), SmallSegments);
        var envelope = encrypted.ToArray();
        envelope[^20] ^= 1;

        using var counted = new FailureCounter(keyringId, "TH2051");
        await using (var stream = await host.Cipher.OpenDecryptionStreamAsync(new NonSeekableStream(new MemoryStream(envelope)), Contexts.Note()))
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await Assert.ThrowsAsync<CryptoException>(() => stream.CopyToAsync(Stream.Null));
            }
        }

        var records = await audit.WaitForAsync(r => r.Action == "crypto.decrypt.failed");
        Assert.Single(records, r => r.Action == "crypto.decrypt.failed");
        Assert.Equal(1, counted.Count);
    }

    private static EnvelopeCipherOptions Forbidding(AlgorithmSuite forbidden)
    {
        var options = new EnvelopeCipherOptions { Suite = AlgorithmSuite.All.First(s => s != forbidden) };
        options.AllowedSuites.Add(options.Suite);
        return options;
    }

    private static async Task ReadAllAsync(IEnvelopeCipher cipher, Stream source, EncryptionContext context)
    {
        await using var reader = await cipher.OpenDecryptionStreamAsync(source, context);
        await reader.CopyToAsync(Stream.Null);
    }

    private static async Task PipeAsync(IEnvelopeCipher cipher, byte[] envelope, EncryptionContext context)
    {
        var source = new Pipe();
        await source.Writer.WriteAsync(envelope);
        await source.Writer.CompleteAsync();
        await cipher.DecryptStreamAsync(source.Reader, new Pipe().Writer, context);
    }

    /// <summary>Counts <c>telehealth.crypto.envelopes.decryption_failures</c> of one keyring and code (tests run in parallel).</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public FailureCounter(string keyringId, string code)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Telehealth.Crypto" && instrument.Name == "telehealth.crypto.envelopes.decryption_failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var keyring = false;
                var matchingCode = false;
                foreach (var tag in tags)
                {
                    keyring |= tag.Key == "telehealth.crypto.keyring" && Equals(tag.Value, keyringId);
                    matchingCode |= tag.Key == "error.code" && Equals(tag.Value, code);
                }

                if (keyring && matchingCode)
                {
                    Interlocked.Add(ref _count, value);
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
