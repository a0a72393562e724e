using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>
/// Two nodes, each with its own <see cref="Keyring"/>, <see cref="EnvelopeCipher"/> and PostgreSQL
/// store instance, share one keyring in a real PostgreSQL database through a staged rotation.
/// </summary>
public sealed class MultiNodeKeyringTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task During_a_staged_rotation_each_node_decrypts_what_the_other_encrypted()
    {
        var options = database.NewSchema();
        using var masterKey = LocalMasterKey.Generate();
        var time = new FakeTimeProvider(TestKeyrings.Start);
        await using var a = await Node.StartAsync(options, masterKey, time);
        await using var b = await Node.StartAsync(options, masterKey, time);
        var context = new EncryptionContext("clinic-a", "visit-note", "note-1", "storage");

        // Both start on v1, which node A created and node B loaded.
        Assert.Equal(1, a.Keyring.Current.FindPrimary()!.Version);
        Assert.Equal(1, b.Keyring.Current.FindPrimary()!.Version);
        await AssertEachReadsTheOtherAsync(a, b, context, expectedVersion: 1);

        // Stage 1: node A adds v2 as pending. Node B learns it on refresh; both still encrypt under v1.
        var pending = await a.Keyring.AddPendingVersionAsync();
        Assert.Equal((2, KeyEncryptionKeyState.Pending), (pending.Version, pending.State));
        time.Advance(TimeSpan.FromMinutes(1));
        await b.Keyring.RefreshAsync();
        Assert.Equal(KeyEncryptionKeyState.Pending, b.Keyring.Current.Find(2)!.State);
        await AssertEachReadsTheOtherAsync(a, b, context, expectedVersion: 1);

        var underV1FromA = await a.Cipher.EncryptAsync("from a, under v1"u8.ToArray(), context);

        // Stage 2: after the propagation delay node B promotes v2 and encrypts under it at once; node A
        // reads that before and after its own refresh.
        time.Advance(TimeSpan.FromMinutes(2));
        await b.Keyring.PromoteAsync(2);
        var underV2FromB = await b.Cipher.EncryptAsync("from b, under v2"u8.ToArray(), context);
        Assert.Equal(2, EnvelopeInfo.Read(underV2FromB).KeyVersion);
        Assert.Equal("from b, under v2", Encoding.UTF8.GetString(await a.Cipher.DecryptAsync(underV2FromB, context)));

        await a.Keyring.RefreshAsync();
        await AssertEachReadsTheOtherAsync(a, b, context, expectedVersion: 2);
        Assert.Equal("from a, under v1", Encoding.UTF8.GetString(await b.Cipher.DecryptAsync(underV1FromA, context)));
        Assert.Equal("from a, under v1", Encoding.UTF8.GetString(await a.Cipher.DecryptAsync(underV1FromA, context)));

        // Each node reserved a block of wraps under v1 and under v2 (writes of their own), so both read the store once more.
        await a.Keyring.RefreshAsync();
        await b.Keyring.RefreshAsync();
        await using var reader = new PostgreSqlKeyringStore(options);
        var stored = await reader.LoadAsync(a.Keyring.Id);
        Assert.Equal([2 * 65_536L, 2 * 65_536L], stored!.Versions.Select(v => v.WrapsReserved));
        Assert.Equal([KeyEncryptionKeyState.DecryptOnly, KeyEncryptionKeyState.Primary], stored!.Versions.Select(v => v.State));
        TestKeyrings.AssertSame(stored, a.Keyring.Current);
        TestKeyrings.AssertSame(stored, b.Keyring.Current);
    }

    private static async Task AssertEachReadsTheOtherAsync(Node a, Node b, EncryptionContext context, int expectedVersion)
    {
        var fromA = await a.Cipher.EncryptAsync("written by node a"u8.ToArray(), context);
        var fromB = await b.Cipher.EncryptAsync("written by node b"u8.ToArray(), context);
        Assert.Equal(expectedVersion, EnvelopeInfo.Read(fromA).KeyVersion);
        Assert.Equal(expectedVersion, EnvelopeInfo.Read(fromB).KeyVersion);
        Assert.Equal("written by node a", Encoding.UTF8.GetString(await b.Cipher.DecryptAsync(fromA, context)));
        Assert.Equal("written by node b", Encoding.UTF8.GetString(await a.Cipher.DecryptAsync(fromB, context)));
    }

    private sealed class Node : IAsyncDisposable
    {
        private Node(PostgreSqlKeyringStore store, LocalKeyEncryptionKeyProvider provider, Keyring keyring, EnvelopeCipher cipher)
        {
            Store = store;
            Provider = provider;
            Keyring = keyring;
            Cipher = cipher;
        }

        public PostgreSqlKeyringStore Store { get; }

        public LocalKeyEncryptionKeyProvider Provider { get; }

        public Keyring Keyring { get; }

        public EnvelopeCipher Cipher { get; }

        public static async Task<Node> StartAsync(PostgreSqlKeyringStoreOptions options, LocalMasterKey masterKey, TimeProvider time)
        {
            var store = new PostgreSqlKeyringStore(options);
            var provider = new LocalKeyEncryptionKeyProvider(masterKey);
            var keyringOptions = new KeyringOptions { RefreshInterval = TimeSpan.FromMinutes(1), PropagationDelay = TimeSpan.FromMinutes(2) };
            var keyring = new Keyring(store, [provider], keyringOptions, time);
            await keyring.InitializeAsync();
            return new Node(store, provider, keyring, new EnvelopeCipher(keyring, timeProvider: time));
        }

        public async ValueTask DisposeAsync()
        {
            Cipher.Dispose();
            Provider.Dispose();
            await Store.DisposeAsync();
        }
    }
}
