using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Crypto.Tests.Integrity.Vectors;

/// <summary>RFC 4231 section 4 test cases for HMAC-SHA-256, checked through the MAC field of a versioned tag.</summary>
public sealed class Rfc4231HmacSha256Tests
{
    [Fact]
    public void Rfc4231_TestCase1() =>
        AssertTagMac(Repeat(0x0b, 20), Encoding.ASCII.GetBytes("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

    [Fact]
    public void Rfc4231_TestCase2() =>
        AssertTagMac(Encoding.ASCII.GetBytes("Jefe"), Encoding.ASCII.GetBytes("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    [Fact]
    public void Rfc4231_TestCase3() =>
        AssertTagMac(Repeat(0xaa, 20), Repeat(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

    [Fact]
    public void Rfc4231_TestCase4() =>
        AssertTagMac(Convert.FromHexString("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");

    [Fact]
    public void Rfc4231_TestCase6() =>
        AssertTagMac(Repeat(0xaa, 131), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");

    [Fact]
    public void Rfc4231_TestCase7() =>
        AssertTagMac(
            Repeat(0xaa, 131),
            Encoding.ASCII.GetBytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");

    private static void AssertTagMac(byte[] key, byte[] data, string expectedMacHex)
    {
        const uint version = 7;
        using var hmacKey = HmacKey.ImportAnyLength(version, key);
        var set = new HmacKeySet(hmacKey);

        var tag = set.ComputeTag(data);

        Assert.Equal(HmacKeySet.TagSize, tag.Length);
        Assert.Equal(HmacKeySet.TagFormat, tag[0]);
        Assert.Equal(version, BinaryPrimitives.ReadUInt32BigEndian(tag.AsSpan(1, 4)));
        Assert.Equal(expectedMacHex, Convert.ToHexStringLower(tag.AsSpan(5)));
        Assert.True(set.Verify(data, tag).IsValid);
    }

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();
}
