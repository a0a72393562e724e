
namespace Telehealth.Crypto.Tests.Integrity;

public sealed class HmacKeySetTests
{
    private static readonly byte[] Data = "order 2026-11-23 #41: amoxicillin 500 mg"u8.ToArray();

    [Fact]
    public void Format_WorkedExample_MatchesIntegrityFormatDocument()
    {
        using var key = HmacKey.Import(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var set = new HmacKeySet(key);

        var tag = set.ComputeTag("hello"u8);

        Assert.Equal("010000000153c40272a70c15ca4ee0af4df1f155fd6c41e00ce2307d8987ecd4bb36a7e990", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void Rotation_TagsOfVersion1_VerifyAfterVersion2IsPrimary()
    {
        using var v1 = HmacKey.Generate(1);
        using var v2 = HmacKey.Generate(2);
        var set = new HmacKeySet(v1);
        var oldTag = set.ComputeTag(Data);

        set.Add(v2);
        Assert.Equal(1u, set.PrimaryVersion);
        set.Promote(2);
        var newTag = set.ComputeTag(Data);

        Assert.Equal(2u, set.PrimaryVersion);
        Assert.Equal(new HmacVerificationResult(HmacVerificationFailure.None, 1), set.Verify(Data, oldTag));
        Assert.Equal(new HmacVerificationResult(HmacVerificationFailure.None, 2), set.Verify(Data, newTag));
        Assert.Equal(new byte[] { 0x01, 0, 0, 0, 2 }, newTag[..5]);
    }

    [Fact]
    public void Rotation_RemovedVersion_GivesUnknownKeyVersion()
    {
        using var v1 = HmacKey.Generate(1);
        using var v2 = HmacKey.Generate(2);
        var set = new HmacKeySet([v1, v2], primaryVersion: 1);
        var oldTag = set.ComputeTag(Data);
        set.Promote(2);

        set.Remove(1);

        var result = set.Verify(Data, oldTag);
        Assert.False(result.IsValid);
        Assert.Equal(HmacVerificationFailure.UnknownKeyVersion, result.Failure);
        Assert.Equal(1u, result.KeyVersion);
        Assert.Equal([2u], set.Versions);
    }

    [Fact]
    public void KeySetChanges_WithWrongVersions_ThrowTheirCodes()
    {
        using var v1 = HmacKey.Generate(1);
        using var other1 = HmacKey.Generate(1);
        var set = new HmacKeySet(v1);

        Assert.Equal("TH2071", Assert.Throws<CryptoException>(() => set.Add(other1)).Code);
        Assert.Equal("TH2072", Assert.Throws<CryptoException>(() => set.Promote(9)).Code);
        Assert.Equal("TH2073", Assert.Throws<CryptoException>(() => set.Remove(1)).Code);
        Assert.Equal("TH2079", Assert.Throws<CryptoException>(() => new HmacKeySet([v1], 2)).Code);
        Assert.Equal("TH2071", Assert.Throws<CryptoException>(() => new HmacKeySet([v1, other1], 1)).Code);
    }

    [Fact]
    public void Import_ShortKey_IsRejected_AndZeroVersionIsAProgrammingError()
    {
        Assert.Equal("TH2070", Assert.Throws<CryptoException>(() => HmacKey.Import(1, new byte[15])).Code);
        Assert.Throws<ArgumentOutOfRangeException>("version", () => HmacKey.Generate(0));
        Assert.Throws<ArgumentNullException>("primary", () => new HmacKeySet(null!));
        Assert.Throws<ArgumentNullException>("keys", () => new HmacKeySet(null!, 1));
    }

    [Fact]
    public void Import_CopiesTheCallerBytes()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var key = HmacKey.Import(1, bytes);
        var set = new HmacKeySet(key);
        var tag = set.ComputeTag(Data);

        Array.Clear(bytes);

        Assert.True(set.Verify(Data, tag).IsValid);
    }

    [Fact]
    public void Verify_EverySingleBitFlip_IsRejectedWithItsReason()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var tag = set.ComputeTag(Data);

        for (var bit = 0; bit < tag.Length * 8; bit++)
        {
            var flipped = (byte[])tag.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));

            var result = set.Verify(Data, flipped);

            Assert.False(result.IsValid);
            var expected = (bit / 8) switch
            {
                0 => HmacVerificationFailure.Malformed,
                < 5 => HmacVerificationFailure.UnknownKeyVersion,
                _ => HmacVerificationFailure.Mismatch,
            };
            Assert.Equal(expected, result.Failure);
        }
    }

    [Fact]
    public void Verify_FlippedDataBit_IsAMismatch()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var tag = set.ComputeTag(Data);
        var data = (byte[])Data.Clone();
        data[^1] ^= 0x80;

        Assert.Equal(HmacVerificationFailure.Mismatch, set.Verify(data, tag).Failure);
    }

    [Fact]
    public void Verify_TruncationsAtEveryLength_AndOversizedTags_AreMalformed()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var tag = set.ComputeTag(Data);

        for (var length = 0; length < tag.Length; length++)
        {
            Assert.Equal(HmacVerificationFailure.Malformed, set.Verify(Data, tag.AsSpan(0, length)).Failure);
        }

        Assert.Equal(HmacVerificationFailure.Malformed, set.Verify(Data, [.. tag, 0]).Failure);
        Assert.Equal(HmacVerificationFailure.Malformed, set.Verify(Data, new byte[1 << 20]).Failure);
        Assert.Equal(HmacVerificationFailure.Malformed, set.Verify(Data, [0x02, .. tag[1..]]).Failure);
    }

    [Fact]
    public void ComputeTag_SpanForms_RespectTheDestinationSize()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var small = new byte[HmacKeySet.TagSize - 1];

        Assert.False(set.TryComputeTag(Data, small, out var none));
        Assert.Equal(0, none);
        Assert.Throws<ArgumentException>("tag", () => set.ComputeTag(Data, small));

        var large = new byte[HmacKeySet.TagSize + 8];
        Assert.True(set.TryComputeTag(Data, large, out var written));
        Assert.Equal(HmacKeySet.TagSize, written);
        Assert.True(set.Verify(Data, large.AsSpan(0, written)).IsValid);
    }

    [Fact]
    public void ComputeTagAndVerify_SpanPath_AllocateNothing()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var data = new byte[1024];
        var tag = new byte[HmacKeySet.TagSize];
        set.ComputeTag(data, tag);
        set.Verify(data, tag);

        var valid = true;
        Allocations.AssertNone(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                set.ComputeTag(data, tag);
                valid &= set.Verify(data, tag).IsValid;
            }
        });
        Assert.True(valid);
    }

    [Fact]
    public void ToString_ShowsTheVersion_NotTheKey()
    {
        var bytes = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();
        using var key = HmacKey.Import(3, bytes);

        var text = key.ToString();

        Assert.Equal("HmacKey v3", text);
        Assert.DoesNotContain(Convert.ToHexString(bytes), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WipesTheKeyBytes()
    {
        var key = HmacKey.Import(1, Enumerable.Repeat((byte)0xa5, 32).ToArray());
        var bytes = KeyBytes(key);
        Assert.All(bytes, b => Assert.Equal(0xa5, b));

        key.Dispose();

        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void DisposedKey_CannotTag()
    {
        var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => set.ComputeTag(Data));
    }

    internal static byte[] KeyBytes(object key)
    {
        var secret = key.GetType().GetField("_secret", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(key)!;
        return (byte[])secret.GetType().GetField("_bytes", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(secret)!;
    }
}
