using System.Runtime.InteropServices;
using Telehealth.Media.Srtp;

namespace Telehealth.Benchmarks;

/// <summary>
/// libsrtp2 (Debian package <c>libsrtp2-1</c>) for the SRTP benchmarks, loaded by its soname. Classic
/// <c>DllImport</c> with blittable arguments, as this project does not compile unsafe code.
/// </summary>
internal sealed class SrtpLibSrtp : IDisposable
{
    private const string Library = "libsrtp2.so.1";
    private static readonly bool Initialized = NativeLibrary.TryLoad(Library, out _) && srtp_init() == 0;

    private readonly nint _session;
    private readonly GCHandle _key;

    public SrtpLibSrtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, bool inbound)
    {
        if (!Initialized)
        {
            throw new InvalidOperationException($"{Library} (Debian package libsrtp2-1) is not installed.");
        }

        _key = GCHandle.Alloc((byte[])[.. masterKey, .. masterSalt], GCHandleType.Pinned);
        var policy = new Policy { SsrcType = inbound ? 2 : 3, Key = _key.AddrOfPinnedObject(), WindowSize = 128 };
        _ = srtp_crypto_policy_set_from_profile_for_rtp(ref policy.Rtp, (int)profile);
        _ = srtp_crypto_policy_set_from_profile_for_rtcp(ref policy.Rtcp, (int)profile);
        if (srtp_create(out _session, ref policy) != 0)
        {
            throw new InvalidOperationException("srtp_create failed.");
        }
    }

    public int Protect(nint packet, ref int length) => srtp_protect(_session, packet, ref length);

    public int Unprotect(nint packet, ref int length) => srtp_unprotect(_session, packet, ref length);

    public void Dispose()
    {
        _ = srtp_dealloc(_session);
        _key.Free();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CryptoPolicy
    {
        public int CipherType;
        public int CipherKeyLength;
        public int AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Policy
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

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this project does not enable.
    [DllImport(Library)]
    private static extern int srtp_init();

    [DllImport(Library)]
    private static extern int srtp_create(out nint session, ref Policy policy);

    [DllImport(Library)]
    private static extern int srtp_dealloc(nint session);

    [DllImport(Library)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtp(ref CryptoPolicy policy, int profile);

    [DllImport(Library)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtcp(ref CryptoPolicy policy, int profile);

    [DllImport(Library)]
    private static extern int srtp_protect(nint session, nint packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_unprotect(nint session, nint packet, ref int length);
#pragma warning restore SYSLIB1054
}
