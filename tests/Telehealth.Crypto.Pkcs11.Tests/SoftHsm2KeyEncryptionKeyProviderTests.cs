using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>The provider against a real SoftHSM2 token: key attributes, wrap and unwrap, destruction, sessions.</summary>
[Collection(SoftHsm2TokenGroup.Name)]
public sealed class SoftHsm2KeyEncryptionKeyProviderTests
{
    private static readonly byte[] AssociatedData = "keyring t v1"u8.ToArray();

    [SkippableFact]
    public async Task CreateKey_generates_a_sensitive_non_extractable_AES_256_token_key()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyringId = SoftHsm2Token.NewKeyringId();
        var reference = await provider.CreateKeyAsync(keyringId, 3);
        try
        {
            Assert.Matches("^pkcs11:v1:[0-9a-f]{32}$", reference);
            var attributes = provider.RunInSession(session =>
            {
                var handle = Assert.Single(provider.FindKeys(session, reference));
                return session.GetAttributeValue(handle,
                [
                    CKA.CKA_CLASS, CKA.CKA_KEY_TYPE, CKA.CKA_VALUE_LEN, CKA.CKA_TOKEN, CKA.CKA_PRIVATE,
                    CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE,
                    CKA.CKA_ENCRYPT, CKA.CKA_DECRYPT, CKA.CKA_WRAP, CKA.CKA_UNWRAP, CKA.CKA_LABEL, CKA.CKA_ID,
                ]);
            });

            Assert.Equal((ulong)CKO.CKO_SECRET_KEY, attributes[0].GetValueAsUlong());
            Assert.Equal((ulong)CKK.CKK_AES, attributes[1].GetValueAsUlong());
            Assert.Equal(32UL, attributes[2].GetValueAsUlong());
            Assert.True(attributes[3].GetValueAsBool(), "CKA_TOKEN");
            Assert.True(attributes[4].GetValueAsBool(), "CKA_PRIVATE");
            Assert.True(attributes[5].GetValueAsBool(), "CKA_SENSITIVE");
            Assert.False(attributes[6].GetValueAsBool(), "CKA_EXTRACTABLE");
            Assert.True(attributes[7].GetValueAsBool(), "CKA_ALWAYS_SENSITIVE");
            Assert.True(attributes[8].GetValueAsBool(), "CKA_NEVER_EXTRACTABLE");
            Assert.True(attributes[9].GetValueAsBool(), "CKA_ENCRYPT");
            Assert.True(attributes[10].GetValueAsBool(), "CKA_DECRYPT");
            Assert.False(attributes[11].GetValueAsBool(), "CKA_WRAP");
            Assert.False(attributes[12].GetValueAsBool(), "CKA_UNWRAP");
            Assert.Equal($"telehealth-test/{keyringId}/v3", attributes[13].GetValueAsString());
            Assert.Equal(reference["pkcs11:v1:".Length..], Convert.ToHexStringLower(attributes[14].GetValueAsByteArray()));
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task The_key_value_cannot_be_read_or_wrapped_out_of_the_token()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            var value = provider.RunInSession(session =>
                Assert.Single(session.GetAttributeValue(Assert.Single(provider.FindKeys(session, reference)), [CKA.CKA_VALUE])));

            // Pkcs11Interop reports CKR_ATTRIBUTE_SENSITIVE from C_GetAttributeValue as an unreadable attribute.
            Assert.True(value.CannotBeRead, "C_GetAttributeValue returned CKA_VALUE of a sensitive key");

            // Nor can it be exported wrapped under another key: C_WrapKey refuses a non-extractable key.
            var refusal = provider.RunInSession(session =>
            {
                var factories = new Pkcs11InteropFactories();
                var attributes = factories.ObjectAttributeFactory;
                using var generate = factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN);
                var wrappingKey = session.GenerateKey(generate,
                [
                    attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
                    attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
                    attributes.Create(CKA.CKA_VALUE_LEN, 32UL),
                    attributes.Create(CKA.CKA_TOKEN, false),
                    attributes.Create(CKA.CKA_WRAP, true),
                ]);
                try
                {
                    using var wrap = factories.MechanismFactory.Create(CKM.CKM_AES_KEY_WRAP_PAD);
                    return Assert.Throws<Pkcs11Exception>(() => session.WrapKey(wrap, wrappingKey, Assert.Single(provider.FindKeys(session, reference))));
                }
                finally
                {
                    session.DestroyObject(wrappingKey);
                }
            });
            Assert.Equal(CKR.CKR_KEY_UNEXTRACTABLE, refusal.RV);
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task Wrap_and_unwrap_round_trip_in_the_token()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            var dataKey = RandomNumberGenerator.GetBytes(32);

            var wrapped = await provider.WrapAsync(reference, dataKey, AssociatedData);
            var again = await provider.WrapAsync(reference, dataKey, AssociatedData);
            var unwrapped = new byte[32];
            await provider.UnwrapAsync(reference, wrapped, AssociatedData, unwrapped);

            Assert.Equal(12 + 32 + 16, wrapped.Length);
            Assert.NotEqual(wrapped, again);
            Assert.False(wrapped.AsSpan(12, 32).SequenceEqual(dataKey), "the wrapped key holds the data key in clear");
            Assert.Equal(dataKey, unwrapped);
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task Wrap_and_unwrap_complete_synchronously()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var create = provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1).AsTask();
        Assert.True(create.IsCompletedSuccessfully);
        var reference = await create;
        try
        {
            var wrap = provider.WrapAsync(reference, new byte[32], ReadOnlyMemory<byte>.Empty).AsTask();
            Assert.True(wrap.IsCompletedSuccessfully);
            var unwrap = provider.UnwrapAsync(reference, await wrap, ReadOnlyMemory<byte>.Empty, new byte[32]).AsTask();
            Assert.True(unwrap.IsCompletedSuccessfully);
        }
        finally
        {
            var destroy = provider.DestroyKeyAsync(reference).AsTask();
            Assert.True(destroy.IsCompletedSuccessfully);
            await destroy;
        }
    }

    [SkippableFact]
    public async Task Unwrap_with_other_associated_data_fails_with_TH2037()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            var dataKey = new byte[32];
            var wrapped = await provider.WrapAsync(reference, RandomNumberGenerator.GetBytes(32), AssociatedData);

            var error = await Assert.ThrowsAsync<CryptoException>(() => provider.UnwrapAsync(reference, wrapped, "keyring t v2"u8.ToArray(), dataKey).AsTask());

            Assert.True(error.Code == "TH2037", error.Message);
            Assert.Equal("TH2037: The data key does not unwrap: the wrapped key was modified or belongs to another key.", error.Message);
            Assert.Equal(new byte[32], dataKey);
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task Every_bit_flip_and_truncation_of_a_wrapped_key_fails_with_TH2037()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            var wrapped = await provider.WrapAsync(reference, RandomNumberGenerator.GetBytes(32), AssociatedData);
            var dataKey = new byte[32];

            for (var bit = 0; bit < wrapped.Length * 8; bit++)
            {
                var damaged = (byte[])wrapped.Clone();
                damaged[bit / 8] ^= (byte)(1 << (bit % 8));
                var error = Assert.Throws<CryptoException>(() => provider.UnwrapAsync(reference, damaged, AssociatedData, dataKey).AsTask().GetAwaiter().GetResult());
                Assert.Equal("TH2037", error.Code);
            }

            for (var length = 0; length < wrapped.Length; length++)
            {
                var error = Assert.Throws<CryptoException>(() => provider.UnwrapAsync(reference, wrapped.AsMemory(0, length), AssociatedData, dataKey).AsTask().GetAwaiter().GetResult());
                Assert.Equal("TH2037", error.Code);
            }

            Assert.Equal(new byte[32], dataKey);
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task A_key_wrapped_under_one_token_key_does_not_unwrap_under_another()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyringId = SoftHsm2Token.NewKeyringId();
        var first = await provider.CreateKeyAsync(keyringId, 1);
        var second = await provider.CreateKeyAsync(keyringId, 2);
        try
        {
            var wrapped = await provider.WrapAsync(first, RandomNumberGenerator.GetBytes(32), AssociatedData);

            var error = await Assert.ThrowsAsync<CryptoException>(() => provider.UnwrapAsync(second, wrapped, AssociatedData, new byte[32]).AsTask());

            Assert.Equal("TH2037", error.Code);
        }
        finally
        {
            await provider.DestroyKeyAsync(first);
            await provider.DestroyKeyAsync(second);
        }
    }

    [SkippableFact]
    public async Task DestroyKey_removes_the_token_object_and_unwrapping_then_fails()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        var wrapped = await provider.WrapAsync(reference, RandomNumberGenerator.GetBytes(32), AssociatedData);

        await provider.DestroyKeyAsync(reference);

        Assert.Empty(provider.RunInSession(session => provider.FindKeys(session, reference)));
        var unwrap = Assert.Throws<CryptoException>(() => provider.UnwrapAsync(reference, wrapped, AssociatedData, new byte[32]).AsTask().GetAwaiter().GetResult());
        Assert.Equal("TH2094", unwrap.Code);
        var wrap = Assert.Throws<CryptoException>(() => provider.WrapAsync(reference, new byte[32], AssociatedData).AsTask().GetAwaiter().GetResult());
        Assert.Equal("TH2094", wrap.Code);
        await provider.DestroyKeyAsync(reference);
    }

    [SkippableFact]
    public async Task Four_threads_wrap_and_unwrap_through_one_provider()
    {
        using var provider = SoftHsm2Token.OpenProvider(maxSessions: 2);
        var keyringId = SoftHsm2Token.NewKeyringId();
        var references = new[] { await provider.CreateKeyAsync(keyringId, 1), await provider.CreateKeyAsync(keyringId, 2) };
        try
        {
            var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var reference = references[(worker + i) % 2];
                    var dataKey = RandomNumberGenerator.GetBytes(32);
                    var wrapped = await provider.WrapAsync(reference, dataKey, AssociatedData);
                    var unwrapped = new byte[32];
                    await provider.UnwrapAsync(reference, wrapped, AssociatedData, unwrapped);
                    Assert.Equal(dataKey, unwrapped);
                }
            })).ToArray();

            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var reference in references)
            {
                await provider.DestroyKeyAsync(reference);
            }
        }
    }

    [SkippableFact]
    public async Task Two_providers_with_their_own_sessions_share_the_token_keys()
    {
        using var first = SoftHsm2Token.OpenProvider();
        using var second = SoftHsm2Token.OpenProvider();
        var reference = await first.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrappedByFirst = await first.WrapAsync(reference, dataKey, AssociatedData);
        var unwrappedBySecond = new byte[32];
        await second.UnwrapAsync(reference, wrappedByFirst, AssociatedData, unwrappedBySecond);
        var wrappedBySecond = await second.WrapAsync(reference, dataKey, AssociatedData);
        var unwrappedByFirst = new byte[32];
        await first.UnwrapAsync(reference, wrappedBySecond, AssociatedData, unwrappedByFirst);

        Assert.Equal(dataKey, unwrappedBySecond);
        Assert.Equal(dataKey, unwrappedByFirst);

        // A key destroyed through one provider is gone for the other, even though the other had used it.
        await second.DestroyKeyAsync(reference);
        var error = Assert.Throws<CryptoException>(() => first.UnwrapAsync(reference, wrappedByFirst, AssociatedData, new byte[32]).AsTask().GetAwaiter().GetResult());
        Assert.Equal("TH2094", error.Code);
    }

    [SkippableFact]
    public async Task A_provider_disposed_while_another_is_open_leaves_the_other_working()
    {
        using var survivor = SoftHsm2Token.OpenProvider();
        var reference = await survivor.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            using (var other = SoftHsm2Token.OpenProvider())
            {
                await other.WrapAsync(reference, new byte[32], AssociatedData);
            }

            var dataKey = RandomNumberGenerator.GetBytes(32);
            var wrapped = await survivor.WrapAsync(reference, dataKey, AssociatedData);
            var unwrapped = new byte[32];
            await survivor.UnwrapAsync(reference, wrapped, AssociatedData, unwrapped);
            Assert.Equal(dataKey, unwrapped);
        }
        finally
        {
            await survivor.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public async Task After_the_token_drops_every_session_the_provider_opens_new_ones_and_logs_in_again()
    {
        using var provider = SoftHsm2Token.OpenProvider(maxSessions: 3);
        var reference = await provider.CreateKeyAsync(SoftHsm2Token.NewKeyringId(), 1);
        try
        {
            var dataKey = RandomNumberGenerator.GetBytes(32);
            var wrapped = await provider.WrapAsync(reference, dataKey, AssociatedData);

            // C_CloseAllSessions ends every session of the process on the token and so logs it out,
            // as a token restart would.
            provider.Slot.CloseAllSessions();

            var unwrapped = new byte[32];
            await provider.UnwrapAsync(reference, wrapped, AssociatedData, unwrapped);
            Assert.Equal(dataKey, unwrapped);
            Assert.Equal(CKS.CKS_RW_USER_FUNCTIONS, provider.RunInSession(session => session.GetSessionInfo().State));
        }
        finally
        {
            await provider.DestroyKeyAsync(reference);
        }
    }

    [SkippableFact]
    public void A_missing_token_label_fails_with_TH2091()
    {
        var options = SoftHsm2Token.Options();
        options.TokenLabel = "no-such-token-" + Guid.NewGuid().ToString("N")[..8];

        var error = Assert.Throws<CryptoException>(() => new Pkcs11KeyEncryptionKeyProvider(options));

        Assert.Equal("TH2091", error.Code);
        Assert.Equal($"TH2091: No slot holds a PKCS#11 token labelled '{options.TokenLabel}'.", error.Message);
    }

    [SkippableFact]
    public void A_wrong_pin_fails_with_TH2092_without_showing_it()
    {
        var options = SoftHsm2Token.Options();
        var pinFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pinFile, "wrong-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "\n");
            options.PinFile = pinFile;

            var error = Assert.Throws<CryptoException>(() => new Pkcs11KeyEncryptionKeyProvider(options));

            Assert.Equal("TH2092", error.Code);
            Assert.Contains("CKR_PIN_INCORRECT", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(File.ReadAllText(pinFile).Trim(), error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }

    [SkippableFact]
    public void The_pin_can_come_from_a_file()
    {
        var options = SoftHsm2Token.Options();
        var pinFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pinFile, Environment.GetEnvironmentVariable(SoftHsm2Token.PinVariable) + "\n");
            options.PinFile = pinFile;
            options.PinEnvironmentVariable = null;

            using var provider = new Pkcs11KeyEncryptionKeyProvider(options);

            Assert.Equal("pkcs11", provider.Name);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }

    [SkippableFact]
    public async Task References_that_are_not_pkcs11_v1_fail_with_TH2095()
    {
        using var provider = SoftHsm2Token.OpenProvider();

        foreach (var reference in new[] { "", "local:v1:x", "pkcs11:v1:", "pkcs11:v1:" + new string('z', 32), "pkcs11:v2:" + new string('0', 32), "pkcs11:v1:" + new string('0', 30) })
        {
            var error = await Assert.ThrowsAsync<CryptoException>(() => provider.WrapAsync(reference, new byte[32], AssociatedData).AsTask());
            Assert.Equal("TH2095", error.Code);
        }
    }

    [SkippableFact]
    public void ToString_names_the_token_and_never_the_pin()
    {
        using var provider = SoftHsm2Token.OpenProvider();

        var text = provider.ToString();

        Assert.Equal("Pkcs11KeyEncryptionKeyProvider(token: telehealth-test)".Replace("telehealth-test", Environment.GetEnvironmentVariable(SoftHsm2Token.TokenVariable), StringComparison.Ordinal), text);
        Assert.DoesNotContain(Environment.GetEnvironmentVariable(SoftHsm2Token.PinVariable)!, text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_disposed_provider_refuses_work()
    {
        var provider = SoftHsm2Token.OpenProvider();
        provider.Dispose();
        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.CreateKeyAsync("k", 1).AsTask());
    }
}
