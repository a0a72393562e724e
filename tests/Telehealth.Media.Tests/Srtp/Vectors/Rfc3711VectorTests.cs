using System.Security.Cryptography;
using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp.Vectors;

/// <summary>The known-answer tests of RFC 3711 Appendix B.</summary>
public sealed class Rfc3711VectorTests
{
    [Fact]
    public void Rfc3711_B2_aes_cm_keystream()
    {
        // Session key 2B7E...3C, session salt F0F1...FD, SSRC 0 and index 0: the IV is F0F1...FD0000.
        using var keys = new SrtpSessionKeys(Hex("2B7E151628AED2A6ABF7158809CF4F3C"), new byte[20], Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        using var cipher = new AesCmHmacSha1SrtpCipher(keys, keys, 10, 10);
        var keystream = new byte[48 + 10];

        cipher.ProtectRtp(keystream.AsSpan(0, 48), 0, ssrc: 0, index: 0, keystream.AsSpan(48));

        Assert.Equal(
            Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
    }

    [Fact]
    public void Rfc3711_B3_key_derivation()
    {
        var (rtp, rtcp) = SrtpKeyDerivation.DeriveSessionKeys(
            SrtpProfile.Aes128CmHmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));
        using (rtp)
        using (rtcp)
        {
            Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), rtp.Encryption);
            Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), rtp.Salt);
            Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), rtp.Authentication);
        }
    }

    [Fact]
    public void Rfc3711_B3_key_derivation_is_what_a_session_protects_with()
    {
        // A session created from the B.3 master key encrypts with the B.3 session key and salt: the first
        // keystream block for SSRC 0, index 0 is AES(k_e, k_s || 0x0000).
        using var session = SrtpSession.Create(SrtpProfile.Aes128CmHmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6"));
        var packet = new byte[12 + 16 + 10];
        packet[0] = 0x80;
        session.ProtectRtp(packet, 28);

        using var aes = Aes.Create();
        aes.Key = Hex("C61E7A93744F39EE10734AFE3FF7A087");
        var expected = aes.EncryptEcb(Hex("30CBBC08863D8C85D49DB34A9AE1 0000"), PaddingMode.None);
        Assert.Equal(expected, packet[12..28]);
    }
}
