using System.Security.Cryptography;
using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp.Vectors;

/// <summary>
/// RFC 6188 §7.2: the AES-256 key derivation PRF, which SRTP_AEAD_AES_256_GCM uses to derive its session keys.
/// (AES-256 counter mode itself is not a profile of this package.)
/// </summary>
public sealed class Rfc6188VectorTests
{
    [Fact]
    public void Rfc6188_7_2_aes_256_cm_prf_key_derivation()
    {
        using var aes = Aes.Create();
        aes.Key = Hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
        var salt = Hex("3b04803de51ee7c96423ab5b78d2");

        Assert.Equal(Hex("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"), SrtpKeyDerivation.Derive(aes, salt, SrtpKeyDerivation.RtpEncryptionLabel, 32));
        Assert.Equal(Hex("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"), SrtpKeyDerivation.Derive(aes, salt, SrtpKeyDerivation.RtpAuthenticationLabel, 20));
        Assert.Equal(Hex("fa31791685ca444a9e07c6c64e93"), SrtpKeyDerivation.Derive(aes, salt, SrtpKeyDerivation.RtpSaltLabel, 14));
    }
}
