namespace Telehealth.Crypto.Tests.Rewrap;

/// <summary>One census and one resumable rewrap job over the application's records and the sealed integrity keys.</summary>
public sealed class CombinedEnvelopeStoreTests
{
    [Fact]
    public async Task One_job_moves_the_records_and_the_integrity_keys_and_listing_resumes_after_any_key()
    {
        using var host = new KeyHost();
        var records = new MemoryEnvelopeStore();
        for (var i = 0; i < 5; i++)
        {
            records.Put($"record-{i}", host.Cipher.Encrypt(Contexts.Bytes(100, i), Contexts.Note($"r{i}")));
        }

        var integrity = new IntegrityKeyStore(host.Directory.Combine("integrity"), host.Cipher, host.Time);
        var tag = (await integrity.GetHmacKeySetAsync("order-tags")).ComputeTag("order"u8);
        await integrity.GetTokenizerAsync("patient-ids");
        var combined = new CombinedEnvelopeStore(records, integrity);

        var keys = await KeysAsync(combined, null);
        Assert.Equal(["000:record-0", "000:record-1", "000:record-2", "000:record-3", "000:record-4", "001:order-tags/v0000000001", "001:patient-ids/v0000000001"], keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(keys.Skip(i + 1), await KeysAsync(combined, keys[i]));
        }

        await host.RotateAsync();
        Assert.Equal(7, (await KeyVersionCensus.TakeAsync(combined)).RecordsOn("default", 1));
        var result = await new KeyRewrapJob(host.Cipher, combined, host.Directory.Combine("rewrap.checkpoint")).RunAsync();
        Assert.Equal(7, result.Rewrapped);
        Assert.Equal(7, (await KeyVersionCensus.TakeAsync(combined)).RecordsOn("default", 2));

        await host.Keyring.DisableAsync(1);
        Assert.True((await integrity.GetHmacKeySetAsync("order-tags")).Verify("order"u8, tag).IsValid);
        Assert.Equal(Contexts.Bytes(100, 3), host.Cipher.Decrypt(records.Get("record-3"), Contexts.Note("r3")));
    }

    [Fact]
    public async Task Keys_and_stores_it_does_not_know_are_refused()
    {
        var combined = new CombinedEnvelopeStore(new MemoryEnvelopeStore());
        foreach (var key in new[] { "", "00", "000", "record-1", "001:record-1", "abc:record-1", "-01:x", "0001:x" })
        {
            await Assert.ThrowsAsync<ArgumentException>("recordKey", () => combined.ReplaceHeaderAsync(key, new byte[1], 1, new byte[1]).AsTask());
        }

        Assert.Throws<ArgumentException>("stores", () => new CombinedEnvelopeStore());
        Assert.Throws<ArgumentNullException>("stores", () => new CombinedEnvelopeStore(new MemoryEnvelopeStore(), null!));
        Assert.Throws<ArgumentException>("stores", () => new CombinedEnvelopeStore(Enumerable.Range(0, CombinedEnvelopeStore.MaxStores + 1).Select(_ => (IEnvelopeStore)new MemoryEnvelopeStore())));
    }

    private static async Task<List<string>> KeysAsync(IEnvelopeStore store, string? after)
    {
        var keys = new List<string>();
        await foreach (var envelope in store.ListAsync(after))
        {
            keys.Add(envelope.RecordKey);
        }

        return keys;
    }
}
