using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Audit;

namespace Telehealth.Crypto.Tests.Integrity;

/// <summary>
/// Managed HMAC, token and signing keys: created on first use, sealed under the keyring, shared by every store on
/// the directory, rotated and retired by name with audit records, and moved by the rewrap job like any envelope.
/// </summary>
public sealed class IntegrityKeyStoreTests
{
    private static readonly byte[] Order = "order: amoxicillin 500 mg, 3x daily, 7 days"u8.ToArray();

    [Fact]
    public async Task Hmac_keys_are_created_on_first_use_rotated_with_old_tags_still_verifying_and_retired_with_audit_records()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost(auditLog: audit.Log, time: new FakeTimeProvider(audit.Time.GetUtcNow()));
        var store = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time, audit.Log);

        var keys = await store.GetHmacKeySetAsync("order-tags");
        Assert.Equal(1u, keys.PrimaryVersion);
        var oldTag = keys.ComputeTag(Order);

        // Another store on the same directory (another process) opens the same key.
        var elsewhere = new IntegrityKeyStore(store.Directory, host.Cipher, host.Time);
        Assert.Equal(oldTag, (await elsewhere.GetHmacKeySetAsync("order-tags")).ComputeTag(Order));

        host.Time.Advance(TimeSpan.FromDays(90));
        Assert.Equal(2u, await store.RotateAsync("order-tags", new AuditActor("u-security-officer", AuditActorType.User, "security-officer")));
        keys = await store.GetHmacKeySetAsync("order-tags");
        Assert.Equal(2u, keys.PrimaryVersion);
        Assert.NotEqual(oldTag, keys.ComputeTag(Order));
        Assert.Equal(1u, keys.Verify(Order, oldTag).KeyVersion);
        Assert.True(keys.Verify(Order, oldTag).IsValid);

        var info = await store.DescribeAsync("order-tags");
        Assert.NotNull(info);
        Assert.Equal(IntegrityKeyKind.Hmac, info.Kind);
        Assert.Equal([(1u, audit.Time.GetUtcNow()), (2u, audit.Time.GetUtcNow() + TimeSpan.FromDays(90))], info.Versions.Select(v => (v.Version, v.CreatedAt)));

        Assert.Equal("TH2073", (await Assert.ThrowsAsync<CryptoException>(() => store.RetireAsync("order-tags", 2))).Code);
        Assert.Equal("TH2072", (await Assert.ThrowsAsync<CryptoException>(() => store.RetireAsync("order-tags", 7))).Code);
        await store.RetireAsync("order-tags", 1);
        keys = await store.GetHmacKeySetAsync("order-tags");
        Assert.Equal([2u], keys.Versions);
        Assert.Equal(HmacVerificationFailure.UnknownKeyVersion, keys.Verify(Order, oldTag).Failure);

        var records = await audit.WaitForAsync(r => r.Action == "crypto.integrity_key.retired");
        var events = records.Where(r => r.Resource.Type == "integrity-key").Select(r => (r.Action, r.Resource.Id, r.Actor.Id)).ToList();
        Assert.Equal(
            [
                ("crypto.integrity_key.created", "order-tags/v1", "telehealth-crypto"),
                ("crypto.integrity_key.rotated", "order-tags/v2", "u-security-officer"),
                ("crypto.integrity_key.retired", "order-tags/v1", "telehealth-crypto"),
            ],
            events);
    }

    [Fact]
    public async Task Tokenizer_keys_give_the_same_tokens_to_every_store_and_a_name_keeps_its_kind()
    {
        using var host = new KeyHost();
        var store = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time);
        var purpose = new TokenPurpose("analytics");

        var token = (await store.GetTokenizerAsync("patient-ids")).Tokenize("MRN-0012345", purpose);
        Assert.Equal(token, (await new IntegrityKeyStore(store.Directory, host.Cipher, host.Time).GetTokenizerAsync("patient-ids")).Tokenize("MRN-0012345", purpose));

        await store.RotateAsync("patient-ids");
        var tokenizer = await store.GetTokenizerAsync("patient-ids");
        Assert.NotEqual(token, tokenizer.Tokenize("MRN-0012345", purpose));
        Assert.True(tokenizer.Matches("MRN-0012345", purpose, token));

        Assert.Equal("TH2085", (await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("patient-ids"))).Code);
        Assert.Equal("TH2085", (await Assert.ThrowsAsync<CryptoException>(() => store.GetVerificationKeysAsync("patient-ids"))).Code);
        Assert.Equal("TH2087", (await Assert.ThrowsAsync<CryptoException>(() => store.RotateAsync("no-such-set"))).Code);
        Assert.Equal("TH2087", (await Assert.ThrowsAsync<CryptoException>(() => store.GetVerificationKeysAsync("no-such-set"))).Code);
        Assert.Null(await store.DescribeAsync("no-such-set"));
        foreach (var name in new[] { "", "Upper", "-lead", "a/b", "../keys", new string('a', 65) })
        {
            await Assert.ThrowsAsync<ArgumentException>("name", () => store.GetTokenizerAsync(name));
        }
    }

    [Theory]
    [InlineData(SigningAlgorithm.Ed25519)]
    [InlineData(SigningAlgorithm.EcdsaP256Sha256)]
    public async Task Signing_keys_sign_with_the_primary_and_verify_every_kept_version_and_never_export(SigningAlgorithm algorithm)
    {
        using var host = new KeyHost();
        var store = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time);

        byte[] first;
        using (var key = await store.GetSigningKeyAsync("e-prescriptions", algorithm))
        {
            Assert.Equal("e-prescriptions.v1", key.KeyId);
            Assert.Equal(algorithm, key.Algorithm);
            Assert.Equal("TH2074", Assert.Throws<CryptoException>(key.ExportPrivateKey).Code);
            first = key.Sign(Order);
        }

        await store.RotateAsync("e-prescriptions");
        byte[] second;
        using (var key = await store.GetSigningKeyAsync("e-prescriptions", algorithm))
        {
            Assert.Equal("e-prescriptions.v2", key.KeyId);
            second = key.Sign(Order);
        }

        var verification = await store.GetVerificationKeysAsync("e-prescriptions");
        Assert.Equal(["e-prescriptions.v1", "e-prescriptions.v2"], verification.KeyIds);
        Assert.Equal("e-prescriptions.v1", verification.Verify(Order, first).KeyId);
        Assert.True(verification.Verify(Order, first).IsValid);
        Assert.True(verification.Verify(Order, second).IsValid);
        Assert.False(verification.Verify("order: amoxicillin 5000 mg"u8, second).IsValid);

        var other = algorithm == SigningAlgorithm.Ed25519 ? SigningAlgorithm.EcdsaP256Sha256 : SigningAlgorithm.Ed25519;
        Assert.Equal("TH2085", (await Assert.ThrowsAsync<CryptoException>(() => store.GetSigningKeyAsync("e-prescriptions", other))).Code);
    }

    [Fact]
    public async Task Sealed_keys_are_counted_by_the_census_and_moved_by_the_rewrap_job_so_an_old_key_encryption_key_can_be_retired()
    {
        using var host = new KeyHost();
        var store = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time);
        var tag = (await store.GetHmacKeySetAsync("order-tags")).ComputeTag(Order);
        await store.RotateAsync("order-tags");
        using (var key = await store.GetSigningKeyAsync("e-prescriptions", SigningAlgorithm.Ed25519))
        {
            Assert.NotEmpty(key.Sign(Order));
        }

        await host.RotateAsync();
        var census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(3, census.RecordsOn("default", 1));
        Assert.Equal(0, census.RecordsOn("default", 2));
        Assert.Equal(["e-prescriptions/v0000000001", "order-tags/v0000000001", "order-tags/v0000000002"], await ListKeysAsync(store, null));
        Assert.Equal(["order-tags/v0000000002"], await ListKeysAsync(store, "order-tags/v0000000001"));
        await store.GetHmacKeySetAsync("order");
        await store.GetHmacKeySetAsync("order-tags-2");
        var listed = await ListKeysAsync(store, null);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Skip(2), await ListKeysAsync(store, listed[1]));

        var result = await new KeyRewrapJob(host.Cipher, store, host.Directory.Combine("rewrap.checkpoint")).RunAsync();
        Assert.Equal(3, result.Rewrapped); // the two sets created after the rotation are already on version 2
        census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(0, census.RecordsOn("default", 1));
        Assert.Equal(5, census.RecordsOn("default", 2));

        await host.Keyring.SetMinimumDecryptionVersionAsync(2);
        await host.Keyring.DisableAsync(1);
        Assert.True((await store.GetHmacKeySetAsync("order-tags")).Verify(Order, tag).IsValid);
        Assert.False(await store.ReplaceHeaderAsync("order-tags/v0000000002", new byte[] { 0x00 }, 1, new byte[] { 0x00 }));
        Assert.Throws<ArgumentException>("recordKey", () => store.ReplaceHeaderAsync("../x/v1", new byte[1], 1, new byte[1]).AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Many_first_uses_at_once_from_two_stores_create_one_key()
    {
        using var host = new KeyHost();
        var stores = new[]
        {
            new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time),
            new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time),
        };

        var sets = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => stores[i % 2].GetHmacKeySetAsync("shared"))));

        Assert.Single(sets.Select(s => Convert.ToHexString(s.ComputeTag(Order))).Distinct());
        Assert.Single((await stores[0].DescribeAsync("shared"))!.Versions);
    }

    [Fact]
    public async Task Files_are_owner_only_hold_no_key_in_clear_and_damage_is_refused_with_TH2086()
    {
        using var host = new KeyHost();
        var store = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time);
        await store.GetHmacKeySetAsync("order-tags");
        var path = Path.Combine(store.Directory, "order-tags.integrity-keys.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        }

        var json = await File.ReadAllTextAsync(path);
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            var version = document.RootElement.GetProperty("versions")[0];
            Assert.Equal(["version", "createdAt", "sealed"], version.EnumerateObject().Select(p => p.Name));
            Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(version.GetProperty("sealed").GetBytesFromBase64(), Contexts.Note())).Code);
        }

        string[] damaged =
        [
            "{not json",
            "null",
            json.Replace("telehealth.integrity-keys/1", "telehealth.integrity-keys/9", StringComparison.Ordinal),
            json.Replace("\"order-tags\"", "\"other-name\"", StringComparison.Ordinal),
            json.Replace("\"primary\": 1", "\"primary\": 5", StringComparison.Ordinal),
            json.Replace("\"version\": 1", "\"version\": 0", StringComparison.Ordinal),
            json.Replace("\"kind\": \"Hmac\"", "\"kind\": \"Magic\"", StringComparison.Ordinal),
        ];
        foreach (var content in damaged)
        {
            Assert.NotEqual(json, content);
            await File.WriteAllTextAsync(path, content);
            Assert.Equal("TH2086", (await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("order-tags"))).Code);
        }

        // Every truncation, an oversized file, and every bit flip of the file's JSON text or of a sealed key.
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        for (var length = 0; length < bytes.Length; length += 7)
        {
            await File.WriteAllBytesAsync(path, bytes[..length]);
            Assert.Equal("TH2086", (await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("order-tags"))).Code);
        }

        await File.WriteAllBytesAsync(path, [.. bytes, .. new byte[1024 * 1024]]);
        Assert.Equal("TH2086", (await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("order-tags"))).Code);
        var sealedKey = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("versions")[0].GetProperty("sealed").GetBytesFromBase64();
        var flipCodes = new HashSet<string>();
        for (var bit = 0; bit < sealedKey.Length * 8; bit += 3)
        {
            var flipped = (byte[])sealedKey.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            await File.WriteAllTextAsync(path, json.Replace(Convert.ToBase64String(sealedKey), Convert.ToBase64String(flipped), StringComparison.Ordinal));
            flipCodes.Add((await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("order-tags"))).Code);
        }

        // Every flip fails closed with an envelope or key code; the body and the key commitment are among them.
        Assert.All(flipCodes, code => Assert.Matches("^TH20[0-4][0-9]$", code));
        Assert.Contains("TH2005", flipCodes);
        Assert.Contains("TH2006", flipCodes);

        // A sealed key moved to another name or version does not open: its context names both.
        await File.WriteAllTextAsync(path, json);
        var copy = Path.Combine(store.Directory, "copied.integrity-keys.json");
        await File.WriteAllTextAsync(copy, json.Replace("\"order-tags\"", "\"copied\"", StringComparison.Ordinal));
        Assert.Equal("TH2005", (await Assert.ThrowsAsync<CryptoException>(() => store.GetHmacKeySetAsync("copied"))).Code);
    }

    [Fact]
    public async Task The_crypto_services_include_an_integrity_key_store_in_the_key_directory()
    {
        using var directory = new TempDirectory();
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = directory.Combine("keys");
            o.MasterKeyFile = directory.Combine("master.key");
            o.CreateMasterKeyFileIfMissing = true;
            o.RequireAuditLog = false;
        });
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Keyring>().InitializeAsync();

        var store = provider.GetRequiredService<IntegrityKeyStore>();

        Assert.Equal(Path.Combine(directory.Combine("keys"), "integrity"), store.Directory);
        Assert.Equal(1u, (await store.GetHmacKeySetAsync("order-tags")).PrimaryVersion);
    }

    private static async Task<List<string>> ListKeysAsync(IntegrityKeyStore store, string? after)
    {
        var keys = new List<string>();
        await foreach (var envelope in store.ListAsync(after))
        {
            keys.Add(envelope.RecordKey);
        }

        return keys;
    }
}
