using System.Security.Cryptography;
using NSec.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Derives the per-message AEAD key, the key commitment and the AEAD nonce from the data key (and the
/// subject key) with HKDF-SHA256, and runs the suite's AEAD. See FORMAT.md, "Key derivation".
/// </summary>
internal static class MessageKeys
{
    public const int DataKeySize = 32;
    public const int MaxOutputSize = 32 + EnvelopeLayout.CommitmentSize + 24;
    private const int InfoLabelSize = 10;

    /// <summary>Derives <c>key (32) ‖ commitment (32) ‖ aead nonce</c> into <paramref name="output"/>.</summary>
    public static void Derive(AlgorithmSuite suite, byte flags, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> subjectKey, ReadOnlySpan<byte> salt, Span<byte> output)
    {
        Span<byte> ikm = stackalloc byte[DataKeySize * 2];
        Span<byte> info = stackalloc byte[InfoLabelSize + 2];
        try
        {
            dataKey.CopyTo(ikm);
            subjectKey.CopyTo(ikm[DataKeySize..]);
            "THEV1 keys"u8.CopyTo(info);
            info[InfoLabelSize] = suite.Id;
            info[InfoLabelSize + 1] = flags;
            HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm[..(DataKeySize + subjectKey.Length)], output[..OutputSize(suite)], salt, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    public static int OutputSize(AlgorithmSuite suite) => 32 + EnvelopeLayout.CommitmentSize + suite.AeadNonceSize;

    public static void Seal(AlgorithmSuite suite, ReadOnlySpan<byte> okm, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        var key = okm[..32];
        var nonce = okm.Slice(64, suite.AeadNonceSize);
        if (suite == AlgorithmSuite.Aes256GcmHkdfSha256)
        {
            using var aes = new AesGcm(key, EnvelopeLayout.TagSize);
            aes.Encrypt(nonce, plaintext, ciphertextAndTag[..plaintext.Length], ciphertextAndTag.Slice(plaintext.Length, EnvelopeLayout.TagSize), associatedData);
        }
        else
        {
            using var nsecKey = ImportXChaCha(key);
            AeadAlgorithm.XChaCha20Poly1305.Encrypt(nsecKey, nonce, associatedData, plaintext, ciphertextAndTag[..(plaintext.Length + EnvelopeLayout.TagSize)]);
        }
    }

    public static bool TryOpen(AlgorithmSuite suite, ReadOnlySpan<byte> okm, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var key = okm[..32];
        var nonce = okm.Slice(64, suite.AeadNonceSize);
        var length = ciphertextAndTag.Length - EnvelopeLayout.TagSize;
        if (suite == AlgorithmSuite.Aes256GcmHkdfSha256)
        {
            using var aes = new AesGcm(key, EnvelopeLayout.TagSize);
            try
            {
                aes.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                CryptographicOperations.ZeroMemory(plaintext[..length]);
                return false;
            }
        }

        using var nsecKey = ImportXChaCha(key);
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(nsecKey, nonce, associatedData, ciphertextAndTag, plaintext[..length]);
    }

    private static NSec.Cryptography.Key ImportXChaCha(ReadOnlySpan<byte> key) =>
        NSec.Cryptography.Key.Import(AeadAlgorithm.XChaCha20Poly1305, key, KeyBlobFormat.RawSymmetricKey);
}
