using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// FORMAT.md states a stream envelope's key input, associated data and nonces exactly: a reader written
/// from those sentences with nothing but HKDF and AES-GCM decrypts what the cipher wrote.
/// </summary>
public sealed class StreamEnvelopeFormatTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_envelope_decrypts_by_the_rules_of_FORMAT_md_alone(bool subject)
    {
        using var host = new KeyHost(subjectKeys: true);
        var context = Contexts.Note("recording-1", subject: subject ? "patient-5" : null);
        var plaintext = Contexts.Bytes((2 * 4096) + 100);
        using var written = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(plaintext), written, context, new StreamEncryptionOptions { SegmentSize = 4096 });
        var envelope = written.ToArray();

        // Envelope header: the data key from the key provider, the subject key from the subject store.
        var layout = EnvelopeLayout.Read(envelope, requireBody: false);
        Assert.Equal(subject ? 0x03 : 0x02, envelope[6]);
        var dataKey = new byte[32];
        var (version, provider) = host.Keyring.GetForDecryption(layout.KeyringId, (int)layout.KeyVersion);
        await provider.UnwrapAsync(version.ProviderReference, envelope.AsMemory(layout.WrappedKeyOffset, layout.WrappedKeyLength), EnvelopeCipher.WrapAssociatedData(layout.KeyringId, (int)layout.KeyVersion), dataKey);
        var ikm = dataKey;
        if (subject)
        {
            var subjectKey = new byte[32];
            Assert.True(await host.SubjectKeys!.TryGetAsync(envelope.AsMemory(layout.SubjectKeyIdOffset, 16), subjectKey, CancellationToken.None));
            ikm = [.. dataKey, .. subjectKey];
        }

        // OKM = HKDF-SHA256(IKM, salt empty, info "THEV1 keys" ‖ suite ‖ flags, 64); bytes 32-63 are the commitment.
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 64, [], [.. "THEV1 keys"u8, 0x01, envelope[6]]);
        Assert.Equal(okm[32..], envelope.AsSpan(layout.CommitmentOffset, 32).ToArray());

        // associated_data = header[0..7) ‖ subject key id ‖ nonce ‖ commitment ‖ context hash: 83 or 99 bytes.
        byte[] associatedData =
        [
            .. envelope.AsSpan(0, 7),
            .. subject ? envelope.AsSpan(layout.SubjectKeyIdOffset, 16) : [],
            .. envelope.AsSpan(layout.NonceOffset, 12),
            .. envelope.AsSpan(layout.CommitmentOffset, 32),
            .. context.Hash,
        ];
        Assert.Equal(subject ? 99 : 83, associatedData.Length);

        // The stream: header (version, segment size, salt, nonce prefix), then segments.
        var stream = envelope.AsSpan(layout.HeaderLength);
        var segmentSize = (int)BinaryPrimitives.ReadUInt32BigEndian(stream[1..]);
        var streamKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, okm[..32], 32, stream.Slice(5, 32).ToArray(), [.. "Telehealth.Crypto stream v1 AES-256-GCM HKDF-SHA256"u8, .. associatedData]);
        using var aes = new AesGcm(streamKey, 16);
        var recovered = new List<byte>();
        var body = stream[44..];
        for (uint segment = 0; !body.IsEmpty; segment++)
        {
            var length = Math.Min(body.Length, segmentSize + 16);
            var last = length == body.Length;
            byte[] nonce = [.. stream.Slice(37, 7), 0, 0, 0, 0, last ? (byte)1 : (byte)0];
            BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(7), segment);
            var output = new byte[length - 16];
            aes.Decrypt(nonce, body[..(length - 16)], body.Slice(length - 16, 16), output, stream[..44]);
            recovered.AddRange(output);
            body = body[length..];
        }

        Assert.Equal(plaintext, recovered);
    }

    [Fact]
    public void Context_values_are_not_normalized_so_canonically_equal_strings_are_different_contexts()
    {
        using var host = new KeyHost();
        var composed = new EncryptionContext("clinic-a", "visit-note", "Jos\u00e9", "storage");
        var decomposed = new EncryptionContext("clinic-a", "visit-note", "Jose\u0301", "storage");
        var envelope = host.Cipher.Encrypt("x"u8, composed);

        Assert.NotEqual(composed.Hash.ToArray(), decomposed.Hash.ToArray());
        Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, decomposed)).Code);
    }
}
