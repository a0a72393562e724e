using System.Buffers.Binary;

namespace Telehealth.Media.Srtp;

public sealed partial class SrtpSession
{
    private const long MaxRtpIndex = (1L << 48) - 1;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    private readonly Lock _lock = new();
    private readonly SrtpCipher _cipher;
    private readonly SsrcTable _rtpStreams;
    private readonly SsrcTable _rtcpStreams;
    private readonly SrtpOptions _options;
    private readonly int _rtpTagLength;
    private readonly int _rtcpTagLength;
    private readonly int _rtcpOverhead;
    private readonly long _maxRtpPackets;
    private readonly long _maxRtcpPackets;
    private readonly long _rtpWarnAt;
    private readonly long _rtcpWarnAt;
    private readonly long _rtpIndexWarnAt;
    private long _rtpPackets;
    private long _rtcpPackets;
    private bool _rtpWarned;
    private bool _rtcpWarned;
    private bool _rekeyRequired;
    private SrtpRekeyRequiredEventArgs? _pendingRekey;
    private bool _disposed;

    private SrtpSession(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp, SrtpOptions options)
    {
        Profile = profile;
        _cipher = SrtpCipher.Create(profile, rtp, rtcp);
        _options = options;
        _rtpStreams = new SsrcTable(options.MaxSsrcs, options.ReplayWindowSize);
        _rtcpStreams = new SsrcTable(options.MaxSsrcs, options.ReplayWindowSize);
        _rtpTagLength = _cipher.RtpTagLength;
        _rtcpTagLength = _cipher.RtcpTagLength;
        _rtcpOverhead = SrtpProfileInfo.RtcpOverhead(profile);
        _maxRtpPackets = options.MaxRtpPackets;
        _maxRtcpPackets = options.MaxRtcpPackets;
        _rtpWarnAt = Threshold(options.MaxRtpPackets, options.RekeyWarningPercent);
        _rtcpWarnAt = Threshold(options.MaxRtcpPackets, options.RekeyWarningPercent);
        _rtpIndexWarnAt = Threshold(MaxRtpIndex + 1, options.RekeyWarningPercent);
    }

    /// <summary>Creates a session from session keys directly, as the RFC 7714 vectors give them (tests only).</summary>
    internal static SrtpSession CreateWithSessionKeys(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp, SrtpOptions? options = null) =>
        new(profile, rtp, rtcp, options ?? new SrtpOptions());

    /// <summary>Zeroes the session keys and releases the cipher objects; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _cipher.Dispose();
        }
    }

    /// <summary>Places the highest SRTP index of an SSRC (tests of the 2^48 index limit only).</summary>
    internal void SetHighestRtpIndex(uint ssrc, long highest)
    {
        lock (_lock)
        {
            var state = _rtpStreams.Find(ssrc) ?? _rtpStreams.Add(ssrc);
            state.Window.Reset(highest);
        }
    }

    /// <summary>Places the next SRTCP index an SSRC will send (tests of the 2^31 index limit only).</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint next)
    {
        lock (_lock)
        {
            var state = _rtcpStreams.Find(ssrc) ?? _rtcpStreams.Add(ssrc);
            state.NextSrtcpIndex = next;
        }
    }

    private static long Threshold(long limit, int percent) => Math.Max(1, limit / 100 * percent + (limit % 100 * percent / 100));

    private SrtpStatus TryAddSsrc(uint ssrc)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var table in (ReadOnlySpan<SsrcTable>)[_rtpStreams, _rtcpStreams])
            {
                if (table.Find(ssrc) is null)
                {
                    if (table.IsFull)
                    {
                        return SrtpStatus.SsrcLimitReached;
                    }

                    table.Add(ssrc);
                }
            }

            return SrtpStatus.Success;
        }
    }

    private SrtpStatus ProtectRtpCore(Span<byte> buffer, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        protectedLength = 0;
        var packet = buffer[..length];
        var status = RtpHeader.Parse(packet, out var headerLength);
        if (status != SrtpStatus.Success)
        {
            return status;
        }

        status = RtpHeader.CheckPadding(packet, headerLength);
        if (status != SrtpStatus.Success)
        {
            return status;
        }

        if (buffer.Length - length < _rtpTagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = RtpHeader.Ssrc(packet);
        var sequence = RtpHeader.SequenceNumber(packet);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _rtpStreams.Find(ssrc);
            if (state is null && _rtpStreams.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            var index = EstimateIndex(state?.Window.Highest ?? -1, sequence);
            if (index > MaxRtpIndex || _rtpPackets >= _maxRtpPackets)
            {
                return SrtpStatus.KeyLifetimeExhausted;
            }

            // Protecting an index twice would reuse the keystream (AES-CM) or the nonce (AES-GCM).
            if (state is not null && !state.Window.IsFresh(index))
            {
                return SrtpStatus.Replayed;
            }

            _cipher.ProtectRtp(packet, headerLength, ssrc, index, buffer.Slice(length, _rtpTagLength));
            state ??= _rtpStreams.Add(ssrc);
            state.Window.Accept(index);
            NoteRtpUsage(index);
        }

        MediaTelemetry.SrtpPacketsProtected.Add(1);
        protectedLength = length + _rtpTagLength;
        return SrtpStatus.Success;
    }

    private SrtpStatus UnprotectRtpCore(Span<byte> buffer, out int length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        length = 0;
        if (buffer.Length < RtpHeader.FixedLength + _rtpTagLength)
        {
            return SrtpStatus.PacketTooShort;
        }

        var packetLength = buffer.Length - _rtpTagLength;
        var packet = buffer[..packetLength];
        var status = RtpHeader.Parse(packet, out var headerLength);
        if (status != SrtpStatus.Success)
        {
            return status;
        }

        var ssrc = RtpHeader.Ssrc(packet);
        var sequence = RtpHeader.SequenceNumber(packet);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _rtpStreams.Find(ssrc);
            status = CheckUnknown(state, _rtpStreams);
            if (status != SrtpStatus.Success)
            {
                return status;
            }

            var index = EstimateIndex(state?.Window.Highest ?? -1, sequence);
            if (index > MaxRtpIndex || _rtpPackets >= _maxRtpPackets)
            {
                return SrtpStatus.KeyLifetimeExhausted;
            }

            if (state is not null && !state.Window.IsFresh(index))
            {
                return SrtpStatus.Replayed;
            }

            if (!_cipher.UnprotectRtp(packet, headerLength, ssrc, index, buffer[packetLength..]))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            status = RtpHeader.CheckPadding(packet, headerLength);
            if (status != SrtpStatus.Success)
            {
                return status;
            }

            state ??= _rtpStreams.Add(ssrc);
            state.Window.Accept(index);
            NoteRtpUsage(index);
        }

        MediaTelemetry.SrtpPacketsUnprotected.Add(1);
        length = packetLength;
        return SrtpStatus.Success;
    }

    private SrtpStatus ProtectRtcpCore(Span<byte> buffer, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        protectedLength = 0;
        var status = RtpHeader.ParseRtcp(buffer[..length]);
        if (status != SrtpStatus.Success)
        {
            return status;
        }

        if (buffer.Length - length < _rtcpOverhead)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = RtpHeader.RtcpSsrc(buffer);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _rtcpStreams.Find(ssrc);
            if (state is null && _rtcpStreams.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            var index = state?.NextSrtcpIndex ?? 0;
            if (index > MaxSrtcpIndex || _rtcpPackets >= _maxRtcpPackets)
            {
                return SrtpStatus.KeyLifetimeExhausted;
            }

            protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, index);
            state ??= _rtcpStreams.Add(ssrc);
            state.NextSrtcpIndex = index + 1;
            NoteRtcpUsage(index);
        }

        MediaTelemetry.SrtcpPacketsProtected.Add(1);
        return SrtpStatus.Success;
    }

    private SrtpStatus UnprotectRtcpCore(Span<byte> buffer, out int length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        length = 0;
        if (buffer.Length < RtpHeader.RtcpFixedLength + _rtcpOverhead)
        {
            return SrtpStatus.PacketTooShort;
        }

        var status = RtpHeader.ParseRtcp(buffer);
        if (status != SrtpStatus.Success)
        {
            return status;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(buffer[_cipher.SrtcpIndexOffset(buffer.Length)..]);
        if ((word & 0x8000_0000u) == 0)
        {
            return SrtpStatus.UnencryptedSrtcp;
        }

        var index = word & MaxSrtcpIndex;
        var ssrc = RtpHeader.RtcpSsrc(buffer);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _rtcpStreams.Find(ssrc);
            status = CheckUnknown(state, _rtcpStreams);
            if (status != SrtpStatus.Success)
            {
                return status;
            }

            if (_rtcpPackets >= _maxRtcpPackets)
            {
                return SrtpStatus.KeyLifetimeExhausted;
            }

            if (state is not null && !state.Window.IsFresh(index))
            {
                return SrtpStatus.Replayed;
            }

            var plainLength = _cipher.UnprotectRtcp(buffer, ssrc, index);
            if (plainLength < 0)
            {
                return SrtpStatus.AuthenticationFailed;
            }

            state ??= _rtcpStreams.Add(ssrc);
            state.Window.Accept(index);
            NoteRtcpUsage(index);
            length = plainLength;
        }

        MediaTelemetry.SrtcpPacketsUnprotected.Add(1);
        return SrtpStatus.Success;
    }

    private SrtpStatus CheckUnknown(SsrcState? state, SsrcTable table)
    {
        if (state is not null)
        {
            return SrtpStatus.Success;
        }

        if (_options.UnknownSsrcPolicy == SrtpUnknownSsrcPolicy.Refuse)
        {
            return SrtpStatus.UnknownSsrc;
        }

        return table.IsFull ? SrtpStatus.SsrcLimitReached : SrtpStatus.Success;
    }

    /// <summary>
    /// The packet index of a sequence number relative to the highest index seen (RFC 3711 Appendix A): the
    /// candidate among ROC-1, ROC and ROC+1 closest to it. A negative result (before roll-over counter 0) is never fresh.
    /// </summary>
    internal static long EstimateIndex(long highest, ushort sequence)
    {
        if (highest < 0)
        {
            return sequence;
        }

        var roc = highest >> 16;
        var last = (int)(highest & 0xFFFF);
        long guess;
        if (last < 0x8000)
        {
            guess = sequence - last > 0x8000 ? roc - 1 : roc;
        }
        else
        {
            guess = last - 0x8000 > sequence ? roc + 1 : roc;
        }

        return guess < 0 ? -1 : (guess << 16) | sequence;
    }

    private void NoteRtpUsage(long index)
    {
        _rtpPackets++;
        if (!_rtpWarned && (_rtpPackets >= _rtpWarnAt || index >= _rtpIndexWarnAt))
        {
            _rtpWarned = true;
            var byIndex = index >= _rtpIndexWarnAt;
            SignalRekey(new SrtpRekeyRequiredEventArgs(false, byIndex ? index : _rtpPackets, byIndex ? MaxRtpIndex + 1 : _maxRtpPackets));
        }
    }

    private void NoteRtcpUsage(uint index)
    {
        _rtcpPackets++;
        var used = Math.Max(_rtcpPackets, (long)index + 1);
        if (!_rtcpWarned && used >= _rtcpWarnAt)
        {
            _rtcpWarned = true;
            SignalRekey(new SrtpRekeyRequiredEventArgs(true, used, _maxRtcpPackets));
        }
    }

    private void SignalRekey(SrtpRekeyRequiredEventArgs args)
    {
        Volatile.Write(ref _rekeyRequired, true);
        Volatile.Write(ref _pendingRekey, args);
        MediaTelemetry.SrtpRekeyRequired.Add(1);
    }

    /// <summary>Counts a refusal and, outside the lock, raises a pending rekey signal.</summary>
    private SrtpStatus Complete(SrtpStatus status)
    {
        if (status != SrtpStatus.Success)
        {
            MediaTelemetry.CountSrtpRefusal(status);
        }

        if (Volatile.Read(ref _pendingRekey) is not null && Interlocked.Exchange(ref _pendingRekey, null) is { } args)
        {
            RekeyRequired?.Invoke(this, args);
        }

        return status;
    }
}
