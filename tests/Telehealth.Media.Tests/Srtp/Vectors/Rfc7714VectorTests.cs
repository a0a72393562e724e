using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp.Vectors;

/// <summary>
/// RFC 7714 §16 (SRTP) and §17 (SRTCP) for AEAD_AES_128_GCM and AEAD_AES_256_GCM. The RFC gives the session
/// key and salt directly, so the sessions are built from them without key derivation.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private const string Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Salt = "517569642070726f2071756f";

    private const string RtpPlaintext =
        "8040f17b8041f8d35501a0b2 47616c6c696120657374206f6d6e6973206469766973612069" +
        "6e207061727465732074726573";

    private const string RtcpPlaintext =
        "81c8000d4d617273 4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    [Fact]
    public void Rfc7714_16_1_aes_128_gcm_rtp_encryption() => AssertRtp(
        SrtpProfile.AeadAes128Gcm,
        Key128,
        "8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");

    [Fact]
    public void Rfc7714_16_2_aes_256_gcm_rtp_encryption() => AssertRtp(
        SrtpProfile.AeadAes256Gcm,
        Key256,
        "8040f17b8041f8d35501a0b2 32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13");

    [Fact]
    public void Rfc7714_17_1_aes_128_gcm_rtcp_encryption() => AssertRtcp(
        SrtpProfile.AeadAes128Gcm,
        Key128,
        "81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade 800005d4");

    [Fact]
    public void Rfc7714_17_2_aes_256_gcm_rtcp_encryption() => AssertRtcp(
        SrtpProfile.AeadAes256Gcm,
        Key256,
        "81c8000d4d617273 d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be 800005d4");

    private static SrtpSession Session(SrtpProfile profile, string key)
    {
        using var keys = new SrtpSessionKeys(Hex(key), [], Hex(Salt));
        return SrtpSession.CreateWithSessionKeys(profile, keys, keys);
    }

    private static void AssertRtp(SrtpProfile profile, string key, string expected)
    {
        var plaintext = Hex(RtpPlaintext);
        using var sender = Session(profile, key);
        var buffer = new byte[plaintext.Length + 16];
        plaintext.CopyTo(buffer, 0);

        var length = sender.ProtectRtp(buffer, plaintext.Length);

        Assert.Equal(Hex(expected), buffer[..length]);
        using var receiver = Session(profile, key);
        var received = Hex(expected);
        Assert.Equal(plaintext, received[..receiver.UnprotectRtp(received)]);
    }

    private static void AssertRtcp(SrtpProfile profile, string key, string expected)
    {
        var plaintext = Hex(RtcpPlaintext);
        using var sender = Session(profile, key);
        sender.SetNextSrtcpIndex(0x4d617273, 0x5d4);
        var buffer = new byte[plaintext.Length + 20];
        plaintext.CopyTo(buffer, 0);

        var length = sender.ProtectRtcp(buffer, plaintext.Length);

        Assert.Equal(Hex(expected), buffer[..length]);
        using var receiver = Session(profile, key);
        var received = Hex(expected);
        Assert.Equal(plaintext, received[..receiver.UnprotectRtcp(received)]);
    }
}
