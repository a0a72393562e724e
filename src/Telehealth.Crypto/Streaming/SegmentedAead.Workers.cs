using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>The workers of bulk encryption: each reads, encrypts and writes its own work units, taking turns at the input and the output.</summary>
internal static partial class SegmentedAead
{
    /// <summary>Segments are grouped into work units of about this size, so turn-taking costs stay small beside the encryption.</summary>
    private const int UnitBytes = 256 * 1024;

    /// <summary>
    /// Encrypts with <c>degree</c> workers. Unit u belongs to worker u mod degree, which reads it into
    /// its own buffer, encrypts it in place and writes it out, so a unit's bytes stay on one core. The
    /// input and the output are used by one worker at a time, in unit order: a worker waits for its
    /// turn to read, passes the turn on as soon as its unit is read, and does the same at the output.
    /// Reading, encrypting and writing of different units overlap; memory is one unit per worker.
    /// </summary>
    private sealed class BulkEncryption<TInput, TOutput> : IDisposable
        where TInput : struct, ISegmentInput
        where TOutput : struct, ISegmentOutput
    {
        private readonly TInput _input;
        private readonly TOutput _output;
        private readonly int _segmentSize;
        private readonly int _stride;
        private readonly int _unitSegments;
        private readonly SegmentCipher[] _ciphers;
        private readonly byte[][] _buffers;
        private readonly SemaphoreSlim[] _readTurn;
        private readonly SemaphoreSlim[] _writeTurn;
        private readonly CancellationTokenSource _stop;

        // Read state: touched only by the worker holding the read turn, and handed on with it.
        private long _nextSegment;
        private bool _hasCarry;
        private byte _carry;
        private bool _inputEnded;

        private Exception? _failure;

        public BulkEncryption(TInput input, TOutput output, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> header, int segmentSize, int degree, CancellationToken cancellationToken)
        {
            _input = input;
            _output = output;
            _segmentSize = segmentSize;
            _stride = segmentSize + StreamFormat.TagSize;
            _unitSegments = Math.Max(1, UnitBytes / segmentSize);
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
                DisposeCiphers();
                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }

            // One byte of read-ahead past a full segment lands in its tag area, which encryption overwrites.
            _buffers = new byte[degree][];
            _readTurn = new SemaphoreSlim[degree];
            _writeTurn = new SemaphoreSlim[degree];
            for (var i = 0; i < degree; i++)
            {
                _buffers[i] = new byte[_unitSegments * _stride];
                _readTurn[i] = new SemaphoreSlim(i == 0 ? 1 : 0);
                _writeTurn[i] = new SemaphoreSlim(i == 0 ? 1 : 0);
            }

            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Runs the workers to the end of the input; the first failure of any worker stops the others and is rethrown.</summary>
        public async Task RunAsync()
        {
            var workers = new Task[_ciphers.Length];
            for (var i = 0; i < workers.Length; i++)
            {
                var worker = i;
                workers[i] = Task.Factory.StartNew(() => Work(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_failure is not null)
            {
                // A worker failed and the others stopped at their next turn: the failure is rethrown below.
            }

            if (_failure is not null)
            {
                ExceptionDispatchInfo.Throw(_failure);
            }
        }

        public void Dispose()
        {
            // Runs only after every worker has stopped, so no buffer is wiped under a worker.
            foreach (var buffer in _buffers)
            {
                CryptographicOperations.ZeroMemory(buffer);
            }

            DisposeCiphers();
            foreach (var turn in _readTurn.Concat(_writeTurn))
            {
                turn.Dispose();
            }

            _stop.Dispose();
        }

        /// <summary>
        /// One worker, on a thread of its own: it blocks while it waits for a turn or for I/O instead of
        /// returning to the thread pool, whose idle threads would spin on the cores the workers need.
        /// </summary>
        private void Work(int worker)
        {
            var degree = _ciphers.Length;
            var next = (worker + 1) % degree;
            var buffer = _buffers[worker];
            var cancellationToken = _stop.Token;
            try
            {
                while (true)
                {
                    _readTurn[worker].Wait(cancellationToken);
                    if (_inputEnded)
                    {
                        _readTurn[next].Release();
                        return;
                    }

                    var firstSegment = _nextSegment;
                    var (count, lastLength) = ReadUnit(buffer, cancellationToken);
                    var final = _inputEnded;
                    _readTurn[next].Release();

                    var length = Encrypt(_ciphers[worker], buffer, firstSegment, count, lastLength, final);

                    _writeTurn[worker].Wait(cancellationToken);
                    Complete(_output.WriteAsync(buffer.AsMemory(0, length), cancellationToken));
                    _writeTurn[next].Release();
                    if (final)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
                _stop.Cancel();
                throw;
            }
        }

        /// <summary>Reads up to one unit of segments; reading one byte beyond a segment tells whether it is the last.</summary>
        private static int Complete(ValueTask<int> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

        private static void Complete(ValueTask pending)
        {
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }

        private (int Count, int LastLength) ReadUnit(byte[] buffer, CancellationToken cancellationToken)
        {
            var count = 0;
            var length = 0;
            while (count < _unitSegments && !_inputEnded)
            {
                var offset = count * _stride;
                length = 0;
                if (_hasCarry)
                {
                    buffer[offset] = _carry;
                    length = 1;
                    _hasCarry = false;
                }

                while (length <= _segmentSize)
                {
                    var read = Complete(_input.ReadAsync(buffer.AsMemory(offset + length, _segmentSize + 1 - length), cancellationToken));
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                _inputEnded = length <= _segmentSize;
                if (!_inputEnded)
                {
                    _carry = buffer[offset + _segmentSize];
                    _hasCarry = true;
                    length = _segmentSize;
                }

                count++;
            }

            if (_nextSegment + count > StreamFormat.MaxSegments)
            {
                throw Errors.StreamTooLong();
            }

            _nextSegment += count;
            return (count, length);
        }

        /// <summary>Encrypts a unit in place and returns its encrypted length.</summary>
        private int Encrypt(SegmentCipher cipher, byte[] buffer, long firstSegment, int count, int lastLength, bool final)
        {
            for (var i = 0; i < count; i++)
            {
                var last = i == count - 1;
                var length = last ? lastLength : _segmentSize;
                var segment = buffer.AsSpan(i * _stride, length + StreamFormat.TagSize);
                cipher.Encrypt(firstSegment + i, final && last, segment[..length], segment);
            }

            return ((count - 1) * _stride) + lastLength + StreamFormat.TagSize;
        }

        private void DisposeCiphers()
        {
            foreach (var cipher in _ciphers)
            {
                cipher?.Dispose();
            }
        }
    }
}
