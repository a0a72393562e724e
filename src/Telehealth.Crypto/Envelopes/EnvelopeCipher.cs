using System.Buffers.Binary;
using System.Security.Cryptography;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// The envelope cipher over a <see cref="Keyring"/>: see <see cref="IEnvelopeCipher"/> and FORMAT.md.
/// Thread-safe; one instance per keyring serves the whole application.
/// </summary>
public sealed partial class EnvelopeCipher : IEnvelopeCipher, IDisposable
{
    /// <summary>The most bytes an envelope adds to its plaintext (largest header plus the tag).</summary>
    public const int MaxOverhead = EnvelopeLayout.FixedPrefixSize + EnvelopeLayout.MaxKeyringIdLength + 4 + 2 + EnvelopeLayout.MaxWrappedKeyLength
        + EnvelopeLayout.SubjectKeyIdSize + EnvelopeLayout.NonceSize + EnvelopeLayout.CommitmentSize + EnvelopeLayout.TagSize;

    private const int DataKeySize = MessageKeys.DataKeySize;
    private readonly Keyring _keyring;
    private readonly EnvelopeCipherOptions _options;
    private readonly SubjectKeyStore? _subjectKeys;
    private readonly DataKeyCache _cache;
    private readonly KeyAudit _audit;

    /// <summary>Initializes a new instance of the <see cref="EnvelopeCipher"/> class.</summary>
    /// <param name="keyring">The initialized keyring whose primary version wraps new data keys.</param>
    /// <param name="options">The cipher options; defaults when <see langword="null"/>.</param>
    /// <param name="subjectKeys">The subject key store for crypto-shredding, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for cache limits; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where decryption failures are recorded, or <see langword="null"/>.</param>
    public EnvelopeCipher(Keyring keyring, EnvelopeCipherOptions? options = null, SubjectKeyStore? subjectKeys = null, TimeProvider? timeProvider = null, IAuditLog? auditLog = null)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        _keyring = keyring;
        _options = options ?? new EnvelopeCipherOptions();
        if (!_options.Allows(_options.Suite))
        {
            throw Errors.SuiteForbidden(_options.Suite);
        }

        _subjectKeys = subjectKeys;
        var time = timeProvider ?? TimeProvider.System;
        _cache = new DataKeyCache(_options.DataKeyCaching, time);
        _audit = new KeyAudit(auditLog, time);
    }

    /// <inheritdoc/>
    public int GetMaxEnvelopeLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return checked(plaintextLength + MaxOverhead);
    }

    /// <inheritdoc/>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<byte> keys = stackalloc byte[DataKeySize * 2];
        Span<byte> subjectKeyId = stackalloc byte[EnvelopeLayout.SubjectKeyIdSize];
        try
        {
            var material = AcquireSynchronously(plaintext.Length, context, keys, subjectKeyId);
            var envelope = new byte[material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize];
            Seal(material, keys, subjectKeyId, plaintext, envelope, context);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<byte> keys = stackalloc byte[DataKeySize * 2];
        Span<byte> subjectKeyId = stackalloc byte[EnvelopeLayout.SubjectKeyIdSize];
        try
        {
            var material = AcquireSynchronously(plaintext.Length, context, keys, subjectKeyId);
            var length = material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize;
            if (destination.Length < length)
            {
                throw new ArgumentException("The destination is too small; size it with GetMaxEnvelopeLength.", nameof(destination));
            }

            Seal(material, keys, subjectKeyId, plaintext, destination[..length], context);
            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        var subjectKeyId = new byte[EnvelopeLayout.SubjectKeyIdSize];
        try
        {
            var (primary, provider) = _keyring.GetPrimary();
            var wrapped = await AcquireDataKeyAsync(primary, provider, plaintext.Length, keys.AsMemory(0, DataKeySize), synchronous: false, cancellationToken).ConfigureAwait(false);
            var hasSubjectKey = false;
            if (context.Subject is not null && _subjectKeys is not null)
            {
                await _subjectKeys.GetOrCreateAsync(context, keys.AsMemory(DataKeySize), subjectKeyId, cancellationToken).ConfigureAwait(false);
                hasSubjectKey = true;
            }

            var material = new Material(primary.Version, wrapped, hasSubjectKey);
            var envelope = new byte[material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize];
            Seal(material, keys, subjectKeyId, plaintext.Span, envelope, context);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public byte[] Decrypt(ReadOnlySpan<byte> envelope, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = ReadForDecryption(envelope);
        var plaintext = new byte[envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize];
        Span<byte> keys = stackalloc byte[DataKeySize * 2];
        try
        {
            var subjectKeyLength = UnwrapSynchronously(layout, envelope, keys);
            Open(layout, envelope, keys[..DataKeySize], keys.Slice(DataKeySize, subjectKeyLength), plaintext, context);
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public int Decrypt(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = ReadForDecryption(envelope);
        var length = envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize;
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the plaintext.", nameof(destination));
        }

        Span<byte> keys = stackalloc byte[DataKeySize * 2];
        try
        {
            var subjectKeyLength = UnwrapSynchronously(layout, envelope, keys);
            Open(layout, envelope, keys[..DataKeySize], keys.Slice(DataKeySize, subjectKeyLength), destination[..length], context);
            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> envelope, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = ReadForDecryption(envelope.Span);
        if (!_keyring.Knows((int)layout.KeyVersion))
        {
            // A version this node has not read yet: another node may have added it since the last refresh.
            await _keyring.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
        }

        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        try
        {
            var subjectKeyLength = await UnwrapAsync(layout, envelope, keys, cancellationToken).ConfigureAwait(false);
            var plaintext = new byte[envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize];
            Open(layout, envelope.Span, keys.AsSpan(0, DataKeySize), keys.AsSpan(DataKeySize, subjectKeyLength), plaintext, context);
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<EnvelopeRewrap> RewrapAsync(ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken = default)
    {
        var layout = EnvelopeLayout.Read(envelope.Span, requireBody: false);
        var (primary, provider) = _keyring.GetPrimary();
        var oldHeader = envelope[..layout.HeaderLength];
        if (string.Equals(layout.KeyringId, _keyring.Id, StringComparison.Ordinal) && layout.KeyVersion == (uint)primary.Version)
        {
            return new EnvelopeRewrap(oldHeader.ToArray(), layout.HeaderLength, Changed: false);
        }

        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        try
        {
            var subjectKeyLength = await UnwrapAsync(layout, envelope, keys, cancellationToken).ConfigureAwait(false);
            VerifyCommitment(layout, oldHeader.Span, keys.AsSpan(0, DataKeySize), keys.AsSpan(DataKeySize, subjectKeyLength));
            var wrapped = await provider.WrapAsync(primary.ProviderReference, keys.AsMemory(0, DataKeySize), WrapAssociatedData(_keyring.Id, primary.Version), cancellationToken).ConfigureAwait(false);
            var header = new byte[EnvelopeLayout.HeaderSize(_keyring.Id.Length, wrapped.Length, layout.HasSubjectKey)];
            var old = oldHeader.Span;
            EnvelopeLayout.Write(
                header,
                layout.Suite,
                _keyring.Id,
                (uint)primary.Version,
                wrapped,
                layout.Flags,
                layout.HasSubjectKey ? old.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize) : default,
                old.Slice(layout.NonceOffset, EnvelopeLayout.NonceSize),
                old.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize));
            return new EnvelopeRewrap(header, layout.HeaderLength, Changed: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <summary>Drops cached data keys, for example after disabling a key version or destroying a subject key.</summary>
    public void ClearCachedKeys() => _cache.Clear();

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"EnvelopeCipher({_keyring.Id}, {_options.Suite.Name})";

    internal static byte[] WrapAssociatedData(string keyringId, int version)
    {
        var data = new byte[5 + keyringId.Length + 4];
        "THWK1"u8.CopyTo(data);
        KeyringIds.Encode(keyringId, data.AsSpan(5));
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(5 + keyringId.Length), version);
        return data;
    }

    private Material AcquireSynchronously(int plaintextLength, EncryptionContext context, Span<byte> keys, Span<byte> subjectKeyId)
    {
        var (primary, provider) = _keyring.GetPrimary();
        if (_cache.Enabled && _cache.TryUseForEncryption(_keyring.Id, primary.Version, plaintextLength, keys[..DataKeySize], out var cached))
        {
            return new Material(primary.Version, cached, AcquireSubjectKeySynchronously(context, keys, subjectKeyId));
        }

        var buffer = GC.AllocateArray<byte>(DataKeySize, pinned: true);
        try
        {
            var wrapped = Completed(AcquireDataKeyAsync(primary, provider, plaintextLength, buffer, synchronous: true, CancellationToken.None), provider.Name);
            buffer.CopyTo(keys);
            return new Material(primary.Version, wrapped, AcquireSubjectKeySynchronously(context, keys, subjectKeyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private bool AcquireSubjectKeySynchronously(EncryptionContext context, Span<byte> keys, Span<byte> subjectKeyId)
    {
        if (context.Subject is null || _subjectKeys is null)
        {
            return false;
        }

        var key = GC.AllocateArray<byte>(DataKeySize, pinned: true);
        var id = new byte[EnvelopeLayout.SubjectKeyIdSize];
        try
        {
            Completed(_subjectKeys.GetOrCreateAsync(context, key, id, CancellationToken.None), "subject key store");
            key.CopyTo(keys[DataKeySize..]);
            id.CopyTo(subjectKeyId);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A cached data key, or a fresh one wrapped by the provider (and cached when caching is on).</summary>
    private async ValueTask<byte[]> AcquireDataKeyAsync(KeyEncryptionKeyVersion primary, IKeyEncryptionKeyProvider provider, int plaintextLength, Memory<byte> dataKey, bool synchronous, CancellationToken cancellationToken)
    {
        if (!synchronous && _cache.Enabled && _cache.TryUseForEncryption(_keyring.Id, primary.Version, plaintextLength, dataKey.Span, out var cached))
        {
            return cached;
        }

        RandomNumberGenerator.Fill(dataKey.Span);
        var wrapped = await provider.WrapAsync(primary.ProviderReference, dataKey, WrapAssociatedData(_keyring.Id, primary.Version), cancellationToken).ConfigureAwait(false);
        if (wrapped.Length is 0 or > EnvelopeLayout.MaxWrappedKeyLength)
        {
            throw Errors.MalformedEnvelope($"key provider '{provider.Name}' returned a wrapped key of unsupported length");
        }

        if (_cache.Enabled)
        {
            _cache.StoreForEncryption(_keyring.Id, primary.Version, dataKey.Span, wrapped, plaintextLength);
        }

        return wrapped;
    }

    private void Seal(Material material, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> subjectKeyId, ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context)
    {
        var suite = _options.Suite;
        var flags = material.HasSubjectKey ? EnvelopeLayout.SubjectKeyFlag : (byte)0;
        Span<byte> okm = stackalloc byte[MessageKeys.MaxOutputSize];
        Span<byte> nonce = stackalloc byte[EnvelopeLayout.NonceSize];
        Span<byte> associatedData = stackalloc byte[EnvelopeLayout.MaxAssociatedDataSize];
        try
        {
            RandomNumberGenerator.Fill(nonce);
            MessageKeys.Derive(suite, flags, keys[..DataKeySize], material.HasSubjectKey ? keys[DataKeySize..] : default, nonce, okm);
            var headerLength = EnvelopeLayout.Write(
                destination,
                suite,
                _keyring.Id,
                (uint)material.Version,
                material.WrappedKey,
                flags,
                material.HasSubjectKey ? subjectKeyId : default,
                nonce,
                okm.Slice(32, EnvelopeLayout.CommitmentSize));
            var layout = EnvelopeLayout.Read(destination[..headerLength], requireBody: false);
            var associatedLength = layout.WriteAssociatedData(destination, context.Hash, associatedData);
            MessageKeys.Seal(suite, okm, plaintext, destination[headerLength..], associatedData[..associatedLength]);
            CryptoTelemetry.Encrypted.Add(1);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    private EnvelopeLayout ReadForDecryption(ReadOnlySpan<byte> envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        if (layout.IsStream)
        {
            throw Errors.MalformedEnvelope("it holds a stream; open it with the streaming API");
        }

        if (!_options.Allows(layout.Suite))
        {
            throw Errors.SuiteForbidden(layout.Suite);
        }

        return layout;
    }

    private int UnwrapSynchronously(EnvelopeLayout layout, ReadOnlySpan<byte> envelope, Span<byte> keys)
    {
        var (version, provider) = Resolve(layout);
        var wrapped = envelope.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength);
        if (!_cache.Enabled || !_cache.TryGetForDecryption(layout.KeyringId, version.Version, wrapped, keys[..DataKeySize]))
        {
            var wrappedCopy = wrapped.ToArray();
            var buffer = GC.AllocateArray<byte>(DataKeySize, pinned: true);
            try
            {
                Completed(UnwrapAuditedAsync(layout, version, provider, wrappedCopy, buffer, CancellationToken.None), provider.Name);
                buffer.CopyTo(keys);
                if (_cache.Enabled)
                {
                    _cache.StoreForDecryption(layout.KeyringId, version.Version, buffer, wrappedCopy);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer);
            }
        }

        if (!layout.HasSubjectKey)
        {
            return 0;
        }

        var subjectKey = GC.AllocateArray<byte>(DataKeySize, pinned: true);
        try
        {
            Completed(GetSubjectKeyAsync(layout, envelope.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize).ToArray(), subjectKey, CancellationToken.None), "subject key store");
            subjectKey.CopyTo(keys[DataKeySize..]);
            return DataKeySize;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subjectKey);
        }
    }

    private async ValueTask<int> UnwrapAsync(EnvelopeLayout layout, ReadOnlyMemory<byte> envelope, byte[] keys, CancellationToken cancellationToken)
    {
        var (version, provider) = Resolve(layout);
        var wrapped = envelope.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength);
        if (!_cache.Enabled || !_cache.TryGetForDecryption(layout.KeyringId, version.Version, wrapped.Span, keys.AsSpan(0, DataKeySize)))
        {
            await UnwrapAuditedAsync(layout, version, provider, wrapped, keys.AsMemory(0, DataKeySize), cancellationToken).ConfigureAwait(false);
            if (_cache.Enabled)
            {
                _cache.StoreForDecryption(layout.KeyringId, version.Version, keys.AsSpan(0, DataKeySize), wrapped.ToArray());
            }
        }

        if (!layout.HasSubjectKey)
        {
            return 0;
        }

        await GetSubjectKeyAsync(layout, envelope.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize), keys.AsMemory(DataKeySize, DataKeySize), cancellationToken).ConfigureAwait(false);
        return DataKeySize;
    }

    private (KeyEncryptionKeyVersion Version, IKeyEncryptionKeyProvider Provider) Resolve(EnvelopeLayout layout)
    {
        try
        {
            return _keyring.GetForDecryption(layout.KeyringId, (int)layout.KeyVersion);
        }
        catch (CryptoException ex)
        {
            _audit.DecryptFailed(layout.KeyringId, (int)layout.KeyVersion, ex.Code);
            CryptoTelemetry.DecryptionFailures.Add(1);
            throw;
        }
    }

    private async ValueTask UnwrapAuditedAsync(EnvelopeLayout layout, KeyEncryptionKeyVersion version, IKeyEncryptionKeyProvider provider, ReadOnlyMemory<byte> wrapped, Memory<byte> dataKey, CancellationToken cancellationToken)
    {
        try
        {
            await provider.UnwrapAsync(version.ProviderReference, wrapped, WrapAssociatedData(layout.KeyringId, version.Version), dataKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptoException ex)
        {
            _audit.DecryptFailed(layout.KeyringId, version.Version, ex.Code);
            CryptoTelemetry.DecryptionFailures.Add(1);
            if (ex.Code == "TH2037")
            {
                throw Errors.UnwrapFailed(layout.KeyringId, version.Version);
            }

            throw;
        }
    }

    private async ValueTask GetSubjectKeyAsync(EnvelopeLayout layout, ReadOnlyMemory<byte> subjectKeyId, Memory<byte> subjectKey, CancellationToken cancellationToken)
    {
        if (_subjectKeys is null)
        {
            throw Errors.SubjectKeysNotConfigured();
        }

        if (!await _subjectKeys.TryGetAsync(subjectKeyId, subjectKey, cancellationToken).ConfigureAwait(false))
        {
            _audit.DecryptFailed(layout.KeyringId, (int)layout.KeyVersion, "TH2008");
            CryptoTelemetry.DecryptionFailures.Add(1);
            throw Errors.SubjectKeyUnavailable();
        }
    }

    private void Open(EnvelopeLayout layout, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> subjectKey, Span<byte> plaintext, EncryptionContext context)
    {
        Span<byte> okm = stackalloc byte[MessageKeys.MaxOutputSize];
        Span<byte> associatedData = stackalloc byte[EnvelopeLayout.MaxAssociatedDataSize];
        try
        {
            MessageKeys.Derive(layout.Suite, layout.Flags, dataKey, subjectKey, envelope.Slice(layout.NonceOffset, EnvelopeLayout.NonceSize), okm);
            if (!CryptographicOperations.FixedTimeEquals(okm.Slice(32, EnvelopeLayout.CommitmentSize), envelope.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize)))
            {
                Fail(layout, "TH2006");
                throw Errors.CommitmentMismatch();
            }

            var associatedLength = layout.WriteAssociatedData(envelope, context.Hash, associatedData);
            if (!MessageKeys.TryOpen(layout.Suite, okm, envelope[layout.HeaderLength..], plaintext, associatedData[..associatedLength]))
            {
                Fail(layout, "TH2005");
                throw Errors.AuthenticationFailed();
            }

            CryptoTelemetry.Decrypted.Add(1);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    private static void VerifyCommitment(EnvelopeLayout layout, ReadOnlySpan<byte> header, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> subjectKey)
    {
        Span<byte> okm = stackalloc byte[MessageKeys.MaxOutputSize];
        try
        {
            MessageKeys.Derive(layout.Suite, layout.Flags, dataKey, subjectKey, header.Slice(layout.NonceOffset, EnvelopeLayout.NonceSize), okm);
            if (!CryptographicOperations.FixedTimeEquals(okm.Slice(32, EnvelopeLayout.CommitmentSize), header.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize)))
            {
                throw Errors.CommitmentMismatch();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    private void Fail(EnvelopeLayout layout, string code)
    {
        _audit.DecryptFailed(layout.KeyringId, (int)layout.KeyVersion, code);
        CryptoTelemetry.DecryptionFailures.Add(1);
    }

    private static T Completed<T>(ValueTask<T> operation, string provider) =>
        operation.IsCompleted ? operation.GetAwaiter().GetResult() : throw Errors.ProviderIsAsynchronous(provider);

    private static void Completed(ValueTask operation, string provider)
    {
        if (!operation.IsCompleted)
        {
            throw Errors.ProviderIsAsynchronous(provider);
        }

        operation.GetAwaiter().GetResult();
    }

    /// <summary>The header fields of one encryption; the keys themselves stay in the caller's buffer.</summary>
    private readonly record struct Material(int Version, byte[] WrappedKey, bool HasSubjectKey)
    {
        public int HeaderLength(string keyringId) => EnvelopeLayout.HeaderSize(keyringId.Length, WrappedKey.Length, HasSubjectKey);
    }
}
