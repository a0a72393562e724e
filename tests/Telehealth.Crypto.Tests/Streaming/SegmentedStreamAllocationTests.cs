using static Telehealth.Crypto.Tests.Streaming.StreamingFixture;

namespace Telehealth.Crypto.Tests.Streaming;

/// <summary>
/// The synchronous stream paths run on the test thread only, so the bytes allocated on that thread
/// measure them robustly: a fixed set-up cost, nothing per segment.
/// </summary>
public sealed class SegmentedStreamAllocationTests
{
    private const long OneMiB = 1024 * 1024;

    [Fact]
    public void Encrypting_64_MiB_allocates_only_the_fixed_buffers_of_the_stream()
    {
        var chunk = Plaintext(65536);
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var stream = new SegmentedEncryptionStream(Stream.Null, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: true))
        {
            for (var i = 0; i < 1024; i++)
            {
                stream.Write(chunk);
            }

            stream.Complete();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, OneMiB);
    }

    [Fact]
    public void Decrypting_16_MiB_sequentially_allocates_only_the_fixed_buffers_of_the_stream()
    {
        var ciphertext = Encrypt(Plaintext(16 * 1024 * 1024), 65536);
        var buffer = new byte[81920];
        var source = new NonSeekableStream(new MemoryStream(ciphertext));
        var before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        using (var stream = new SegmentedDecryptionStream(source, Key, AssociatedData, leaveOpen: false))
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(16 * 1024 * 1024, total);
        Assert.InRange(allocated, 0, OneMiB);
    }
}
