using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Tests.Streaming.Vectors;

/// <summary>
/// Known answers: the stream format vector of FORMAT.md (Streaming) (must keep decrypting forever),
/// and the primitives it is built from against their published vectors.
/// </summary>
public sealed class StreamingVectorTests
{
    private const int KatSegmentSize = 16;

    private static readonly byte[] KatKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] KatSalt = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static readonly byte[] KatNoncePrefix = Convert.FromHexString("a0a1a2a3a4a5a6");
    private static readonly byte[] KatAssociatedData = Encoding.ASCII.GetBytes("telehealth streaming KAT");
    private static readonly byte[] KatPlaintext = Encoding.ASCII.GetBytes("Segmented streaming AEAD known-answer vector.");

    private const string KatStreamKey = "29fff0531abe51fb3526570ef777720a97f1339cc2da0ad811584c4e7ed2e959";

    private const string KatCiphertext =
        "0100000010808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6" +
        "7aaba562aa5cba3ca8760da14d1b8ce3b93194302b74d9380eec79bfd6764860" +
        "11996a16f5f84ba20d901da58bed52c479c161b650e20951f7518bd24776e43b" +
        "7e92c080d01d480f68a38bd390305f9e454bd0f3349c893ef804e5347b";

    private const string KatEmptyCiphertext =
        "0100000010808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6" +
        "bc59230b6eb11c510754e13d7c412f96";

    [Fact]
    public async Task Stream_format_known_answer_matches_STREAMING_FORMAT_md()
    {
        var streamKey = new byte[32];
        StreamFormat.DeriveKey(KatKey, KatSalt, KatAssociatedData, streamKey);
        Assert.Equal(KatStreamKey, Convert.ToHexStringLower(streamKey));
        Assert.Equal(KatCiphertext, Convert.ToHexStringLower(EncryptKat(KatPlaintext)));
        Assert.Equal(KatEmptyCiphertext, Convert.ToHexStringLower(EncryptKat([])));

        using var parallel = new MemoryStream();
        await SegmentedAead.EncryptAsync(new MemoryStream(KatPlaintext), parallel, KatKey, KatAssociatedData, KatSegmentSize, 2, KatSalt, KatNoncePrefix, CancellationToken.None);
        Assert.Equal(KatCiphertext, Convert.ToHexStringLower(parallel.ToArray()));

        Assert.Equal(KatPlaintext, StreamingFixture.Decrypt(Convert.FromHexString(KatCiphertext), seekable: false, KatKey, KatAssociatedData));
        Assert.Empty(StreamingFixture.Decrypt(Convert.FromHexString(KatEmptyCiphertext), seekable: true, KatKey, KatAssociatedData));
    }

    [Fact]
    public void Stream_format_known_answer_equals_the_construction_written_out_with_HKDF_and_AesGcm()
    {
        // The specification of FORMAT.md (Streaming) spelled out step by step, independent of the implementation.
        var header = new byte[44];
        header[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), KatSegmentSize);
        KatSalt.CopyTo(header, 5);
        KatNoncePrefix.CopyTo(header, 37);
        var info = Encoding.ASCII.GetBytes("Telehealth.Crypto stream v1 AES-256-GCM HKDF-SHA256").Concat(KatAssociatedData).ToArray();
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, KatKey, 32, KatSalt, info);
        using var aes = new AesGcm(key, 16);
        var expected = new List<byte>(header);
        var segments = KatPlaintext.Chunk(KatSegmentSize).ToArray();
        for (var i = 0; i < segments.Length; i++)
        {
            var nonce = new byte[12];
            KatNoncePrefix.CopyTo(nonce, 0);
            BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(7), (uint)i);
            nonce[11] = i == segments.Length - 1 ? (byte)1 : (byte)0;
            var ciphertext = new byte[segments[i].Length];
            var tag = new byte[16];
            aes.Encrypt(nonce, segments[i], ciphertext, tag, header);
            expected.AddRange(ciphertext);
            expected.AddRange(tag);
        }

        Assert.Equal(3, segments.Length);
        Assert.Equal(expected.ToArray(), EncryptKat(KatPlaintext));
    }

    [Fact]
    public void NistGcmSpec_TestCase16_Aes256Gcm_with_associated_data()
    {
        // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", submitted to NIST, Appendix B, Test Case 16.
        var key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        var iv = Convert.FromHexString("cafebabefacedbaddecaf888");
        var plaintext = Convert.FromHexString("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        var aad = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var expectedCiphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
        var expectedTag = "76fc6ece0f4e1768cddf8853bb2d551b";

        using var aes = new AesGcm(key, 16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(iv, plaintext, ciphertext, tag, aad);

        Assert.Equal(expectedCiphertext, Convert.ToHexStringLower(ciphertext));
        Assert.Equal(expectedTag, Convert.ToHexStringLower(tag));
        var decrypted = new byte[plaintext.Length];
        aes.Decrypt(iv, ciphertext, tag, decrypted, aad);
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void Rfc5869_TestCase1()
    {
        // RFC 5869, Appendix A.1: basic test case with SHA-256.
        var ikm = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        var salt = Convert.FromHexString("000102030405060708090a0b0c");
        var info = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9");

        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 42, salt, info);

        Assert.Equal("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", Convert.ToHexStringLower(prk));
        Assert.Equal("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", Convert.ToHexStringLower(okm));
    }

    private static byte[] EncryptKat(byte[] plaintext)
    {
        using var destination = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(destination, KatKey, KatAssociatedData, KatSegmentSize, KatSalt, KatNoncePrefix, leaveOpen: true))
        {
            stream.Write(plaintext);
            stream.Complete();
        }

        return destination.ToArray();
    }
}
