using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Tests.Integrity.Vectors;

/// <summary>
/// RFC 6979 appendix A.2.5 (ECDSA, P-256, SHA-256, message "sample"). .NET signs with a random k,
/// so the RFC signature is verified and signing is checked by a round trip with the RFC key.
/// </summary>
public sealed class Rfc6979EcdsaP256Tests
{
    private const string PrivateKeyHex = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
    private const string UxHex = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
    private const string UyHex = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
    private const string RHex = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716";
    private const string SHex = "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";
    private const string KeyId = "rfc6979";

    private static readonly byte[] Sample = Encoding.ASCII.GetBytes("sample");

    [Fact]
    public void Rfc6979_A25_Sha256_Sample_Verifies()
    {
        using var trusted = VerificationKey.ImportEcdsaP256(KeyId, PublicKeyInfo());
        var value = Value(Convert.FromHexString(RHex + SHex));

        var result = new VerificationKeySet([trusted]).Verify(Sample, value);

        Assert.True(result.IsValid);
        Assert.Equal(KeyId, result.KeyId);
        Assert.Equal(SignatureVerificationFailure.BadSignature, new VerificationKeySet([trusted]).Verify("sample!"u8, value).Failure);
    }

    [Fact]
    public void Rfc6979_A25_Sha256_Sample_SignRoundTrip()
    {
        using var rfcKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Convert.FromHexString(PrivateKeyHex),
            Q = new ECPoint { X = Convert.FromHexString(UxHex), Y = Convert.FromHexString(UyHex) },
        });
        var pkcs8 = rfcKey.ExportPkcs8PrivateKey();
        using var signer = SigningKey.ImportEcdsaP256(KeyId, pkcs8);
        CryptographicOperations.ZeroMemory(pkcs8);

        var value = signer.Sign(Sample);

        Assert.Equal(PublicKeyInfo(), signer.PublicKey.Export());
        Assert.Equal(signer.SignatureSize, value.Length);
        Assert.Equal(new byte[] { 0x01, 0x02, (byte)KeyId.Length }, value[..3]);
        using var trusted = VerificationKey.ImportEcdsaP256(KeyId, PublicKeyInfo());
        Assert.True(new VerificationKeySet([trusted]).Verify(Sample, value).IsValid);
    }

    private static byte[] PublicKeyInfo()
    {
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Convert.FromHexString(UxHex), Y = Convert.FromHexString(UyHex) },
        });
        return ecdsa.ExportSubjectPublicKeyInfo();
    }

    private static byte[] Value(byte[] rs) => [0x01, 0x02, (byte)KeyId.Length, .. Encoding.ASCII.GetBytes(KeyId), .. rs];
}
