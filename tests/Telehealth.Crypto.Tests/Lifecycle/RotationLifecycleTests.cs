using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Audit;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// The rotation procedure of the README, end to end, in real containers over the same directories (as a
/// host restarted in the middle would be): records, streams, subject keys and integrity keys move to the
/// new version, the old version is retired, disabled and destroyed, and everything still reads after
/// another restart. Until everything has moved, retiring is refused, naming what blocks it.
/// </summary>
public sealed class RotationLifecycleTests : IDisposable
{
    private static readonly TokenPurpose Analytics = new("analytics");
    private static readonly StreamEncryptionOptions SmallSegments = new() { SegmentSize = 4096 };
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly MemoryEnvelopeStore _notes = new("visit-notes");
    private readonly MemoryEnvelopeStore _recordings = new("recordings");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_README_rotation_moves_everything_across_a_restart_and_ends_with_the_old_version_destroyed_and_every_record_readable()
    {
        var written = new Dictionary<string, byte[]>();
        byte[] tag, signature;
        string token;

        // Node start 1: records, streams, subject records and integrity keys, all under v1.
        await using (var host = await StartAsync())
        {
            var cipher = host.GetRequiredService<EnvelopeCipher>();
            for (var i = 0; i < 60; i++)
            {
                var key = $"note-{i:D3}";
                written[key] = Contexts.Bytes(300, i);
                _notes.Put(key, cipher.Encrypt(written[key], NoteContext(key)));
            }

            for (var i = 0; i < 4; i++)
            {
                var key = $"recording-{i}";
                written[key] = Contexts.Bytes(10_000 + i, 100 + i);
                using var envelope = new MemoryStream();
                await cipher.EncryptStreamAsync(new MemoryStream(written[key]), envelope, RecordingContext(key), SmallSegments);
                _recordings.Put(key, envelope.ToArray());
            }

            var integrity = host.GetRequiredService<IntegrityKeyStore>();
            tag = (await integrity.GetHmacKeySetAsync("order-tags")).ComputeTag("order 77"u8);
            token = (await integrity.GetTokenizerAsync("patient-ids")).Tokenize("MRN-0012345", Analytics);
            using (var signer = await integrity.GetSigningKeyAsync("e-prescriptions", SigningAlgorithm.Ed25519))
            {
                signature = signer.Sign("rx 12"u8);
            }

            // Steps 1 and 2: add a version, let it propagate, promote it.
            var keyring = host.GetRequiredService<Keyring>();
            var pending = await keyring.AddPendingVersionAsync(Operator);
            _time.Advance(TimeSpan.FromMinutes(5));
            await keyring.PromoteAsync(pending.Version, Operator);
            Assert.Equal("TH2101", (await Assert.ThrowsAsync<CryptoException>(() => keyring.SetMinimumDecryptionVersionAsync(2, Operator).AsTask())).Code);
            _time.Advance(TimeSpan.FromMinutes(1));

            // Nothing has moved yet: every source still needs v1, and retiring it is refused by name.
            var census = await keyring.TakeCensusAsync();
            Assert.Equal(
                [("integrity keys", 3L), ("recordings", 4L), ("subject keys", 11L), ("visit-notes", 60L)],
                census.Versions.Where(v => v.Version == 1).Select(v => (v.Source, v.Records)));
            var refused = await Assert.ThrowsAsync<KeyVersionInUseException>(() => keyring.DisableAsync(1, Operator).AsTask());
            Assert.Equal("TH2100", refused.Code);
            Assert.Equal(["integrity keys", "recordings", "subject keys", "visit-notes"], refused.Blockers.Select(b => b.Source));

            // Step 3: the keyring-wide rewrap job, interrupted half-way by a shutdown.
            using var stop = new CancellationTokenSource();
            _notes.BeforeRead = (key, _) =>
            {
                if (key == "note-030")
                {
                    stop.Cancel();
                }

                return ValueTask.CompletedTask;
            };
            var interrupted = new KeyRewrapJob(cipher, Checkpoint, _time, host.GetRequiredService<IAuditLog>()) { CheckpointInterval = 10 };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(stop.Token).AsTask());
            _notes.BeforeRead = null;
            Assert.True(File.Exists(Checkpoint));
        }

        // Node start 2: a fresh host over the same directories resumes the job, then retires v1.
        await using (var host = await StartAsync())
        {
            var keyring = host.GetRequiredService<Keyring>();
            var cipher = host.GetRequiredService<EnvelopeCipher>();
            var result = await new KeyRewrapJob(cipher, Checkpoint, _time, host.GetRequiredService<IAuditLog>()) { CheckpointInterval = 10 }.RunAsync();
            Assert.True(result.Resumed);
            Assert.Equal((0L, 0, 0L), (result.Failed, result.SubjectKeysFailed, result.Conflicts));

            var census = await keyring.TakeCensusAsync();
            Assert.Equal(0, census.RecordsOn("default", 1));
            Assert.Equal(0, census.Unreadable);
            Assert.Equal(60 + 4 + 11 + 3, census.RecordsOn("default", 2));

            // Step 4: retire, disable and destroy v1.
            await keyring.SetMinimumDecryptionVersionAsync(2, Operator);
            await keyring.DisableAsync(1, Operator);
            await keyring.DestroyAsync(1, Operator);
            Assert.Equal(KeyEncryptionKeyState.Destroyed, keyring.Current.Find(1)!.State);

            var audit = host.GetRequiredService<IAuditStore>();
            var actions = new List<string>();
            await foreach (var stored in audit.ReadAsync(0))
            {
                var record = AuditEntry.Decode(stored.Data.Span).Record;
                if (record.Resource == new AuditResource("crypto-key", "default/v1") || record.Action.StartsWith("crypto.rewrap", StringComparison.Ordinal))
                {
                    actions.Add(record.Action);
                }
            }

            Assert.Equal(
                ["crypto.key.created", "crypto.key.promoted", "crypto.rewrap.started", "crypto.rewrap.started", "crypto.rewrap.completed", "crypto.key.disabled", "crypto.key.destroy_requested", "crypto.key.destroyed"],
                actions);
        }

        // Node start 3: nothing cached; every record, stream and integrity key reads under v2 alone.
        await using (var host = await StartAsync())
        {
            var cipher = host.GetRequiredService<EnvelopeCipher>();
            foreach (var (key, plaintext) in written.Where(w => w.Key.StartsWith("note-", StringComparison.Ordinal)))
            {
                Assert.Equal(plaintext, cipher.Decrypt(_notes.Get(key), NoteContext(key)));
            }

            foreach (var (key, plaintext) in written.Where(w => w.Key.StartsWith("recording-", StringComparison.Ordinal)))
            {
                await using var reader = await cipher.OpenDecryptionStreamAsync(new MemoryStream(_recordings.Get(key)), RecordingContext(key));
                using var output = new MemoryStream();
                await reader.CopyToAsync(output);
                Assert.Equal(plaintext, output.ToArray());
            }

            var integrity = host.GetRequiredService<IntegrityKeyStore>();
            Assert.True((await integrity.GetHmacKeySetAsync("order-tags")).Verify("order 77"u8, tag).IsValid);
            Assert.True((await integrity.GetTokenizerAsync("patient-ids")).Matches("MRN-0012345", Analytics, token));
            Assert.True((await integrity.GetVerificationKeysAsync("e-prescriptions")).Verify("rx 12"u8, signature).IsValid);
            Assert.Equal("TH2033", Assert.Throws<CryptoException>(() => cipher.Decrypt(OldEnvelopeUnder(1), NoteContext("note-000"))).Code);
        }
    }

    private static AuditActor Operator { get; } = new("key-custodian@clinic.example", AuditActorType.User);

    private string Checkpoint => _directory.Combine("rewrap.checkpoint");

    /// <summary>Every third note and every other recording belongs to one of three patients.</summary>
    private static EncryptionContext NoteContext(string key) =>
        new("clinic-a", "visit-note", key, "storage", int.Parse(key[5..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? $"patient-{key[^1]}" : null);

    private static EncryptionContext RecordingContext(string key) =>
        new("clinic-a", "recording", key, "storage", key[^1] is '0' or '2' ? $"patient-{key[^1]}" : null);

    /// <summary>A note's envelope with its header put back on an old key version, as a stale backup would hold it.</summary>
    private byte[] OldEnvelopeUnder(int version)
    {
        var envelope = (byte[])_notes.Get("note-000").Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(8 + envelope[7]), (uint)version);
        return envelope;
    }

    /// <summary>Starts a host the way an application does: the container, then its hosted services.</summary>
    private async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = _directory.Combine("keys");
            o.MasterKeyFile = _directory.Combine("master.key");
            o.CreateMasterKeyFileIfMissing = true;
            o.EnableSubjectKeys = true;
            o.EnableScheduledRotation = false;
        });
        services.AddSingleton<IEnvelopeStore>(_notes);
        services.AddSingleton<IEnvelopeStore>(_recordings);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return provider;
    }
}
