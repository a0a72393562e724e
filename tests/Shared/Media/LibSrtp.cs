using System.Runtime.InteropServices;
using Telehealth.Media.Srtp;

namespace Telehealth.Testing;

/// <summary>
/// libsrtp2 (Debian package <c>libsrtp2-1</c>) through P/Invoke, resolved by its soname so the loader finds it
/// wherever the distribution installs it: the independent SRTP implementation the Media tests interoperate
/// with and the SRTP benchmarks compare against.
/// </summary>
internal static partial class LibSrtp
{
    public const string Library = "libsrtp2.so.1";

    private static readonly Lazy<bool> Initialized = new(() => NativeLibrary.TryLoad(Library, out _) && srtp_init() == 0);

    /// <summary>Whether libsrtp2 was loaded and initialized.</summary>
    public static bool IsAvailable => Initialized.Value;

    [StructLayout(LayoutKind.Sequential)]
    public struct CryptoPolicy
    {
        public int CipherType;
        public int CipherKeyLength;
        public int AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    /// <summary><c>srtp_policy_t</c> of libsrtp 2.x.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Policy
    {
        public int SsrcType;
        public uint SsrcValue;
        public CryptoPolicy Rtp;
        public CryptoPolicy Rtcp;
        public nint Key;
        public nint Keys;
        public nuint MasterKeyCount;
        public nint DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public nint EncryptedExtensionHeaders;
        public int EncryptedExtensionHeaderCount;
        public nint Next;
    }

    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    [LibraryImport(Library)]
    private static partial int srtp_init();

    [LibraryImport(Library)]
    public static partial int srtp_create(out nint session, ref Policy policy);

    [LibraryImport(Library)]
    public static partial int srtp_dealloc(nint session);

    [LibraryImport(Library)]
    public static partial int srtp_crypto_policy_set_from_profile_for_rtp(ref CryptoPolicy policy, int profile);

    [LibraryImport(Library)]
    public static partial int srtp_crypto_policy_set_from_profile_for_rtcp(ref CryptoPolicy policy, int profile);

    [LibraryImport(Library)]
    public static unsafe partial int srtp_protect(nint session, byte* packet, ref int length);

    [LibraryImport(Library)]
    public static unsafe partial int srtp_unprotect(nint session, byte* packet, ref int length);

    [LibraryImport(Library)]
    public static unsafe partial int srtp_protect_rtcp(nint session, byte* packet, ref int length);

    [LibraryImport(Library)]
    public static unsafe partial int srtp_unprotect_rtcp(nint session, byte* packet, ref int length);
}

/// <summary>One libsrtp2 session (sending or receiving, any SSRC) over a master key and salt.</summary>
internal sealed unsafe class LibSrtpSession : IDisposable
{
    private readonly nint _session;
    private readonly GCHandle _key;

    public LibSrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, bool inbound)
    {
        if (!LibSrtp.IsAvailable)
        {
            throw new InvalidOperationException($"libsrtp2 ({LibSrtp.Library}, Debian package libsrtp2-1) is not installed or could not be initialized.");
        }

        _key = GCHandle.Alloc((byte[])[.. masterKey, .. masterSalt], GCHandleType.Pinned);
        var policy = new LibSrtp.Policy
        {
            SsrcType = inbound ? LibSrtp.SsrcAnyInbound : LibSrtp.SsrcAnyOutbound,
            Key = _key.AddrOfPinnedObject(),
            WindowSize = 128,
        };
        Check(LibSrtp.srtp_crypto_policy_set_from_profile_for_rtp(ref policy.Rtp, (int)profile), "srtp_crypto_policy_set_from_profile_for_rtp");
        Check(LibSrtp.srtp_crypto_policy_set_from_profile_for_rtcp(ref policy.Rtcp, (int)profile), "srtp_crypto_policy_set_from_profile_for_rtcp");
        Check(LibSrtp.srtp_create(out _session, ref policy), "srtp_create");
    }

    /// <summary>Protects the RTP packet of <paramref name="length"/> bytes in <paramref name="buffer"/>; returns the status and new length.</summary>
    public (int Status, int Length) Protect(byte[] buffer, int length) => Call(buffer, length, LibSrtp.srtp_protect);

    public (int Status, int Length) Unprotect(byte[] buffer, int length) => Call(buffer, length, LibSrtp.srtp_unprotect);

    public (int Status, int Length) ProtectRtcp(byte[] buffer, int length) => Call(buffer, length, LibSrtp.srtp_protect_rtcp);

    public (int Status, int Length) UnprotectRtcp(byte[] buffer, int length) => Call(buffer, length, LibSrtp.srtp_unprotect_rtcp);

    public void Dispose()
    {
        _ = LibSrtp.srtp_dealloc(_session);
        Array.Clear((byte[])_key.Target!);
        _key.Free();
    }

    private delegate int Transform(nint session, byte* packet, ref int length);

    private (int Status, int Length) Call(byte[] buffer, int length, Transform transform)
    {
        fixed (byte* packet = buffer)
        {
            var status = transform(_session, packet, ref length);
            return (status, length);
        }
    }

    private static void Check(int status, string function)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"libsrtp2 {function} returned {status}.");
        }
    }
}
