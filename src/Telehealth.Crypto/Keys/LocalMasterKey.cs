using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// The 256-bit master key that seals the local keystore's key-encryption keys. It comes from an
/// environment variable or a file that only the service account can read, never from configuration
/// files checked into source control. The key bytes live in pinned memory and are zeroed on dispose.
/// </summary>
public sealed class LocalMasterKey : IDisposable
{
    /// <summary>The master key size in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The length of the key in base64: 44 ASCII characters.</summary>
    private const int EncodedSize = 44;

    /// <summary>A master key file is 44 characters and some white space; anything much longer is not one.</summary>
    private const int MaxFileSize = 1024;

    private readonly byte[] _key;
    private bool _disposed;

    private LocalMasterKey(ReadOnlySpan<byte> key)
    {
        _key = GC.AllocateArray<byte>(KeySize, pinned: true);
        key.CopyTo(_key);
    }

    /// <summary>Creates a random master key (for tests and first-time setup).</summary>
    /// <returns>A new master key.</returns>
    public static LocalMasterKey Generate()
    {
        Span<byte> key = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new LocalMasterKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Creates a master key from its 32 bytes, which are copied.</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>The master key.</returns>
    public static LocalMasterKey Import(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw Errors.MasterKeyUnavailable($"a master key is exactly {KeySize} bytes");
        }

        return new LocalMasterKey(key);
    }

    /// <summary>
    /// Reads a base64-encoded master key from an environment variable. The runtime holds environment
    /// variables as strings, which cannot be wiped; where that matters, use <see cref="FromFile"/> (read
    /// as bytes and wiped) or an HSM key provider.
    /// </summary>
    /// <param name="variable">The variable name, such as <c>TELEHEALTH_CRYPTO_MASTER_KEY</c>.</param>
    /// <returns>The master key.</returns>
    /// <exception cref="CryptoException">TH2040 when the variable is missing or not 32 base64-encoded bytes.</exception>
    public static LocalMasterKey FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Errors.MasterKeyUnavailable($"environment variable {variable} is not set");
        }

        Span<byte> key = stackalloc byte[KeySize + 3];
        try
        {
            // Decoded from the runtime's string in place: no further copy of the key text is made.
            if (!Convert.TryFromBase64Chars(text.AsSpan().Trim(), key, out var written) || written != KeySize)
            {
                throw Errors.MasterKeyUnavailable($"environment variable {variable} does not hold {KeySize} base64-encoded bytes");
            }

            return new LocalMasterKey(key[..KeySize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Reads a master key file: the 32 key bytes in base64 (44 ASCII characters), optionally surrounded
    /// by white space such as a final newline. The file is read as bytes into pinned memory and wiped;
    /// the key never becomes a string. With <paramref name="createIfMissing"/>, a missing file is created
    /// with a new random key, owner read/write only, written atomically: the embedded default for
    /// development machines.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="createIfMissing">Whether to create the file when it does not exist.</param>
    /// <returns>The master key.</returns>
    /// <exception cref="CryptoException">TH2040 when the file is missing, larger than 1 KiB or malformed.</exception>
    public static LocalMasterKey FromFile(string path, bool createIfMissing = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw Errors.MasterKeyUnavailable("the master key file does not exist");
            }

            var encoded = GC.AllocateArray<byte>(EncodedSize, pinned: true);
            try
            {
                using (var generated = Generate())
                {
                    Base64.EncodeToUtf8(generated._key, encoded, out _, out _);
                }

                SecureFiles.WriteAtomically(path, encoded, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
            finally
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
        }

        var content = GC.AllocateArray<byte>(MaxFileSize + 1, pinned: true);
        try
        {
            int length;
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
                length = file.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            }
            catch (FileNotFoundException)
            {
                throw Errors.MasterKeyUnavailable("the master key file does not exist");
            }

            if (length > MaxFileSize)
            {
                throw Errors.MasterKeyUnavailable($"the master key file is larger than {MaxFileSize} bytes");
            }

            return FromBase64Utf8(content.AsSpan(0, length), "the master key file");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Gets the key bytes for sealing; the caller must not keep the span.</summary>
    internal ReadOnlySpan<byte> Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }

    /// <summary>Never shows key material.</summary>
    /// <returns>A fixed description.</returns>
    public override string ToString() => "LocalMasterKey(***)";

    private static LocalMasterKey FromBase64Utf8(ReadOnlySpan<byte> text, string source)
    {
        Span<byte> key = stackalloc byte[KeySize + 3];
        try
        {
            var trimmed = text.Trim(" \t\r\n"u8);
            if (Base64.DecodeFromUtf8(trimmed, key, out var consumed, out var written) != OperationStatus.Done || consumed != trimmed.Length || written != KeySize)
            {
                throw Errors.MasterKeyUnavailable($"{source} does not hold {KeySize} base64-encoded bytes");
            }

            return new LocalMasterKey(key[..KeySize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
