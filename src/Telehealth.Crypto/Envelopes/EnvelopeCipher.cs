using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// The envelope cipher over a <see cref="Keyring"/>: see <see cref="IEnvelopeCipher"/> and FORMAT.md.
/// Thread-safe; one instance per keyring serves the whole application.
/// </summary>
public sealed partial class EnvelopeCipher : IEnvelopeCipher, IDisposable, IAsyncDisposable
{
    /// <summary>The most bytes an envelope adds to its plaintext (largest header plus the tag).</summary>
    public const int MaxOverhead = EnvelopeLayout.FixedPrefixSize + EnvelopeLayout.MaxKeyringIdLength + 4 + 2 + EnvelopeLayout.MaxWrappedKeyLength
        + EnvelopeLayout.SubjectKeyIdSize + EnvelopeLayout.MaxNonceSize + EnvelopeLayout.CommitmentSize + EnvelopeLayout.TagSize;

    private const int DataKeySize = MessageKeyMaterial.DataKeySize;
    private readonly Keyring _keyring;
    private readonly EnvelopeCipherOptions _options;
    private readonly SubjectKeyStore? _subjectKeys;
    private readonly DataKeyCache _cache;
    private readonly KeyAudit _audit;
    private readonly DecryptionFailureAudit _failures;

    /// <summary>Initializes a new instance of the <see cref="EnvelopeCipher"/> class.</summary>
    /// <param name="keyring">The initialized keyring whose primary version wraps new data keys.</param>
    /// <param name="options">The cipher options; defaults when <see langword="null"/>.</param>
    /// <param name="subjectKeys">The subject key store for crypto-shredding, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for cache limits; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where decryption failures are recorded, or <see langword="null"/>.</param>
    /// <param name="logger">Logs a decryption-failure audit record that could not be written (those records are not awaited), or <see langword="null"/>.</param>
    public EnvelopeCipher(Keyring keyring, EnvelopeCipherOptions? options = null, SubjectKeyStore? subjectKeys = null, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<EnvelopeCipher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        _keyring = keyring;
        _options = options ?? new EnvelopeCipherOptions();
        if (!_options.Allows(_options.Suite))
        {
            throw Errors.SuiteForbidden(_options.Suite);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAuditedDecryptionFailuresPerMinute, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.MaxAuditedDecryptionFailuresPerMinute, 1_000_000, nameof(options));
        _subjectKeys = subjectKeys;
        var time = timeProvider ?? TimeProvider.System;
        _cache = new DataKeyCache(_options.DataKeyCaching, time);
        _audit = new KeyAudit(auditLog, time, logger);
        _failures = new DecryptionFailureAudit(_audit, keyring.Id, _options.MaxAuditedDecryptionFailuresPerMinute, time);
    }

    /// <summary>Gets the keyring whose key-encryption keys wrap this cipher's data keys.</summary>
    public Keyring Keyring => _keyring;

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
        Span<byte> subjectKeyId = stackalloc byte[EnvelopeLayout.SubjectKeyIdSize];
        var material = AcquireSynchronously(plaintext.Length, context, subjectKeyId);
        try
        {
            var envelope = new byte[material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize];
            Seal(material, subjectKeyId, plaintext, envelope, context);
            return envelope;
        }
        finally
        {
            material.Done();
        }
    }

    /// <inheritdoc/>
    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<byte> subjectKeyId = stackalloc byte[EnvelopeLayout.SubjectKeyIdSize];
        var material = AcquireSynchronously(plaintext.Length, context, subjectKeyId);
        try
        {
            var length = material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize;
            if (destination.Length < length)
            {
                throw new ArgumentException("The destination is too small; size it with GetMaxEnvelopeLength.", nameof(destination));
            }

            Seal(material, subjectKeyId, plaintext, destination[..length], context);
            return length;
        }
        finally
        {
            material.Done();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subjectKeyId = new byte[EnvelopeLayout.SubjectKeyIdSize];
        var material = await AcquireAsync(plaintext.Length, context, _options.Suite, 0, subjectKeyId, synchronous: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var envelope = new byte[material.HeaderLength(_keyring.Id) + plaintext.Length + EnvelopeLayout.TagSize];
            Seal(material, subjectKeyId, plaintext.Span, envelope, context);
            return envelope;
        }
        finally
        {
            material.Done();
        }
    }

    /// <inheritdoc/>
    public byte[] Decrypt(ReadOnlySpan<byte> envelope, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        try
        {
            RequireMessage(layout);
            var plaintext = new byte[envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize];
            Open(layout, envelope, plaintext, context);
            return plaintext;
        }
        catch (CryptoException ex)
        {
            Fail(layout, ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public int Decrypt(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        var length = envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize;
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the plaintext.", nameof(destination));
        }

        try
        {
            RequireMessage(layout);
            Open(layout, envelope, destination[..length], context);
            return length;
        }
        catch (CryptoException ex)
        {
            Fail(layout, ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> envelope, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = EnvelopeLayout.Read(envelope.Span, requireBody: true);
        try
        {
            RequireMessage(layout);
            if (!_keyring.Knows((int)layout.KeyVersion))
            {
                // A version this node has not read yet: another node may have added it since the last refresh.
                await _keyring.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
            }

            var material = await AcquireForDecryptionAsync(layout, envelope, context.Tenant, cancellationToken).ConfigureAwait(false);
            try
            {
                var plaintext = new byte[envelope.Length - layout.HeaderLength - EnvelopeLayout.TagSize];
                Open(layout, envelope.Span, plaintext, context, material.Keys);
                return plaintext;
            }
            finally
            {
                material.Done();
            }
        }
        catch (CryptoException ex)
        {
            await FailAsync(layout, ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<EnvelopeRewrap> RewrapAsync(ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken = default)
    {
        var layout = EnvelopeLayout.Read(envelope.Span, requireBody: false);
        var (primary, provider) = await _keyring.GetPrimaryAsync(cancellationToken).ConfigureAwait(false);
        var oldHeader = envelope[..layout.HeaderLength];
        if (string.Equals(layout.KeyringId, _keyring.Id, StringComparison.Ordinal) && layout.KeyVersion == (uint)primary.Version)
        {
            return new EnvelopeRewrap(oldHeader.ToArray(), layout.HeaderLength, Changed: false);
        }

        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        var okm = GC.AllocateArray<byte>(MessageKeyMaterial.OutputSize, pinned: true);
        try
        {
            try
            {
                var subjectKeyLength = await UnwrapAsync(layout, envelope, keys, cancellationToken).ConfigureAwait(false);
                MessageKeyMaterial.Derive(layout.Suite, layout.Flags, keys.AsSpan(0, DataKeySize), keys.AsSpan(DataKeySize, subjectKeyLength), okm);
                if (!CryptographicOperations.FixedTimeEquals(okm.AsSpan(MessageKeyMaterial.KeySize), oldHeader.Span.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize)))
                {
                    throw Errors.CommitmentMismatch();
                }
            }
            catch (CryptoException ex)
            {
                await FailAsync(layout, ex).ConfigureAwait(false);
                throw;
            }

            var wrapped = await _keyring.WrapAsync(primary, provider, keys.AsMemory(0, DataKeySize), WrapAssociatedData(_keyring.Id, primary.Version), synchronous: false, cancellationToken).ConfigureAwait(false);
            var header = new byte[EnvelopeLayout.HeaderSize(layout.Suite, _keyring.Id.Length, wrapped.Length, layout.HasSubjectKey)];
            var old = oldHeader.Span;
            EnvelopeLayout.Write(
                header,
                layout.Suite,
                _keyring.Id,
                (uint)primary.Version,
                wrapped,
                layout.Flags,
                layout.HasSubjectKey ? old.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize) : default,
                old.Slice(layout.NonceOffset, layout.NonceSize),
                old.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize));
            return new EnvelopeRewrap(header, layout.HeaderLength, Changed: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>Gets how many data keys the cache holds.</summary>
    internal int CachedDataKeys => _cache.Count;

    /// <summary>Drops cached data keys, for example after disabling a key version or destroying a subject key.</summary>
    public void ClearCachedKeys() => _cache.Clear();

    /// <summary>
    /// Writes the summary of decryption failures still counted and drops the cached keys. The audit
    /// records of failures on the synchronous paths may still be on their way; <see cref="DisposeAsync"/>
    /// waits for them (a container disposes the cipher that way).
    /// </summary>
    public void Dispose()
    {
        _failures.Dispose();
        _cache.Dispose();
    }

    /// <summary>Writes the summary of decryption failures still counted, waits until every failure record is written, and drops the cached keys.</summary>
    /// <returns>A task that completes when nothing is left to write.</returns>
    public async ValueTask DisposeAsync()
    {
        _failures.Dispose();
        await _audit.DrainAsync().ConfigureAwait(false);
        _cache.Dispose();
    }

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

    /// <summary>The hot path first (a cached data key with its derived material, no allocation), then the general one.</summary>
    private Material AcquireSynchronously(int plaintextLength, EncryptionContext context, Span<byte> subjectKeyId)
    {
        if (_cache.Enabled && (context.Subject is null || _subjectKeys is null))
        {
            var (primary, _) = _keyring.GetPrimary();
            Span<byte> dataKey = stackalloc byte[DataKeySize];
            try
            {
                if (_cache.TryUseForEncryption(_keyring.Id, primary.Version, context.Tenant, plaintextLength, _options.Suite, 0, dataKey, out var wrapped, out var cached))
                {
                    return cached is not null
                        ? new Material(primary.Version, wrapped, false, cached, Owned: false)
                        : new Material(primary.Version, wrapped, false, MessageKeyMaterial.Create(_options.Suite, 0, dataKey, default), Owned: true);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        var id = new byte[EnvelopeLayout.SubjectKeyIdSize];
        var material = Completed(AcquireAsync(plaintextLength, context, _options.Suite, 0, id, synchronous: true, CancellationToken.None), "the key provider or subject key store");
        id.CopyTo(subjectKeyId);
        return material;
    }

    /// <summary>
    /// A data key (cached within the limits, or fresh and wrapped by the primary version), the subject
    /// key when the context names a subject, and the material derived from them. A stream passes no
    /// length: it cannot be counted against a cached key's byte limit, so it gets a key of its own.
    /// </summary>
    private async ValueTask<Material> AcquireAsync(long? plaintextLength, EncryptionContext context, AlgorithmSuite suite, byte extraFlags, byte[] subjectKeyId, bool synchronous, CancellationToken cancellationToken)
    {
        var (primary, provider) = synchronous ? _keyring.GetPrimary() : await _keyring.GetPrimaryAsync(cancellationToken).ConfigureAwait(false);
        var subject = context.Subject is not null && _subjectKeys is not null;
        var flags = (byte)(extraFlags | (subject ? EnvelopeLayout.SubjectKeyFlag : 0));
        var cache = _cache.Enabled && plaintextLength is not null;
        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        try
        {
            MessageKeyMaterial? cached = null;
            if (!cache || !_cache.TryUseForEncryption(_keyring.Id, primary.Version, context.Tenant, plaintextLength!.Value, suite, flags, keys.AsSpan(0, DataKeySize), out var wrapped, out cached))
            {
                RandomNumberGenerator.Fill(keys.AsSpan(0, DataKeySize));
                var wrapping = _keyring.WrapAsync(primary, provider, keys.AsMemory(0, DataKeySize), WrapAssociatedData(_keyring.Id, primary.Version), synchronous, cancellationToken);
                wrapped = synchronous ? Completed(wrapping, provider.Name) : await wrapping.ConfigureAwait(false);

                if (cache)
                {
                    cached = flags == 0 ? MessageKeyMaterial.Create(suite, flags, keys.AsSpan(0, DataKeySize), default) : null;
                    _cache.StoreForEncryption(_keyring.Id, primary.Version, context.Tenant, keys.AsSpan(0, DataKeySize), wrapped, plaintextLength!.Value, cached);
                }
            }

            if (cached is not null)
            {
                return new Material(primary.Version, wrapped, false, cached, Owned: false);
            }

            if (subject)
            {
                var lookup = _subjectKeys!.GetOrCreateAsync(context, keys.AsMemory(DataKeySize), subjectKeyId, cancellationToken);
                if (synchronous)
                {
                    Completed(lookup, "subject key store");
                }
                else
                {
                    await lookup.ConfigureAwait(false);
                }
            }

            var derived = MessageKeyMaterial.Create(suite, flags, keys.AsSpan(0, DataKeySize), subject ? keys.AsSpan(DataKeySize) : default);
            return new Material(primary.Version, wrapped, subject, derived, Owned: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    private void Seal(Material material, ReadOnlySpan<byte> subjectKeyId, ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context)
    {
        var keys = material.Keys;
        Span<byte> nonce = stackalloc byte[keys.Suite.AeadNonceSize];
        Span<byte> associatedData = stackalloc byte[EnvelopeLayout.MaxAssociatedDataSize];
        RandomNumberGenerator.Fill(nonce);
        var headerLength = EnvelopeLayout.Write(
            destination,
            keys.Suite,
            _keyring.Id,
            (uint)material.Version,
            material.WrappedKey,
            keys.Flags,
            material.HasSubjectKey ? subjectKeyId : default,
            nonce,
            keys.Commitment);
        var layout = EnvelopeLayout.Read(destination[..headerLength], requireBody: false);
        var associatedLength = layout.WriteAssociatedData(destination, context.Hash, associatedData);
        keys.Seal(nonce, plaintext, destination[headerLength..], associatedData[..associatedLength]);
        CryptoTelemetry.Encrypted.Add(1);
    }

    /// <summary>Refuses a stream where a single message was expected, and a suite the policy forbids.</summary>
    private void RequireMessage(EnvelopeLayout layout)
    {
        if (layout.IsStream)
        {
            throw Errors.MalformedEnvelope("it holds a stream; open it with the streaming API");
        }

        RequireAllowed(layout.Suite);
    }

    private void RequireAllowed(AlgorithmSuite suite)
    {
        if (!_options.Allows(suite))
        {
            throw Errors.SuiteForbidden(suite);
        }
    }

    /// <summary>Decrypts with material from the cache (no allocation) or, on a miss, from the key provider.</summary>
    private void Open(EnvelopeLayout layout, ReadOnlySpan<byte> envelope, Span<byte> plaintext, EncryptionContext context)
    {
        var (version, _) = Resolve(layout);
        if (!layout.HasSubjectKey && _cache.Enabled)
        {
            Span<byte> dataKey = stackalloc byte[DataKeySize];
            try
            {
                var wrapped = envelope.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength);
                if (_cache.TryGetForDecryption(layout.KeyringId, version.Version, context.Tenant, wrapped, layout.Suite, layout.Flags, dataKey, out var cached))
                {
                    var material = cached is not null
                        ? new Material(version.Version, [], false, cached, Owned: false)
                        : Derived(layout, version.Version, context.Tenant, wrapped, dataKey);
                    try
                    {
                        Open(layout, envelope, plaintext, context, material.Keys);
                    }
                    finally
                    {
                        material.Done();
                    }

                    return;
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        var header = envelope[..layout.HeaderLength].ToArray();
        var acquired = Completed(AcquireForDecryptionAsync(layout, header, context.Tenant, CancellationToken.None), "the key provider or subject key store");
        try
        {
            Open(layout, envelope, plaintext, context, acquired.Keys);
        }
        finally
        {
            acquired.Done();
        }
    }

    /// <summary>Derives material for a cached data key whose material was not derived yet, and offers it to the cache.</summary>
    private Material Derived(EnvelopeLayout layout, int version, string tenant, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> dataKey)
    {
        var derived = MessageKeyMaterial.Create(layout.Suite, layout.Flags, dataKey, default);
        var owned = !_cache.StoreForDecryption(layout.KeyringId, version, tenant, dataKey, wrapped.ToArray(), derived);
        return new Material(version, [], false, derived, owned);
    }

    private async ValueTask<Material> AcquireForDecryptionAsync(EnvelopeLayout layout, ReadOnlyMemory<byte> envelope, string tenant, CancellationToken cancellationToken)
    {
        var (version, _) = Resolve(layout);
        var keys = GC.AllocateArray<byte>(DataKeySize * 2, pinned: true);
        try
        {
            if (!layout.HasSubjectKey && _cache.Enabled &&
                _cache.TryGetForDecryption(layout.KeyringId, version.Version, tenant, envelope.Span.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength), layout.Suite, layout.Flags, keys.AsSpan(0, DataKeySize), out var cached))
            {
                return cached is not null
                    ? new Material(version.Version, [], false, cached, Owned: false)
                    : Derived(layout, version.Version, tenant, envelope.Span.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength), keys.AsSpan(0, DataKeySize));
            }

            var subjectKeyLength = await UnwrapAsync(layout, envelope, keys, cancellationToken).ConfigureAwait(false);
            if (subjectKeyLength == 0 && _cache.Enabled)
            {
                return Derived(layout, version.Version, tenant, envelope.Span.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength), keys.AsSpan(0, DataKeySize));
            }

            var derived = MessageKeyMaterial.Create(layout.Suite, layout.Flags, keys.AsSpan(0, DataKeySize), keys.AsSpan(DataKeySize, subjectKeyLength));
            return new Material(version.Version, [], layout.HasSubjectKey, derived, Owned: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <summary>Unwraps the data key into <paramref name="keys"/>[0..32) and the subject key into [32..64); returns the subject key length.</summary>
    private async ValueTask<int> UnwrapAsync(EnvelopeLayout layout, ReadOnlyMemory<byte> envelope, byte[] keys, CancellationToken cancellationToken)
    {
        var (version, provider) = Resolve(layout);
        var wrapped = envelope.Slice(layout.WrappedKeyOffset, layout.WrappedKeyLength);
        try
        {
            await provider.UnwrapAsync(version.ProviderReference, wrapped, WrapAssociatedData(layout.KeyringId, version.Version), keys.AsMemory(0, DataKeySize), cancellationToken).ConfigureAwait(false);
        }
        catch (CryptoException ex) when (ex.Code == CryptoErrorCodes.UnwrapFailed)
        {
            // Named with the key version, which the provider did not know.
            throw Errors.UnwrapFailed(layout.KeyringId, version.Version);
        }

        if (!layout.HasSubjectKey)
        {
            return 0;
        }

        if (_subjectKeys is null)
        {
            throw Errors.SubjectKeysNotConfigured();
        }

        if (!await _subjectKeys.TryGetAsync(envelope.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize), keys.AsMemory(DataKeySize, DataKeySize), cancellationToken).ConfigureAwait(false))
        {
            throw Errors.SubjectKeyUnavailable();
        }

        return DataKeySize;
    }

    private (KeyEncryptionKeyVersion Version, IKeyEncryptionKeyProvider Provider) Resolve(EnvelopeLayout layout) =>
        _keyring.GetForDecryption(layout.KeyringId, (int)layout.KeyVersion);

    private void Open(EnvelopeLayout layout, ReadOnlySpan<byte> envelope, Span<byte> plaintext, EncryptionContext context, MessageKeyMaterial keys)
    {
        if (!CryptographicOperations.FixedTimeEquals(keys.Commitment, envelope.Slice(layout.CommitmentOffset, EnvelopeLayout.CommitmentSize)))
        {
            throw Errors.CommitmentMismatch();
        }

        Span<byte> associatedData = stackalloc byte[EnvelopeLayout.MaxAssociatedDataSize];
        var associatedLength = layout.WriteAssociatedData(envelope, context.Hash, associatedData);
        if (!keys.TryOpen(envelope.Slice(layout.NonceOffset, layout.NonceSize), envelope[layout.HeaderLength..], plaintext, associatedData[..associatedLength]))
        {
            throw Errors.AuthenticationFailed();
        }

        CryptoTelemetry.Decrypted.Add(1);
    }

    /// <summary>
    /// Accounts for a failure once the header named the key version: audited (rate-limited) and counted.
    /// Every decryption path, envelopes and streams, reports its failures here exactly once.
    /// </summary>
    private void Fail(EnvelopeLayout layout, CryptoException failure) => _ = FailAsync(layout, failure);

    /// <summary>As <see cref="Fail"/>; the async paths await the record, so it is written when their caller hears of the failure.</summary>
    private Task FailAsync(EnvelopeLayout layout, CryptoException failure)
    {
        var recorded = _failures.Failed(layout.KeyringId, (int)layout.KeyVersion, failure.Code);

        // Tagged with this cipher's keyring, not the header's: an attacker picks the header, so its values would be unbounded.
        CryptoTelemetry.DecryptionFailures.Add(1, new KeyValuePair<string, object?>("telehealth.crypto.keyring", _keyring.Id), new KeyValuePair<string, object?>("error.code", failure.Code));
        return recorded;
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

    /// <summary>
    /// What one operation uses: the key version, the wrapped data key for the header, and the derived
    /// material, either leased from the cache or owned by this operation.
    /// </summary>
    private readonly record struct Material(int Version, byte[] WrappedKey, bool HasSubjectKey, MessageKeyMaterial Keys, bool Owned)
    {
        public int HeaderLength(string keyringId) => EnvelopeLayout.HeaderSize(Keys.Suite, keyringId.Length, WrappedKey.Length, HasSubjectKey);

        public void Done()
        {
            Keys.Release();
            if (Owned)
            {
                Keys.Dispose();
            }
        }
    }
}
