using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Per-subject (per-patient) keys for crypto-shredding. Records whose <see cref="EncryptionContext.Subject"/>
/// is set derive their message key from both the data key and the subject's key, so destroying the
/// subject key makes exactly that subject's records unreadable while everything else still decrypts.
/// Subject keys are random, wrapped by the keyring's primary key-encryption key, and stored one file per
/// subject under a name that is a keyed hash of tenant and subject, so file names reveal no identifier.
/// </summary>
public sealed class SubjectKeyStore : IDisposable
{
    private const int KeySize = 32;
    private const int KeyIdSize = EnvelopeLayout.SubjectKeyIdSize;
    private static readonly byte[] IndexKeyId = new byte[KeyIdSize];
    private readonly string _directory;
    private readonly Keyring _keyring;
    private readonly TimeProvider _time;
    private readonly KeyAudit _audit;
    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private byte[]? _indexKey;

    /// <summary>Initializes a new instance of the <see cref="SubjectKeyStore"/> class.</summary>
    /// <param name="directory">The directory of the subject key files; created owner-only when missing.</param>
    /// <param name="keyring">The initialized keyring that wraps subject keys.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where destructions are recorded, or <see langword="null"/>.</param>
    public SubjectKeyStore(string directory, Keyring keyring, TimeProvider? timeProvider = null, IAuditLog? auditLog = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(keyring);
        _directory = Path.GetFullPath(directory);
        _keyring = keyring;
        _time = timeProvider ?? TimeProvider.System;
        _audit = new KeyAudit(auditLog, _time);

        // The keyring's census, rewrap job and retirement checks cover the keys it wraps here.
        keyring.AddSubjectKeyStore(this);
    }

    /// <summary>
    /// Destroys a subject's key: every record encrypted for that subject becomes unreadable on every node
    /// within the keyring refresh interval (nodes keep unwrapped subject keys no longer than that).
    /// </summary>
    /// <param name="tenant">The tenant of the subject.</param>
    /// <param name="subject">The subject, as given in <see cref="EncryptionContext.Subject"/>.</param>
    /// <param name="actor">Who asked for it; the service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a key existed and was destroyed.</returns>
    public async ValueTask<bool> DestroyAsync(string tenant, string subject, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var keyId = await KeyIdOfAsync(tenant, subject, create: false, cancellationToken).ConfigureAwait(false);
        if (keyId is null)
        {
            return false;
        }

        var name = Convert.ToHexStringLower(keyId);
        if (_cache.TryRemove(name, out var cached))
        {
            cached.Clear();
        }

        var path = PathOf(name);
        var keyVersion = _keyring.Current.FindPrimary()?.Version ?? 0;
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!File.Exists(path))
            {
                return false;
            }

            // The intent is in the audit log before the key is erased: if it cannot be written, nothing is.
            await _audit.KeyEventAsync("crypto.subject_key.destroy_requested", _keyring.Id, keyVersion, actor, cancellationToken, null,
                AuditField.Operational("subject_key_id", name)).ConfigureAwait(false);
            SecureFiles.DeleteDurably(path);
        }

        await _audit.KeyEventAsync("crypto.subject_key.destroyed", _keyring.Id, keyVersion, actor, CancellationToken.None, null,
            AuditField.Operational("subject_key_id", name)).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Re-wraps every subject key (and the index key) not under the keyring's primary version. The
    /// keyring-wide <see cref="KeyRewrapJob"/> does this as its first step.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many keys were re-wrapped.</returns>
    /// <exception cref="CryptoException">A key file could not be re-wrapped (the others were); the first failure.</exception>
    public async ValueTask<int> RewrapAsync(CancellationToken cancellationToken = default)
    {
        var result = await RewrapAllAsync(cancellationToken).ConfigureAwait(false);
        return result.FirstFailure is { } failure ? throw failure : result.Rewrapped;
    }

    /// <summary>Counts subject keys per key-encryption key version.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of subject keys (and the index key) per version.</returns>
    public ValueTask<IReadOnlyDictionary<int, long>> CountByKeyVersionAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<int, long>();
        foreach (var path in KeyFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var version = StoredKey.Read(File.ReadAllBytes(path)).Version;
            counts[version] = counts.GetValueOrDefault(version) + 1;
        }

        return ValueTask.FromResult<IReadOnlyDictionary<int, long>>(counts);
    }

    /// <summary>Gets the directory of the key files.</summary>
    internal string Directory => _directory;

    /// <summary>Gets whether the store has its index key, so a missing subject key means a destroyed one.</summary>
    internal bool HasIndex => File.Exists(IndexPath);

    /// <summary>Whether the key file of a subject key id exists (a destroyed key's file is deleted).</summary>
    internal bool Holds(ReadOnlySpan<byte> keyId) => File.Exists(PathOf(Convert.ToHexStringLower(keyId)));

    /// <summary>
    /// Whether an envelope (or its header) belongs to a shredded subject: it names a subject key that none
    /// of the stores holds, and one of them has its index key. Without a store, or in a directory that
    /// never held subject keys, a missing key proves nothing.
    /// </summary>
    internal static bool IsShredded(ReadOnlySpan<byte> header, IReadOnlyList<SubjectKeyStore> stores)
    {
        EnvelopeLayout layout;
        try
        {
            layout = EnvelopeLayout.Read(header, requireBody: false);
        }
        catch (CryptoException)
        {
            return false;
        }

        if (!layout.HasSubjectKey)
        {
            return false;
        }

        var keyId = header.Slice(layout.SubjectKeyIdOffset, EnvelopeLayout.SubjectKeyIdSize);
        var indexed = false;
        foreach (var store in stores)
        {
            if (store.Holds(keyId))
            {
                return false;
            }

            indexed |= store.HasIndex;
        }

        return indexed;
    }

    /// <summary>Counts the subject keys and the index key per keyring version; a file that does not parse is unreadable.</summary>
    internal ValueTask CountAsync(KeyVersionCensus.Tally tally, CancellationToken cancellationToken)
    {
        long total = 0, unreadable = 0;
        foreach (var path in KeyFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                // Destroyed while counting: gone, not unreadable.
                continue;
            }

            total++;
            try
            {
                var stored = StoredKey.Read(bytes);
                tally.Add(KeyVersionCensus.SubjectKeysSource, stored.KeyringId, stored.Version);
            }
            catch (CryptoException)
            {
                unreadable++;
            }
        }

        tally.AddSource(new KeyVersionCensusSource(KeyVersionCensus.SubjectKeysSource, total, unreadable, 0));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Re-wraps every key not under the primary version, each under the directory lock and only if its
    /// file is unchanged, so a key destroyed meanwhile is never written back.
    /// </summary>
    internal async ValueTask<SubjectKeyRewrap> RewrapAllAsync(CancellationToken cancellationToken)
    {
        var result = new SubjectKeyRewrap();
        var (primary, _) = _keyring.GetPrimary();
        foreach (var path in KeyFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await RewrapFileAsync(path, primary.Version, cancellationToken).ConfigureAwait(false))
                {
                    result.Rewrapped++;
                }
                else
                {
                    result.AlreadyCurrent++;
                }
            }
            catch (CryptoException ex)
            {
                result.Failed++;
                result.FirstFailure ??= ex;
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _keyring.RemoveSubjectKeyStore(this);
        foreach (var cached in _cache.Values)
        {
            cached.Clear();
        }

        _cache.Clear();
        if (_indexKey is not null)
        {
            CryptographicOperations.ZeroMemory(_indexKey);
        }

        _indexLock.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => "SubjectKeyStore";

    /// <summary>Gets the subject's key, creating it on first use, and its id for the envelope header.</summary>
    internal async ValueTask GetOrCreateAsync(EncryptionContext context, Memory<byte> key, Memory<byte> keyId, CancellationToken cancellationToken)
    {
        var id = (await KeyIdOfAsync(context.Tenant, context.Subject!, create: true, cancellationToken).ConfigureAwait(false))!;
        id.CopyTo(keyId);
        if (await TryGetAsync(id, key, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var fresh = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(fresh);
            var stored = await WrapAsync(id, fresh, cancellationToken).ConfigureAwait(false);
            try
            {
                SecureFiles.WriteAtomically(PathOf(Convert.ToHexStringLower(id)), stored.ToBytes(), overwrite: false);
            }
            catch (IOException) when (File.Exists(PathOf(Convert.ToHexStringLower(id))))
            {
                // Another node created this subject's key first; use theirs.
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fresh);
        }

        if (!await TryGetAsync(id, key, cancellationToken).ConfigureAwait(false))
        {
            throw Errors.SubjectKeyUnavailable();
        }
    }

    /// <summary>
    /// Gets a subject key by id; <see langword="false"/> when it was destroyed or never existed. Key files
    /// are small local files read synchronously, so the synchronous envelope API can use this store.
    /// </summary>
    internal async ValueTask<bool> TryGetAsync(ReadOnlyMemory<byte> keyId, Memory<byte> key, CancellationToken cancellationToken)
    {
        var name = Convert.ToHexStringLower(keyId.Span);
        if (_cache.TryGetValue(name, out var cached) && cached.TryCopy(key.Span, _time.GetUtcNow() - _keyring.Options.RefreshInterval))
        {
            return true;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathOf(name));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        var unwrapped = GC.AllocateArray<byte>(KeySize, pinned: true);
        await UnwrapAsync(StoredKey.Read(bytes), keyId.ToArray(), unwrapped, cancellationToken).ConfigureAwait(false);
        unwrapped.CopyTo(key);
        var entry = new CachedKey(unwrapped, _time.GetUtcNow());
        if (_cache.TryGetValue(name, out var previous))
        {
            previous.Clear();
        }

        _cache[name] = entry;
        return true;
    }

    private string IndexPath => Path.Combine(_directory, "index.key");

    /// <summary>The subject key files and the index key, in a stable order.</summary>
    private IEnumerable<string> KeyFiles() =>
        System.IO.Directory.Exists(_directory)
            ? System.IO.Directory.EnumerateFiles(_directory, "*.subject").Order(StringComparer.Ordinal).Append(IndexPath).Where(File.Exists)
            : [];

    private Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        SecureFiles.EnsureDirectory(_directory);
        return SecureFiles.LockAsync(Path.Combine(_directory, "subjects.lock"), () => Errors.SubjectKeysBusy(), cancellationToken);
    }

    /// <summary>Re-wraps one key file unless it is already under <paramref name="primaryVersion"/>; returns whether it wrote.</summary>
    private async ValueTask<bool> RewrapFileAsync(string path, int primaryVersion, CancellationToken cancellationToken)
    {
        var keyId = path == IndexPath ? IndexKeyId : Convert.FromHexString(Path.GetFileNameWithoutExtension(path));
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                // Destroyed meanwhile: nothing to move.
                return false;
            }

            var stored = StoredKey.Read(bytes);
            if (stored.Version == primaryVersion && stored.KeyringId == _keyring.Id)
            {
                return false;
            }

            var key = GC.AllocateArray<byte>(KeySize, pinned: true);
            try
            {
                await UnwrapAsync(stored, keyId, key, cancellationToken).ConfigureAwait(false);
                var rewrapped = await WrapAsync(keyId, key, cancellationToken).ConfigureAwait(false);
                SecureFiles.WriteAtomically(path, rewrapped.ToBytes());
                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private string PathOf(string name) => Path.Combine(_directory, name + ".subject");

    private async ValueTask<byte[]?> KeyIdOfAsync(string tenant, string subject, bool create, CancellationToken cancellationToken)
    {
        var indexKey = await IndexKeyAsync(create, cancellationToken).ConfigureAwait(false);
        if (indexKey is null)
        {
            return null;
        }

        var tenantBytes = Encoding.UTF8.GetBytes(tenant);
        var subjectBytes = Encoding.UTF8.GetBytes(subject);
        var input = new byte[5 + 2 + tenantBytes.Length + 2 + subjectBytes.Length];
        "THSK1"u8.CopyTo(input);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(5), (ushort)tenantBytes.Length);
        tenantBytes.CopyTo(input, 7);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(7 + tenantBytes.Length), (ushort)subjectBytes.Length);
        subjectBytes.CopyTo(input, 9 + tenantBytes.Length);
        return HMACSHA256.HashData(indexKey, input)[..KeyIdSize];
    }

    private async ValueTask<byte[]?> IndexKeyAsync(bool create, CancellationToken cancellationToken)
    {
        if (_indexKey is not null)
        {
            return _indexKey;
        }

        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_indexKey is not null)
            {
                return _indexKey;
            }

            if (!File.Exists(IndexPath))
            {
                if (!create)
                {
                    return null;
                }

                var fresh = GC.AllocateArray<byte>(KeySize, pinned: true);
                RandomNumberGenerator.Fill(fresh);
                var stored = await WrapAsync(IndexKeyId, fresh, cancellationToken).ConfigureAwait(false);
                CryptographicOperations.ZeroMemory(fresh);
                try
                {
                    SecureFiles.WriteAtomically(IndexPath, stored.ToBytes(), overwrite: false);
                }
                catch (IOException) when (File.Exists(IndexPath))
                {
                    // Another node created the index key first; use theirs.
                }
            }

            var key = GC.AllocateArray<byte>(KeySize, pinned: true);
            await UnwrapAsync(StoredKey.Read(File.ReadAllBytes(IndexPath)), IndexKeyId, key, cancellationToken).ConfigureAwait(false);
            _indexKey = key;
            return key;
        }
        finally
        {
            _indexLock.Release();
        }
    }

    private async ValueTask<StoredKey> WrapAsync(byte[] keyId, byte[] key, CancellationToken cancellationToken)
    {
        var (primary, provider) = _keyring.GetPrimary();
        var wrapped = await _keyring.WrapAsync(primary, provider, key, AssociatedData(keyId, _keyring.Id, primary.Version), synchronous: false, cancellationToken).ConfigureAwait(false);
        return new StoredKey(_keyring.Id, primary.Version, wrapped);
    }

    private async ValueTask UnwrapAsync(StoredKey stored, byte[] keyId, byte[] key, CancellationToken cancellationToken)
    {
        var (version, provider) = _keyring.GetForDecryption(stored.KeyringId, stored.Version);
        await provider.UnwrapAsync(version.ProviderReference, stored.Wrapped, AssociatedData(keyId, stored.KeyringId, stored.Version), key, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] AssociatedData(byte[] keyId, string keyringId, int version)
    {
        var wrap = EnvelopeCipher.WrapAssociatedData(keyringId, version);
        return [.. "THSK1"u8, .. keyId, .. wrap];
    }

    private sealed class CachedKey(byte[] key, DateTimeOffset loadedAt)
    {
        public bool TryCopy(Span<byte> destination, DateTimeOffset notBefore)
        {
            lock (this)
            {
                if (loadedAt < notBefore || key.Length == 0)
                {
                    return false;
                }

                key.CopyTo(destination);
                return true;
            }
        }

        public void Clear()
        {
            lock (this)
            {
                CryptographicOperations.ZeroMemory(key);
                key = [];
            }
        }
    }

    /// <summary>A wrapped key file: <c>"THSK" 0x01 idLength id version(u32) wrappedLength(u16) wrapped</c>.</summary>
    private sealed class StoredKey(string keyringId, int version, byte[] wrapped)
    {
        public string KeyringId { get; } = keyringId;

        public int Version { get; } = version;

        public byte[] Wrapped { get; } = wrapped;

        public static StoredKey Read(ReadOnlySpan<byte> data)
        {
            if (data.Length < 6 || !data[..4].SequenceEqual("THSK"u8) || data[4] != 1)
            {
                throw Errors.StoreDamaged("a subject key file is not in the expected format");
            }

            int idLength = data[5];
            if (idLength is 0 or > EnvelopeLayout.MaxKeyringIdLength || data.Length < 6 + idLength + 6 || !KeyringIds.IsValid(data.Slice(6, idLength)))
            {
                throw Errors.StoreDamaged("a subject key file is truncated or malformed");
            }

            var version = BinaryPrimitives.ReadInt32BigEndian(data[(6 + idLength)..]);
            int wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(data[(10 + idLength)..]);
            if (version <= 0 || wrappedLength == 0 || data.Length != 12 + idLength + wrappedLength)
            {
                throw Errors.StoreDamaged("a subject key file is truncated or malformed");
            }

            return new StoredKey(KeyringIds.Decode(data.Slice(6, idLength)), version, data[(12 + idLength)..].ToArray());
        }

        public byte[] ToBytes()
        {
            var bytes = new byte[12 + KeyringId.Length + Wrapped.Length];
            "THSK"u8.CopyTo(bytes);
            bytes[4] = 1;
            bytes[5] = (byte)KeyringId.Length;
            KeyringIds.Encode(KeyringId, bytes.AsSpan(6));
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(6 + KeyringId.Length), Version);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10 + KeyringId.Length), (ushort)Wrapped.Length);
            Wrapped.CopyTo(bytes, 12 + KeyringId.Length);
            return bytes;
        }
    }

    /// <summary>What one pass of <see cref="RewrapAllAsync"/> did.</summary>
    internal sealed class SubjectKeyRewrap
    {
        public int Rewrapped { get; set; }

        public int AlreadyCurrent { get; set; }

        public int Failed { get; set; }

        public CryptoException? FirstFailure { get; set; }
    }
}
