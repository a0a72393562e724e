using System.Security.Cryptography;
using System.Threading.Tasks.Sources;

namespace Telehealth.Crypto;

/// <summary>The worker pool of bulk encryption: segments are read and written in order by the caller while workers encrypt.</summary>
internal static partial class SegmentedAead
{
    /// <summary>Segments are handed to workers in units of about this size, so hand-over costs stay small beside the encryption.</summary>
    private const int UnitBytes = 256 * 1024;

    /// <summary>
    /// One work unit: consecutive segments at a fixed stride, so the encrypted unit is one contiguous
    /// write. Unit u uses slot u mod (2 x workers) and worker u mod workers, so each worker owns two
    /// slots and takes them in turn: the caller fills one while the worker encrypts the other.
    /// Completion is awaited through a reusable value-task source, so a hand-over allocates nothing.
    /// </summary>
    private sealed class EncryptionSlot : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _encrypted;

        public EncryptionSlot(int segmentSize)
        {
            SegmentSize = segmentSize;
            Capacity = Math.Max(1, UnitBytes / segmentSize);

            // One byte of read-ahead past a full segment lands in its tag area, which encryption overwrites.
            Buffer = new byte[Capacity * (segmentSize + StreamFormat.TagSize)];
        }

        public byte[] Buffer { get; }

        public int SegmentSize { get; }

        /// <summary>Gets how many segments the unit holds at most.</summary>
        public int Capacity { get; }

        public long FirstSegment { get; private set; }

        public int Count { get; private set; }

        /// <summary>Gets the plaintext length of the unit's last segment; the others are full.</summary>
        public int LastLength { get; private set; }

        /// <summary>Gets a value indicating whether the unit ends with the stream's final segment.</summary>
        public bool Final { get; private set; }

        /// <summary>Gets the length of the encrypted unit.</summary>
        public int Bytes => ((Count - 1) * (SegmentSize + StreamFormat.TagSize)) + LastLength + StreamFormat.TagSize;

        public void Prepare(long firstSegment, int count, int lastLength, bool final)
        {
            _encrypted.Reset();
            FirstSegment = firstSegment;
            Count = count;
            LastLength = lastLength;
            Final = final;
        }

        public void EncryptWith(SegmentCipher cipher)
        {
            var stride = SegmentSize + StreamFormat.TagSize;
            for (var i = 0; i < Count; i++)
            {
                var last = i == Count - 1;
                var length = last ? LastLength : SegmentSize;
                var segment = Buffer.AsSpan(i * stride, length + StreamFormat.TagSize);
                cipher.Encrypt(FirstSegment + i, Final && last, segment[..length], segment);
            }
        }

        public ValueTask WaitEncryptedAsync() => new(this, _encrypted.Version);

        public void Encrypted() => _encrypted.SetResult(true);

        public void Failed(Exception error) => _encrypted.SetException(error);

        public void GetResult(short token) => _encrypted.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _encrypted.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _encrypted.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>
    /// Long-running workers, each with its own AES-GCM instance, fed through a semaphore: no thread-pool
    /// scheduling and no allocation per segment.
    /// </summary>
    private sealed class EncryptionWorkers : IAsyncDisposable
    {
        private readonly SegmentCipher[] _ciphers;
        private readonly SemaphoreSlim[] _ready;
        private readonly Task[] _threads;
        private volatile bool _stopping;

        public EncryptionWorkers(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> header, int segmentSize, int degree)
        {
            _ciphers = new SegmentCipher[degree];
            Span<byte> key = stackalloc byte[StreamFormat.KeySize];
            try
            {
                StreamFormat.DeriveKey(dataKey, StreamFormat.Salt(header), associatedData, key);
                for (var i = 0; i < degree; i++)
                {
                    _ciphers[i] = new SegmentCipher(key, header);
                }
            }
            catch
            {
                foreach (var cipher in _ciphers)
                {
                    cipher?.Dispose();
                }

                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }

            Slots = new EncryptionSlot[2 * degree];
            for (var i = 0; i < Slots.Length; i++)
            {
                Slots[i] = new EncryptionSlot(segmentSize);
            }

            _ready = new SemaphoreSlim[degree];
            _threads = new Task[degree];
            for (var i = 0; i < degree; i++)
            {
                _ready[i] = new SemaphoreSlim(0);
                var worker = i;
                _threads[i] = Task.Factory.StartNew(() => Run(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        public EncryptionSlot[] Slots { get; }

        public void Submit(long unit, long firstSegment, int count, int lastLength, bool final)
        {
            Slots[unit % Slots.Length].Prepare(firstSegment, count, lastLength, final);
            _ready[(int)(unit % _ready.Length)].Release();
        }

        public async ValueTask DisposeAsync()
        {
            _stopping = true;
            foreach (var ready in _ready)
            {
                ready.Release();
            }

            // The buffers are wiped only after no worker can touch them any more.
            await Task.WhenAll(_threads).ConfigureAwait(false);
            foreach (var slot in Slots)
            {
                CryptographicOperations.ZeroMemory(slot.Buffer);
            }

            foreach (var cipher in _ciphers)
            {
                cipher.Dispose();
            }

            foreach (var ready in _ready)
            {
                ready.Dispose();
            }
        }

        private void Run(int worker)
        {
            var cipher = _ciphers[worker];
            var degree = _ready.Length;
            for (var next = worker; ; next = (next + degree) % Slots.Length)
            {
                _ready[worker].Wait();
                if (_stopping)
                {
                    return;
                }

                var slot = Slots[next];
                try
                {
                    slot.EncryptWith(cipher);
                }
                catch (Exception e)
                {
                    // Whatever fails here surfaces to the caller awaiting this slot, never as a hang.
                    slot.Failed(e);
                    return;
                }

                slot.Encrypted();
            }
        }
    }
}
