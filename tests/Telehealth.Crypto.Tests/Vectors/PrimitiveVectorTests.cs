using System.Security.Cryptography;
using NSec.Cryptography;

namespace Telehealth.Crypto.Tests;

/// <summary>The primitives under the envelope suites, against their published test vectors.</summary>
public sealed class PrimitiveVectorTests
{
    public static TheoryData<string, string, string, int, string> Rfc5869Sha256Cases() => new()
    {
        // RFC 5869 appendix A.1, A.2, A.3 (HKDF-SHA256).
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
        {
            string.Concat(Enumerable.Range(0x00, 80).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
            string.Concat(Enumerable.Range(0x60, 80).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
            string.Concat(Enumerable.Range(0xb0, 80).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
            82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        },
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
    };

    [Theory]
    [MemberData(nameof(Rfc5869Sha256Cases))]
    public void Rfc5869_HkdfSha256_appendix_A_cases(string ikm, string salt, string info, int length, string okm)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromHexString(ikm), output, Convert.FromHexString(salt), Convert.FromHexString(info));
        Assert.Equal(okm, Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Message_key_derivation_is_plain_HKDF_SHA256_with_the_documented_label()
    {
        var dataKey = Contexts.Bytes(32, 3);
        var derived = new byte[64];
        MessageKeyMaterial.Derive(AlgorithmSuite.Aes256GcmHkdfSha256, 0, dataKey, default, derived);
        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 64, [], [.. "THEV1 keys"u8, 0x01, 0x00]);
        Assert.Equal(expected, derived);
    }

    [Fact]
    public void DraftIrtfCfrgXChaCha03_A3_1_XChaCha20Poly1305()
    {
        var key = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        var nonce = Convert.FromHexString("404142434445464748494a4b4c4d4e4f5051525354555657");
        var associatedData = Convert.FromHexString("50515253c0c1c2c3c4c5c6c7");
        var plaintext = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."u8.ToArray();
        const string Expected =
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb" +
            "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452" +
            "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
            "21f9664c97637da9768812f615c68b13b52e" +
            "c0875924c1c7987947deafd8780acf49";

        using var nsecKey = NSec.Cryptography.Key.Import(AeadAlgorithm.XChaCha20Poly1305, key, KeyBlobFormat.RawSymmetricKey);
        Assert.Equal(Expected, Convert.ToHexStringLower(AeadAlgorithm.XChaCha20Poly1305.Encrypt(nsecKey, nonce, associatedData, plaintext)));
    }

    [Fact]
    public void McGrewViega_GcmSpec_TestCase16_Aes256Gcm_with_associated_data()
    {
        // "The Galois/Counter Mode of Operation (GCM)", McGrew and Viega, test case 16 (also NIST CAVP gcmEncryptExtIV256).
        var key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        var iv = Convert.FromHexString("cafebabefacedbaddecaf888");
        var plaintext = Convert.FromHexString("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        var associatedData = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(iv, plaintext, ciphertext, tag, associatedData);
        Assert.Equal("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662", Convert.ToHexStringLower(ciphertext));
        Assert.Equal("76fc6ece0f4e1768cddf8853bb2d551b", Convert.ToHexStringLower(tag));
    }
}
