using Telehealth.Audit;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Destruction is audited before it is committed, decryption failures are written before the caller
/// hears of them (or before the cipher is gone), and lock files stay put.
/// </summary>
public sealed class DestructionDurabilityTests
{
    [Fact]
    public async Task A_key_version_is_not_destroyed_when_its_intent_cannot_be_audited()
    {
        var audit = new AuditFixture();
        using var host = new KeyHost(auditLog: audit.Log);
        await host.RotateAsync();
        await host.Keyring.DisableAsync(1);
        await audit.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => host.Keyring.DestroyAsync(1).AsTask());

        var stored = (await host.Store.LoadAsync("default"))!.Find(1)!;
        Assert.Equal(KeyEncryptionKeyState.Disabled, stored.State);
        Assert.NotEmpty(stored.ProviderReference);
    }

    [Fact]
    public async Task Destroying_a_key_version_is_audited_as_an_intent_then_a_result()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost(auditLog: audit.Log);
        await host.RotateAsync();
        await host.Keyring.DisableAsync(1);
        await host.Keyring.DestroyAsync(1);

        var records = await audit.WaitForAsync(r => r.Action == "crypto.key.destroyed");
        var actions = records.Where(r => r.Resource == new AuditResource("crypto-key", "default/v1")).Select(r => r.Action).ToList();
        Assert.Equal(["crypto.key.disabled", "crypto.key.destroy_requested", "crypto.key.destroyed"], actions[^3..]);
    }

    [Fact]
    public async Task A_subject_key_is_not_destroyed_when_its_intent_cannot_be_audited_and_is_audited_twice_when_it_is()
    {
        var broken = new AuditFixture();
        using var host = new KeyHost(subjectKeys: true, auditLog: broken.Log);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "patient-1"));
        await broken.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => host.SubjectKeys!.DestroyAsync("clinic-a", "patient-1").AsTask());
        Assert.Equal(2, Directory.GetFiles(host.Directory.Combine("subjects"), "*.*").Count(f => !f.EndsWith(".lock", StringComparison.Ordinal)));

        await using var audit = new AuditFixture();
        using var subjects = new SubjectKeyStore(host.Directory.Combine("subjects"), host.Keyring, host.Time, audit.Log);
        Assert.True(await subjects.DestroyAsync("clinic-a", "patient-1"));
        var records = await audit.WaitForAsync(r => r.Action == "crypto.subject_key.destroyed");
        Assert.Equal(["crypto.subject_key.destroy_requested", "crypto.subject_key.destroyed"], records.Select(r => r.Action));
        using var cipher = new EnvelopeCipher(host.Keyring, subjectKeys: subjects);
        Assert.Equal("TH2008", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note(subject: "patient-1"))).Code);
    }

    [Fact]
    public async Task An_asynchronous_decryption_failure_is_in_the_audit_log_when_the_caller_hears_of_it()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost();
        using var cipher = new EnvelopeCipher(host.Keyring, auditLog: new SlowAuditLog(audit.Log));
        var envelope = cipher.Encrypt("x"u8, Contexts.Note());

        await Assert.ThrowsAsync<CryptoException>(() => cipher.DecryptAsync(envelope, Contexts.Note("other")).AsTask());

        Assert.Single(await ReadAllAsync(audit), r => r.Action == "crypto.decrypt.failed");
    }

    [Fact]
    public async Task A_synchronous_decryption_failure_is_in_the_audit_log_once_the_cipher_is_disposed()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost();
        var cipher = new EnvelopeCipher(host.Keyring, auditLog: new SlowAuditLog(audit.Log));
        var envelope = cipher.Encrypt("x"u8, Contexts.Note());
        Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note("other")));

        await cipher.DisposeAsync();

        Assert.Single(await ReadAllAsync(audit), r => r.Action == "crypto.decrypt.failed");
    }

    [Fact]
    public async Task A_lock_file_outlives_its_release_so_every_holder_locks_the_same_file()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("keys.lock");
        using (var first = await SecureFiles.LockAsync(path, () => new TimeoutException(), CancellationToken.None))
        {
            first.Write("held"u8);
        }

        Assert.True(File.Exists(path));
        using var second = await SecureFiles.LockAsync(path, () => new TimeoutException(), CancellationToken.None);
        var content = new byte[4];
        second.ReadExactly(content);
        Assert.Equal("held"u8.ToArray(), content);
    }

    private static async Task<List<AuditRecord>> ReadAllAsync(AuditFixture audit)
    {
        var records = new List<AuditRecord>();
        await foreach (var stored in audit.Store.ReadAsync(0))
        {
            records.Add(AuditEntry.Decode(stored.Data.Span).Record);
        }

        return records;
    }

    /// <summary>The real audit log, answering only after a pause, as one over a network does.</summary>
    private sealed class SlowAuditLog(IAuditLog inner) : IAuditLog
    {
        public async ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
        {
            await Task.Delay(200, cancellationToken);
            return await inner.AppendAsync(record, cancellationToken);
        }

        public ValueTask<SignedCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default) => inner.CheckpointAsync(cancellationToken);

        public ValueTask<InclusionProof> GetInclusionProofAsync(long sequence, long treeSize, CancellationToken cancellationToken = default) => inner.GetInclusionProofAsync(sequence, treeSize, cancellationToken);

        public ValueTask<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default) => inner.GetConsistencyProofAsync(firstSize, secondSize, cancellationToken);

        public ValueTask<AuditPage> QueryAsync(AuditQuery query, AuditActor reader, CancellationToken cancellationToken = default) => inner.QueryAsync(query, reader, cancellationToken);

        public Task ExportBundleAsync(Stream destination, long fromSequence, long toSequence, AuditActor exporter, CancellationToken cancellationToken = default) => inner.ExportBundleAsync(destination, fromSequence, toSequence, exporter, cancellationToken);
    }
}
