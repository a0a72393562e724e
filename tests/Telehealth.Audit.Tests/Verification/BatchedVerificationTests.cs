namespace Telehealth.Audit.Tests.Verification;

/// <summary>
/// The batched verifier (chunked reads, parallel hashing, a Merkle frontier) reports the same
/// failure, position, message and count as <see cref="ReferenceVerifier"/>, for damage at the
/// edges it introduces: both sides of a batch edge, the frame that straddles the read buffer's
/// edge and the last entry, with signed checkpoints inside and at the edges of blocks and batches.
/// </summary>
public sealed class BatchedVerificationTests(BatchedVerificationTests.Log log) : IClassFixture<BatchedVerificationTests.Log>
{
    private static readonly string[] Kinds =
    [
        "flip-data", "flip-hash", "rehash", "malformed", "remove", "swap", "duplicate",
        "bad-length", "cut-in-length", "cut-in-frame", "cut-before", "rewrite",
    ];

    // The first entries are covered by TamperDetectionTests on a six-entry log.
    private static readonly string[] Places = ["batch-end", "batch-start", "straddler", "last"];

    public static TheoryData<string, string> Scenarios
    {
        get
        {
            var data = new TheoryData<string, string> { { "intact", "last" } };
            foreach (var kind in Kinds)
            {
                foreach (var place in Places)
                {
                    data.Add(kind, place);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Reports_what_entry_by_entry_verification_reports(string kind, string place)
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.Combine(FileSegmentFormat.FileName(0)), log.Damaged(kind, log.IndexOf(place)));
        await File.WriteAllBytesAsync(dir.Combine("checkpoints.log"), log.CheckpointFile);

        var expected = await ReferenceVerifier.VerifyAsync(dir.Path, [log.VerifierKey]);
        var actual = await AuditVerifier.VerifyDirectoryAsync(dir.Path, [log.VerifierKey]);

        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(kind == "intact", actual.IsValid);
    }

    [Fact]
    public async Task An_intact_log_verifies_through_the_store_too()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.Combine(FileSegmentFormat.FileName(0)), log.Damaged("intact", 0));
        await File.WriteAllBytesAsync(dir.Combine("checkpoints.log"), log.CheckpointFile);
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = dir.Path });

        var result = await AuditVerifier.VerifyAsync(store, [log.VerifierKey]);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(log.Frames.Count, result.EntriesVerified);
        Assert.Equal(Log.CheckpointSizes.Length, result.Checkpoints.Count);
    }

    [Theory]
    [InlineData(0, int.MaxValue)]
    [InlineData(8191, 8300)]
    [InlineData(-1, int.MaxValue)]
    [InlineData(-1, 0)]
    public async Task The_store_reader_returns_each_frame_as_written(int from, int limit)
    {
        // -1 stands for the frame that straddles the read-buffer edge.
        from = from < 0 ? log.IndexOf("straddler") : from;
        limit = limit == 0 ? log.IndexOf("straddler") + 1 : Math.Min(limit, log.Frames.Count);
        using var dir = new TempDirectory();
        var path = dir.Combine(FileSegmentFormat.FileName(0));
        await File.WriteAllBytesAsync(path, log.Damaged("intact", 0));

        var position = (long)from;
        await foreach (var entry in FileSegmentReader.ReadAsync([(0, path)], from, limit, CancellationToken.None))
        {
            Assert.Equal(position, entry.Position);
            var frame = log.Frames[(int)position];
            Assert.Equal(frame.AsSpan(4, frame.Length - 36).ToArray(), entry.Data.ToArray());
            Assert.Equal(frame.AsSpan(frame.Length - 32).ToArray(), entry.StoredLeafHash.ToArray());
            position++;
        }

        Assert.Equal(limit, position);
    }

    private static string Describe(AuditVerificationResult result) =>
        $"{result.Failure} at {result.Position}, {result.EntriesVerified} verified, {result.Checkpoints.Count} checkpoints: {result.Message}";

    /// <summary>
    /// A log of 9,400 entries, the last ones large, so it crosses a verification batch (8,192
    /// entries) and the reader's 4 MiB buffer, with checkpoints inside and at the edges of blocks
    /// and batches.
    /// </summary>
    public sealed class Log : IAsyncLifetime
    {
        public static readonly long[] CheckpointSizes = [1, 511, 512, 513, 4097, 8191, 8192, 8193, 9000, Count];
        private const int Count = 9400;
        private const int LargeFrom = 8300;
        private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate(TestLog.Origin);
        private int _straddler;

        public IReadOnlyList<byte[]> Frames { get; private set; } = [];

        public byte[] CheckpointFile { get; private set; } = [];

        public CheckpointVerifierKey VerifierKey => _key.VerifierKey;

        public async Task InitializeAsync()
        {
            Frames = Chain(Records());
            var offset = (long)FileSegmentFormat.HeaderSize;
            var straddler = 0;
            while (offset + Frames[straddler].Length <= FileSegmentReader.ReadBufferSize)
            {
                offset += Frames[straddler++].Length;
            }

            // The layout this fixture promises: a straddling frame after the first batch.
            Assert.InRange(straddler, LargeFrom, Count - 2);
            _straddler = straddler;

            using var dir = new TempDirectory();
            await File.WriteAllBytesAsync(dir.Combine(FileSegmentFormat.FileName(0)), Damaged("intact", 0));
            await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = dir.Path }))
            {
                var leaves = Frames.Select(f => f[^32..]).ToList();
                foreach (var size in CheckpointSizes)
                {
                    var root = MerkleProofs.RootOf(leaves.Take((int)size).ToList());
                    await store.AppendCheckpointAsync(SignedCheckpoint.Sign(new Checkpoint(TestLog.Origin, size, root, TestRecords.Epoch), _key));
                }
            }

            CheckpointFile = await File.ReadAllBytesAsync(dir.Combine("checkpoints.log"));
        }

        public Task DisposeAsync()
        {
            _key.Dispose();
            return Task.CompletedTask;
        }

        public int IndexOf(string place) => place switch
        {
            "batch-end" => 8191,
            "batch-start" => 8192,
            "straddler" => _straddler,
            "last" => Count - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(place)),
        };

        /// <summary>The segment file with one kind of damage at entry <paramref name="k"/>.</summary>
        public byte[] Damaged(string kind, int k)
        {
            var frames = Frames.ToList();
            frames[k] = (byte[])frames[k].Clone();
            const int roleByte = 4 + 58; // the first letter of the actor role, "clinician"
            switch (kind)
            {
                case "intact":
                    break;
                case "flip-data":
                    frames[k][roleByte + 2] ^= 0x20;
                    break;
                case "flip-hash":
                    frames[k][^1] ^= 0x01;
                    break;
                case "rehash":
                    frames[k][roleByte + 2] ^= 0x20;
                    Rehash(frames[k]);
                    break;
                case "malformed":
                    frames[k][roleByte] = 0xff;
                    Rehash(frames[k]);
                    break;
                case "remove":
                    frames.RemoveAt(k);
                    break;
                case "swap":
                    var other = k == frames.Count - 1 ? k - 1 : k + 1;
                    (frames[k], frames[other]) = (frames[other], frames[k]);
                    break;
                case "duplicate":
                    frames.Insert(k + 1, frames[k]);
                    break;
                case "bad-length":
                    frames[k][0] = 0x7f;
                    break;
                case "cut-in-length":
                    frames[k] = frames[k][..2];
                    frames.RemoveRange(k + 1, frames.Count - k - 1);
                    break;
                case "cut-in-frame":
                    frames[k] = frames[k][..(frames[k].Length - 10)];
                    frames.RemoveRange(k + 1, frames.Count - k - 1);
                    break;
                case "cut-before":
                    frames.RemoveRange(k, frames.Count - k);
                    break;
                case "rewrite":
                    var records = Records();
                    records[k] = records[k] with { Action = "phi.delete" };
                    frames = Chain(records);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }

            var file = new byte[FileSegmentFormat.HeaderSize + frames.Sum(f => f.Length)];
            FileSegmentFormat.Header(0).CopyTo(file, 0);
            var offset = FileSegmentFormat.HeaderSize;
            foreach (var frame in frames)
            {
                frame.CopyTo(file, offset);
                offset += frame.Length;
            }

            return file;
        }

        private static List<AuditRecord> Records() =>
            Enumerable.Range(0, Count)
                .Select(i => i < LargeFrom ? TestRecords.Read(i) : TestRecords.Read(i) with { Justification = new string('j', 2000) })
                .ToList();

        private static List<byte[]> Chain(List<AuditRecord> records) =>
            AuditStoreWriter.Chain(0, new byte[32], records).Select(c =>
            {
                var frame = new byte[FileSegmentFormat.FrameOverhead + c.Data.Length];
                FileSegmentFormat.WriteFrame(frame, c.Data, c.LeafHash);
                return frame;
            }).ToList();

        private static void Rehash(byte[] frame) =>
            MerkleHash.Leaf(frame.AsSpan(4, frame.Length - 36)).CopyTo(frame.AsSpan(frame.Length - 32));
    }
}
