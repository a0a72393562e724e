using System.Security.Cryptography;

namespace Telehealth.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3.1 and §4.3.3, AES in counter mode as the PRF) with a key
/// derivation rate of 0, so the session keys are derived once per master key. For AES-256 the PRF is AES-256
/// (RFC 6188 §7); the 96-bit salts of RFC 7714 are padded with zero bytes to the 112 bits the function expects.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    private const int AuthenticationKeyLength = 20;

    /// <summary>Derives the SRTP and SRTCP session keys of a profile.</summary>
    public static (SrtpSessionKeys Rtp, SrtpSessionKeys Rtcp) DeriveSessionKeys(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        try
        {
            var keyLength = masterKey.Length;
            var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
            var authLength = SrtpProfileInfo.IsAead(profile) ? 0 : AuthenticationKeyLength;
            var rtp = new SrtpSessionKeys(
                Derive(aes, masterSalt, RtpEncryptionLabel, keyLength),
                Derive(aes, masterSalt, RtpAuthenticationLabel, authLength),
                Derive(aes, masterSalt, RtpSaltLabel, saltLength));
            var rtcp = new SrtpSessionKeys(
                Derive(aes, masterSalt, RtcpEncryptionLabel, keyLength),
                Derive(aes, masterSalt, RtcpAuthenticationLabel, authLength),
                Derive(aes, masterSalt, RtcpSaltLabel, saltLength));
            return (rtp, rtcp);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aes.Key);
        }
    }

    /// <summary>Derives one session key: AES-CM keystream of the master key under IV = (label·2^48 XOR master salt)·2^16.</summary>
    public static byte[] Derive(Aes masterKeyCipher, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        var output = new byte[length];
        if (length == 0)
        {
            return output;
        }

        var blocks = (length + 15) / 16;
        Span<byte> counters = stackalloc byte[blocks * 16];
        Span<byte> keystream = stackalloc byte[blocks * 16];
        try
        {
            for (var i = 0; i < blocks; i++)
            {
                var block = counters.Slice(i * 16, 16);
                block.Clear();
                masterSalt.CopyTo(block);
                block[7] ^= label;
                block[15] = (byte)i;
            }

            masterKeyCipher.EncryptEcb(counters, keystream, PaddingMode.None);
            keystream[..length].CopyTo(output);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
        }
    }
}
