using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Tests.Integrity;

public sealed class DetachedSignatureTests
{
    private static readonly byte[] Prescription = Encoding.UTF8.GetBytes("Rx|2026-11-23|patient:p-102|amoxicillin 500 mg|tid x 7 d|prescriber:npi-1234567893");

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void Sign_Verify_RoundTrip_WithLayout(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "rx-2026-11");

        var value = signer.Sign(Prescription);

        Assert.Equal(3 + 10 + 64, value.Length);
        Assert.Equal(signer.SignatureSize, value.Length);
        Assert.Equal(new byte[] { 0x01, (byte)algorithm, 10 }, value[..3]);
        Assert.Equal("rx-2026-11"u8.ToArray(), value[3..13]);
        var result = new VerificationKeySet([signer.PublicKey]).Verify(Prescription, value);
        Assert.Equal(SignatureVerificationFailure.None, result.Failure);
        Assert.True(result.IsValid);
        Assert.Equal("rx-2026-11", result.KeyId);
    }

    [Fact]
    public void Format_WorkedExample_MatchesIntegrityFormatDocument()
    {
        using var signer = SigningKey.ImportEd25519("rx-signer-1", Convert.FromHexString("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7"));

        var value = signer.Sign([0xaf, 0x82]);

        Assert.Equal(
            "01010b72782d7369676e65722d31"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
            Convert.ToHexStringLower(value));
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void Rotation_OldSignatures_VerifyAfterANewKey_UntilTheOldKeyIsRemoved(SigningAlgorithm algorithm)
    {
        using var first = SigningKey.Generate(algorithm, "orders-1");
        using var second = SigningKey.Generate(algorithm, "orders-2");
        var trusted = new VerificationKeySet([first.PublicKey]);
        var oldValue = first.Sign(Prescription);

        trusted.Add(second.PublicKey);
        var newValue = second.Sign(Prescription);

        Assert.True(trusted.Verify(Prescription, oldValue).IsValid);
        Assert.True(trusted.Verify(Prescription, newValue).IsValid);
        Assert.Equal(["orders-1", "orders-2"], trusted.KeyIds);

        Assert.True(trusted.Remove("orders-1"));
        Assert.False(trusted.Remove("orders-1"));

        var result = trusted.Verify(Prescription, oldValue);
        Assert.Equal(SignatureVerificationFailure.UnknownKey, result.Failure);
        Assert.Null(result.KeyId);
        Assert.True(trusted.Verify(Prescription, newValue).IsValid);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void Verify_EverySingleBitFlip_IsRejectedWithItsReason(SigningAlgorithm algorithm)
    {
        const string keyId = "rx-1";
        using var signer = SigningKey.Generate(algorithm, keyId);
        var trusted = new VerificationKeySet([signer.PublicKey]);
        var value = signer.Sign(Prescription);

        for (var bit = 0; bit < value.Length * 8; bit++)
        {
            var flipped = (byte[])value.Clone();
            var index = bit / 8;
            flipped[index] ^= (byte)(1 << (bit % 8));

            var result = trusted.Verify(Prescription, flipped);

            Assert.False(result.IsValid, $"bit {bit}");
            if (index == 1)
            {
                Assert.Equal(SignatureVerificationFailure.UnsupportedAlgorithm, result.Failure);
            }
            else if (index is 0 or 2)
            {
                Assert.Equal(SignatureVerificationFailure.Malformed, result.Failure);
            }
            else if (index < 3 + keyId.Length)
            {
                Assert.Contains(result.Failure, new[] { SignatureVerificationFailure.Malformed, SignatureVerificationFailure.UnknownKey });
            }
            else
            {
                Assert.Equal(SignatureVerificationFailure.BadSignature, result.Failure);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void Verify_TruncatedAtEveryLength_OrOversized_IsMalformed(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "rx-1");
        var trusted = new VerificationKeySet([signer.PublicKey]);
        var value = signer.Sign(Prescription);

        for (var length = 0; length < value.Length; length++)
        {
            var failure = trusted.Verify(Prescription, value.AsSpan(0, length)).Failure;
            Assert.Equal(SignatureVerificationFailure.Malformed, failure);
        }

        Assert.Equal(SignatureVerificationFailure.Malformed, trusted.Verify(Prescription, [.. value, 0]).Failure);
        var huge = new byte[1 << 20];
        value.CopyTo(huge, 0);
        Assert.Equal(SignatureVerificationFailure.Malformed, trusted.Verify(Prescription, huge).Failure);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x03)]
    [InlineData(0x7f)]
    [InlineData(0xff)]
    public void Verify_UnknownAlgorithmId_IsUnsupportedAlgorithm(byte algorithmId)
    {
        using var signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-1");
        var value = signer.Sign(Prescription);
        value[1] = algorithmId;

        var result = new VerificationKeySet([signer.PublicKey]).Verify(Prescription, value);

        Assert.Equal(SignatureVerificationFailure.UnsupportedAlgorithm, result.Failure);
    }

    [Fact]
    public void Verify_AlgorithmIdOfAnotherAlgorithm_IsAlgorithmMismatch()
    {
        using var signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-1");
        var value = signer.Sign(Prescription);
        value[1] = (byte)SigningAlgorithm.EcdsaP256Sha256;

        var result = new VerificationKeySet([signer.PublicKey]).Verify(Prescription, value);

        Assert.Equal(SignatureVerificationFailure.AlgorithmMismatch, result.Failure);
        Assert.Equal("rx-1", result.KeyId);
    }

    [Fact]
    public void Verify_WrongKeyId_IsUnknownKey_AndAnotherKeysSignatureIsBad()
    {
        using var signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-1");
        using var impostor = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-1");
        using var stranger = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-9");
        var trusted = new VerificationKeySet([signer.PublicKey]);

        Assert.Equal(SignatureVerificationFailure.UnknownKey, trusted.Verify(Prescription, stranger.Sign(Prescription)).Failure);
        Assert.Equal(SignatureVerificationFailure.BadSignature, trusted.Verify(Prescription, impostor.Sign(Prescription)).Failure);
        Assert.Equal(SignatureVerificationFailure.BadSignature, trusted.Verify("other"u8, signer.Sign(Prescription)).Failure);
    }

    [Fact]
    public void Verify_HeaderWithZeroOrTooLongKeyIdOrInvalidCharacters_IsMalformed()
    {
        var trusted = new VerificationKeySet([]);

        Assert.Equal(SignatureVerificationFailure.Malformed, trusted.Verify(Prescription, [0x01, 0x01, 0x00, .. new byte[64]]).Failure);
        Assert.Equal(SignatureVerificationFailure.Malformed, trusted.Verify(Prescription, [0x01, 0x01, 65, .. new byte[65 + 64]]).Failure);
        Assert.Equal(SignatureVerificationFailure.Malformed, trusted.Verify(Prescription, [0x01, 0x01, 0x02, (byte)'a', (byte)' ', .. new byte[64]]).Failure);
        Assert.Equal(SignatureVerificationFailure.UnknownKey, trusted.Verify(Prescription, [0x01, 0x01, 0x02, (byte)'a', (byte)'b', .. new byte[64]]).Failure);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void PublicKey_ExportImport_RoundTrips(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "rx-1");
        var exported = signer.PublicKey.Export();

        using var imported = VerificationKey.Import(algorithm, "rx-1", exported);

        Assert.Equal(algorithm == SigningAlgorithm.Ed25519 ? 32 : 91, exported.Length);
        Assert.Equal(exported, imported.Export());
        Assert.Equal(algorithm, imported.Algorithm);
        Assert.True(new VerificationKeySet([imported]).Verify(Prescription, signer.Sign(Prescription)).IsValid);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void PrivateKey_ExportNeedsThePolicy(SigningAlgorithm algorithm)
    {
        using var locked = SigningKey.Generate(algorithm, "rx-1");
        Assert.Equal(PrivateKeyExportPolicy.None, locked.ExportPolicy);
        Assert.Equal("TH2074", Assert.Throws<CryptoException>(locked.ExportPrivateKey).Code);

        using var exportable = SigningKey.Generate(algorithm, "rx-2", PrivateKeyExportPolicy.AllowPlaintextExport);
        var secret = exportable.ExportPrivateKey();
        try
        {
            using var restored = algorithm == SigningAlgorithm.Ed25519
                ? SigningKey.ImportEd25519("rx-2", secret)
                : SigningKey.ImportEcdsaP256("rx-2", secret);
            Assert.Equal(exportable.PublicKey.Export(), restored.PublicKey.Export());
            Assert.True(new VerificationKeySet([exportable.PublicKey]).Verify(Prescription, restored.Sign(Prescription)).IsValid);
            Assert.Equal("TH2074", Assert.Throws<CryptoException>(restored.ExportPrivateKey).Code);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    [Fact]
    public void Ecdsa_KeysNotOnP256_AreRejected()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Equal("TH2076", Assert.Throws<CryptoException>(() => VerificationKey.ImportEcdsaP256("k", p384.ExportSubjectPublicKeyInfo())).Code);
        Assert.Equal("TH2076", Assert.Throws<CryptoException>(() => SigningKey.ImportEcdsaP256("k", p384.ExportPkcs8PrivateKey())).Code);
    }

    [Fact]
    public void InvalidKeyBytes_AreRejectedWithTheirCodes()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = p256.ExportSubjectPublicKeyInfo();

        Assert.Equal("TH2075", Assert.Throws<CryptoException>(() => VerificationKey.ImportEd25519("k", new byte[31])).Code);
        Assert.Equal("TH2075", Assert.Throws<CryptoException>(() => VerificationKey.ImportEcdsaP256("k", spki.AsSpan(0, spki.Length - 1))).Code);
        Assert.Equal("TH2075", Assert.Throws<CryptoException>(() => VerificationKey.ImportEcdsaP256("k", [.. spki, 0])).Code);
        Assert.Equal("TH2078", Assert.Throws<CryptoException>(() => SigningKey.ImportEd25519("k", new byte[33])).Code);
        Assert.Equal("TH2078", Assert.Throws<CryptoException>(() => SigningKey.ImportEcdsaP256("k", [0x30, 0x03, 0x02, 0x01, 0x00])).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    [InlineData("a+b")]
    public void KeyIds_OutsideTheAlphabet_AreProgrammingErrors(string keyId)
    {
        Assert.Throws<ArgumentException>(nameof(keyId), () => SigningKey.Generate(SigningAlgorithm.Ed25519, keyId));
        Assert.Throws<ArgumentException>(nameof(keyId), () => VerificationKey.ImportEd25519(keyId, new byte[32]));
        Assert.Throws<ArgumentException>(nameof(keyId), () => SigningKey.Generate(SigningAlgorithm.Ed25519, new string('a', 65)));
        Assert.Throws<ArgumentNullException>(nameof(keyId), () => SigningKey.Generate(SigningAlgorithm.Ed25519, null!));
    }

    [Fact]
    public void DuplicateKeyIds_AreRejected()
    {
        using var a = SigningKey.Generate(SigningAlgorithm.Ed25519, "same");
        using var b = SigningKey.Generate(SigningAlgorithm.EcdsaP256Sha256, "same");

        Assert.Equal("TH2077", Assert.Throws<CryptoException>(() => new VerificationKeySet([a.PublicKey, b.PublicKey])).Code);
        var set = new VerificationKeySet([a.PublicKey]);
        Assert.Equal("TH2077", Assert.Throws<CryptoException>(() => set.Add(b.PublicKey)).Code);
    }

    [Fact]
    public void Sign_SpanForms_RespectTheDestinationSize()
    {
        using var signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-1");
        var small = new byte[signer.SignatureSize - 1];

        Assert.False(signer.TrySign(Prescription, small, out var none));
        Assert.Equal(0, none);
        Assert.Throws<ArgumentException>("destination", () => signer.Sign(Prescription, small));

        var large = new byte[signer.SignatureSize + 5];
        Assert.Equal(signer.SignatureSize, signer.Sign(Prescription, large));
        Assert.True(new VerificationKeySet([signer.PublicKey]).Verify(Prescription, large.AsSpan(0, signer.SignatureSize)).IsValid);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void SignAndVerify_FromSeveralThreads_AllSucceed(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "rx-1");
        var trusted = new VerificationKeySet([signer.PublicKey]);
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            byte[] data = [.. Prescription, (byte)i];
            if (!trusted.Verify(data, signer.Sign(data)).IsValid)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void ToString_ShowsAlgorithmAndKeyId_NotKeyBytes(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "rx-1", PrivateKeyExportPolicy.AllowPlaintextExport);
        var secret = signer.ExportPrivateKey();
        var publicBytes = signer.PublicKey.Export();

        foreach (var text in new[] { signer.ToString(), signer.PublicKey.ToString() })
        {
            Assert.Contains("rx-1", text, StringComparison.Ordinal);
            Assert.Contains(algorithm.ToString(), text, StringComparison.Ordinal);
            foreach (var bytes in new[] { secret, publicBytes })
            {
                Assert.DoesNotContain(Convert.ToHexString(bytes), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
            }
        }

        CryptographicOperations.ZeroMemory(secret);
    }
}
