using System.Text;

namespace Telehealth.Crypto.Tests.Integrity;

/// <summary>Random and extreme inputs to every verifier and parser: each gives a failed result, none throws.</summary>
public sealed class HostileInputTests
{
    private static readonly byte[] Data = "order #41"u8.ToArray();

    [Fact]
    public void HmacVerify_RandomTags_NeverThrowNorVerify()
    {
        using var key = HmacKey.Generate(1);
        var set = new HmacKeySet(key);
        var random = new Random(4231);

        for (var i = 0; i < 5000; i++)
        {
            var tag = new byte[random.Next(0, 80)];
            random.NextBytes(tag);
            if (i % 2 == 0 && tag.Length == HmacKeySet.TagSize)
            {
                tag[0] = HmacKeySet.TagFormat;
            }

            Assert.False(set.Verify(Data, tag).IsValid);
        }

        var forged = new byte[HmacKeySet.TagSize];
        forged[0] = HmacKeySet.TagFormat;
        forged[4] = 1;
        Assert.Equal(HmacVerificationFailure.Mismatch, set.Verify(Data, forged).Failure);
    }

    [Theory]
    [MemberData(nameof(SigningAlgorithms.All), MemberType = typeof(SigningAlgorithms))]
    public void SignatureVerify_RandomAndExtremeValues_NeverThrowNorVerify(SigningAlgorithm algorithm)
    {
        using var signer = SigningKey.Generate(algorithm, "k1");
        var trusted = new VerificationKeySet([signer.PublicKey]);
        var random = new Random(8032);
        byte[] header = [0x01, (byte)algorithm, 2, (byte)'k', (byte)'1'];

        for (var i = 0; i < 2000; i++)
        {
            var value = new byte[random.Next(0, 140)];
            random.NextBytes(value);
            if (i % 2 == 0 && value.Length >= header.Length)
            {
                header.CopyTo(value, 0);
            }

            Assert.False(trusted.Verify(Data, value).IsValid);
        }

        foreach (var fill in new byte[] { 0x00, 0xff, 0x7f })
        {
            var value = header.Concat(Enumerable.Repeat(fill, 64)).ToArray();
            Assert.Equal(SignatureVerificationFailure.BadSignature, trusted.Verify(Data, value).Failure);
        }
    }

    [Fact]
    public void TokenParsingAndMatching_RandomText_NeverThrowsNorMatches()
    {
        using var key = TokenizationKey.Generate(1);
        var tokenizer = new Tokenizer(key);
        var purpose = new TokenPurpose("logs");
        var random = new Random(4648);
        const string alphabet = "tok1.0123456789abcdefghijklmnopqrstuvwxyz234567ABCZ=-_ \u00e9\ud800";

        for (var i = 0; i < 5000; i++)
        {
            var text = new StringBuilder(i % 3 == 0 ? "tok1.1." : string.Empty);
            var length = random.Next(0, 60);
            for (var c = 0; c < length; c++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var candidate = text.ToString();
            if (PseudonymToken.TryParse(candidate, out var parsed))
            {
                Assert.Equal(candidate, parsed.Text);
            }

            Assert.False(tokenizer.Matches("patient-102", purpose, candidate));
        }
    }

    [Fact]
    public async Task Rotation_UnderConcurrentTaggingAndVerifying_NeverFails()
    {
        using var v1 = HmacKey.Generate(1);
        var set = new HmacKeySet(v1);
        var keys = new List<HmacKey> { v1 };
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var tag = new byte[HmacKeySet.TagSize];
            var count = 0;
            while (!stop.IsCancellationRequested || count < 100)
            {
                set.ComputeTag(Data, tag);
                var result = set.Verify(Data, tag);
                Assert.True(result.IsValid, result.ToString());
                count++;
            }

            return count;
        })).ToArray();

        for (uint version = 2; version <= 50; version++)
        {
            var key = HmacKey.Generate(version);
            keys.Add(key);
            set.Add(key);
            set.Promote(version);
            await Task.Yield();
        }

        await stop.CancelAsync();
        var counts = await Task.WhenAll(workers);

        Assert.All(counts, c => Assert.True(c >= 100));
        Assert.Equal(50u, set.PrimaryVersion);
        keys.ForEach(k => k.Dispose());
    }
}
