using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Key bytes in a pinned array, so the GC never leaves copies behind when it compacts, wiped on
/// <see cref="Dispose"/>.
/// </summary>
internal sealed class SecretBuffer : IDisposable
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _bytes;
    private bool _disposed;

    private SecretBuffer(int length)
    {
        _bytes = GC.AllocateUninitializedArray<byte>(length, pinned: true);
    }

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    public static SecretBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = new SecretBuffer(source.Length);
        source.CopyTo(buffer._bytes);
        return buffer;
    }

    public static SecretBuffer Random(int length)
    {
        var buffer = new SecretBuffer(length);
        RandomNumberGenerator.Fill(buffer._bytes);
        return buffer;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_bytes), _bytes.Length));
        }
    }
}
