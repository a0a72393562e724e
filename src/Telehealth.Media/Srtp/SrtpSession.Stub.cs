namespace Telehealth.Media.Srtp;

public sealed partial class SrtpSession
{
    private bool _rekeyRequired = true;

    private SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpOptions options)
    {
        Profile = profile;
        _ = masterKey.Length + masterSalt.Length + options.MaxSsrcs;
    }

    /// <summary>Zeroes the session keys and releases the cipher objects; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => RekeyRequired?.Invoke(this, new SrtpRekeyRequiredEventArgs(false, 0, 0));

    private SrtpStatus TryAddSsrc(uint ssrc) => throw new NotImplementedException();

    private SrtpStatus Complete(SrtpStatus status) => _rekeyRequired ? status : status;

    private SrtpStatus ProtectRtpCore(Span<byte> buffer, int length, out int protectedLength) => throw new NotImplementedException();

    private SrtpStatus UnprotectRtpCore(Span<byte> buffer, out int length) => throw new NotImplementedException();

    private SrtpStatus ProtectRtcpCore(Span<byte> buffer, int length, out int protectedLength) => throw new NotImplementedException();

    private SrtpStatus UnprotectRtcpCore(Span<byte> buffer, out int length) => throw new NotImplementedException();
}
