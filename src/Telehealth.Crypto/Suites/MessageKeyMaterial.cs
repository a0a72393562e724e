using System.Security.Cryptography;
using NSec.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// The AEAD key and key commitment derived from one data key (FORMAT.md, "Key derivation"), with the
/// AEAD objects ready to use. Deriving and constructing AEAD objects costs microseconds, so a data key
/// that is reused within the cache limits keeps its material; every message still has its own random
/// nonce. Users take a lease (<see cref="TryAcquire"/>/<see cref="Release"/>); disposal waits for the
/// last lease, then zeroes the key.
/// </summary>
internal sealed class MessageKeyMaterial : IDisposable
{
    public const int DataKeySize = 32;
    public const int KeySize = 32;
    public const int OutputSize = KeySize + EnvelopeLayout.CommitmentSize;
    private const int InfoLabelSize = 10;

    private readonly byte[] _key = GC.AllocateArray<byte>(KeySize, pinned: true);
    private readonly byte[] _commitment = new byte[EnvelopeLayout.CommitmentSize];
    private readonly AesGcm?[] _pool;
    private readonly NSec.Cryptography.Key? _xchacha;
    private readonly Lock _lock = new();
    private int _leases = 1;
    private bool _disposed;

    private MessageKeyMaterial(AlgorithmSuite suite, byte flags, ReadOnlySpan<byte> okm)
    {
        Suite = suite;
        Flags = flags;
        okm[..KeySize].CopyTo(_key);
        okm.Slice(KeySize, EnvelopeLayout.CommitmentSize).CopyTo(_commitment);
        if (suite == AlgorithmSuite.Aes256GcmHkdfSha256)
        {
            _pool = new AesGcm?[Math.Max(2, Environment.ProcessorCount * 2)];
        }
        else
        {
            _pool = [];
            _xchacha = NSec.Cryptography.Key.Import(AeadAlgorithm.XChaCha20Poly1305, _key, KeyBlobFormat.RawSymmetricKey);
        }
    }

    public AlgorithmSuite Suite { get; }

    public byte Flags { get; }

    public ReadOnlySpan<byte> Commitment => _commitment;

    /// <summary>Derives the material; the caller holds the first lease.</summary>
    public static MessageKeyMaterial Create(AlgorithmSuite suite, byte flags, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> subjectKey)
    {
        Span<byte> okm = stackalloc byte[OutputSize];
        try
        {
            Derive(suite, flags, dataKey, subjectKey, okm);
            return new MessageKeyMaterial(suite, flags, okm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary><c>HKDF-SHA256(IKM = data key ‖ subject key, salt = empty, info = "THEV1 keys" ‖ suite ‖ flags, L = 64)</c>.</summary>
    public static void Derive(AlgorithmSuite suite, byte flags, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> subjectKey, Span<byte> output)
    {
        Span<byte> ikm = stackalloc byte[DataKeySize * 2];
        Span<byte> info = stackalloc byte[InfoLabelSize + 2];
        try
        {
            dataKey.CopyTo(ikm);
            subjectKey.CopyTo(ikm[DataKeySize..]);
            "THEV1 keys"u8.CopyTo(info);
            info[InfoLabelSize] = suite.Id;
            info[InfoLabelSize + 1] = flags;
            HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm[..(DataKeySize + subjectKey.Length)], output[..OutputSize], default, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    public bool Matches(AlgorithmSuite suite, byte flags) => Suite == suite && Flags == flags;

    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _leases++;
            return true;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _leases--;
            if (_disposed && _leases == 0)
            {
                Destroy();
            }
        }
    }

    /// <summary>Copies the AEAD key (the segmented stream derives its segment keys from it).</summary>
    public void CopyKey(Span<byte> destination) => _key.CopyTo(destination);

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        if (_xchacha is not null)
        {
            AeadAlgorithm.XChaCha20Poly1305.Encrypt(_xchacha, nonce, associatedData, plaintext, ciphertextAndTag[..(plaintext.Length + EnvelopeLayout.TagSize)]);
            return;
        }

        var aes = Rent();
        try
        {
            aes.Encrypt(nonce, plaintext, ciphertextAndTag[..plaintext.Length], ciphertextAndTag.Slice(plaintext.Length, EnvelopeLayout.TagSize), associatedData);
        }
        finally
        {
            Return(aes);
        }
    }

    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var length = ciphertextAndTag.Length - EnvelopeLayout.TagSize;
        if (_xchacha is not null)
        {
            return AeadAlgorithm.XChaCha20Poly1305.Decrypt(_xchacha, nonce, associatedData, ciphertextAndTag, plaintext[..length]);
        }

        var aes = Rent();
        try
        {
            aes.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext[..length]);
            return false;
        }
        finally
        {
            Return(aes);
        }
    }

    /// <summary>Gives up ownership: destroyed now, or when the last lease is released.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_leases == 0)
            {
                Destroy();
            }
        }
    }

    private AesGcm Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            var aes = Interlocked.Exchange(ref _pool[i], null);
            if (aes is not null)
            {
                return aes;
            }
        }

        return new AesGcm(_key, EnvelopeLayout.TagSize);
    }

    private void Return(AesGcm aes)
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _pool[i], aes, null) is null)
            {
                return;
            }
        }

        aes.Dispose();
    }

    private void Destroy()
    {
        CryptographicOperations.ZeroMemory(_key);
        for (var i = 0; i < _pool.Length; i++)
        {
            Interlocked.Exchange(ref _pool[i], null)?.Dispose();
        }

        _xchacha?.Dispose();
    }
}
