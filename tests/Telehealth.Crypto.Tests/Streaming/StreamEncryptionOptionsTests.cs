namespace Telehealth.Crypto.Tests.Streaming;

public sealed class StreamEncryptionOptionsTests
{
    [Fact]
    public void Defaults_are_64_KiB_segments_and_one_worker_per_core()
    {
        var options = new StreamEncryptionOptions();

        Assert.Equal(65536, options.SegmentSize);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 256), options.MaxDegreeOfParallelism);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData((16 * 1024 * 1024) + 1)]
    [InlineData(-1)]
    public void Segment_sizes_outside_4_KiB_to_16_MiB_are_rejected(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(nameof(value), () => new StreamEncryptionOptions { SegmentSize = value });
        Assert.Equal(value, error.ActualValue);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    [InlineData(16 * 1024 * 1024)]
    public void Segment_sizes_inside_the_range_are_kept(int value) =>
        Assert.Equal(value, new StreamEncryptionOptions { SegmentSize = value }.SegmentSize);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(257)]
    public void Degrees_of_parallelism_outside_1_to_256_are_rejected(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(nameof(value), () => new StreamEncryptionOptions { MaxDegreeOfParallelism = value });
}
