namespace Telehealth.Media.Channels;

/// <summary>A packet that <see cref="SecureMediaChannel.ReceiveAsync"/> wrote into the caller's buffer.</summary>
/// <param name="Kind">RTP or RTCP.</param>
/// <param name="Length">The number of bytes written at the start of the buffer.</param>
public readonly record struct ReceivedMediaPacket(MediaPacketKind Kind, int Length);
