using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Managed, versioned keys for HMAC tags, pseudonym tokens and signatures: generated here, kept sealed
/// in envelopes under the keyring's key-encryption keys (so they are as protected as the records, and
/// an HSM-backed keyring protects them too), rotated and retired by name, and every change audited
/// with the name and version, never the key.
/// </summary>
/// <remarks>
/// <para>
/// One owner-only JSON file per name in <see cref="Directory"/>, replaced atomically under a lock file,
/// so processes sharing the directory share the keys. A set is created with version 1 the first time it
/// is asked for; <see cref="RotateAsync"/> adds a version and makes it primary, older versions keep
/// verifying until <see cref="RetireAsync"/> removes them.
/// </para>
/// <para>
/// The sealed keys are envelopes like any other record: this store is an <see cref="IEnvelopeStore"/>, and
/// it registers itself with the keyring of an <see cref="EnvelopeCipher"/> (as <c>integrity keys</c>), so
/// <see cref="Keyring.TakeCensusAsync"/> counts them per key-encryption key version, the keyring-wide
/// <see cref="KeyRewrapJob"/> moves them, and an old version is not retired while they need it.
/// </para>
/// <para>
/// The objects returned (<see cref="HmacKeySet"/>, <see cref="Tokenizer"/>, <see cref="SigningKey"/>) are
/// snapshots: after a rotation, ask again. The caller disposes a returned <see cref="SigningKey"/>.
/// </para>
/// </remarks>
public sealed partial class IntegrityKeyStore : IEnvelopeStore
{
    private const string FormatName = "telehealth.integrity-keys/1";
    private const string FileSuffix = ".integrity-keys.json";
    private const int SymmetricKeySize = 32;

    /// <summary>A key set file is read whole; a few hundred bytes per version, so 1 MiB holds thousands.</summary>
    private const int MaxFileBytes = 1024 * 1024;
    private readonly IEnvelopeCipher _cipher;
    private readonly TimeProvider _time;
    private readonly KeyAudit _audit;

    /// <summary>Initializes a new instance of the <see cref="IntegrityKeyStore"/> class.</summary>
    /// <param name="directory">The directory of the key files; created owner-only when missing.</param>
    /// <param name="cipher">Seals and opens the keys; its keyring's key-encryption keys protect them.</param>
    /// <param name="timeProvider">The clock for creation times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where creation, rotation and retirement are recorded, or <see langword="null"/>.</param>
    public IntegrityKeyStore(string directory, IEnvelopeCipher cipher, TimeProvider? timeProvider = null, IAuditLog? auditLog = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(cipher);
        Directory = Path.GetFullPath(directory);
        _cipher = cipher;
        _time = timeProvider ?? TimeProvider.System;
        _audit = new KeyAudit(auditLog, _time);

        // The keys are sealed under the cipher's keyring, so its census, rewrap job and retirement checks cover them.
        (cipher as EnvelopeCipher)?.Keyring.AddEnvelopeStore(KeyVersionCensus.IntegrityKeysSource, this);
    }

    /// <summary>Gets the directory of the key files.</summary>
    public string Directory { get; }

    /// <summary>Gets the HMAC keys named <paramref name="name"/>, creating version 1 on first use.</summary>
    /// <param name="name">1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.</param>
    /// <param name="cancellationToken">Cancels the file and key operations.</param>
    /// <returns>Every version, with the primary computing new tags.</returns>
    /// <exception cref="CryptoException">TH2085: the name holds another kind of key; TH2086: the file is damaged; or a decryption error of the sealed keys.</exception>
    public async Task<HmacKeySet> GetHmacKeySetAsync(string name, CancellationToken cancellationToken = default)
    {
        var (set, secrets) = await OpenAsync(name, IntegrityKeyKind.Hmac, cancellationToken).ConfigureAwait(false);
        try
        {
            return new HmacKeySet(secrets.Select(s => HmacKey.Import(s.Version, s.Bytes)), set.Primary);
        }
        finally
        {
            Wipe(secrets);
        }
    }

    /// <summary>Gets the pseudonym token keys named <paramref name="name"/>, creating version 1 on first use.</summary>
    /// <param name="name">1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.</param>
    /// <param name="cancellationToken">Cancels the file and key operations.</param>
    /// <returns>A tokenizer with every version, the primary making new tokens.</returns>
    /// <exception cref="CryptoException">TH2085: the name holds another kind of key; TH2086: the file is damaged; or a decryption error of the sealed keys.</exception>
    public async Task<Tokenizer> GetTokenizerAsync(string name, CancellationToken cancellationToken = default)
    {
        var (set, secrets) = await OpenAsync(name, IntegrityKeyKind.Tokenization, cancellationToken).ConfigureAwait(false);
        try
        {
            return new Tokenizer(secrets.Select(s => TokenizationKey.Import(s.Version, s.Bytes)), set.Primary);
        }
        finally
        {
            Wipe(secrets);
        }
    }

    /// <summary>
    /// Gets the primary signing key named <paramref name="name"/>, creating version 1 with
    /// <paramref name="algorithm"/> on first use. Its key id is <c>name.vN</c>; its private key cannot be exported.
    /// </summary>
    /// <param name="name">1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.</param>
    /// <param name="algorithm">The algorithm of the set; must match the set's when it exists.</param>
    /// <param name="cancellationToken">Cancels the file and key operations.</param>
    /// <returns>The primary signing key, which the caller disposes.</returns>
    /// <exception cref="CryptoException">TH2085: the name holds another kind of key; TH2086: the file is damaged; or a decryption error of the sealed keys.</exception>
    public async Task<SigningKey> GetSigningKeyAsync(string name, SigningAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        var kind = algorithm switch
        {
            SigningAlgorithm.Ed25519 => IntegrityKeyKind.Ed25519Signing,
            SigningAlgorithm.EcdsaP256Sha256 => IntegrityKeyKind.EcdsaP256Signing,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signing algorithm."),
        };
        var (set, secrets) = await OpenAsync(name, kind, cancellationToken).ConfigureAwait(false);
        try
        {
            return ImportSigningKey(set, secrets.Single(s => s.Version == set.Primary));
        }
        finally
        {
            Wipe(secrets);
        }
    }

    /// <summary>Gets the public keys of every version of the signing keys named <paramref name="name"/>, to verify signatures.</summary>
    /// <param name="name">The name of an existing signing key set.</param>
    /// <param name="cancellationToken">Cancels the file and key operations.</param>
    /// <returns>The verification keys, by key id <c>name.vN</c>.</returns>
    /// <exception cref="CryptoException">TH2087: no such set; TH2085: the set holds no signing keys; TH2086: the file is damaged.</exception>
    public async Task<VerificationKeySet> GetVerificationKeysAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw Errors.KeySetUnknown(name);
        if (set.Kind is not (IntegrityKeyKind.Ed25519Signing or IntegrityKeyKind.EcdsaP256Signing))
        {
            throw Errors.KeySetKindMismatch(name, set.Kind, "signing");
        }

        var secrets = await UnsealAsync(set, cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = new List<VerificationKey>();
            foreach (var secret in secrets)
            {
                // The signing key disposes its public key with it, so the set gets a copy of its own.
                using var key = ImportSigningKey(set, secret);
                keys.Add(VerificationKey.Import(key.Algorithm, key.KeyId, key.PublicKey.Export()));
            }

            return new VerificationKeySet(keys);
        }
        finally
        {
            Wipe(secrets);
        }
    }

    /// <summary>Describes the set named <paramref name="name"/> without opening any key.</summary>
    /// <param name="name">The name of the set.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The kind, primary version and versions with their creation times; <see langword="null"/> when there is no such set.</returns>
    public async Task<IntegrityKeySetInfo?> DescribeAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return set is null ? null : new IntegrityKeySetInfo(set.Name, set.Kind, set.Primary, [.. set.Versions.Select(v => new IntegrityKeyVersionInfo(v.Version, v.CreatedAt))]);
    }

    /// <summary>Adds a new version to an existing set and makes it primary; older versions keep verifying. Audited as <c>crypto.integrity_key.rotated</c>.</summary>
    /// <param name="name">The name of an existing set.</param>
    /// <param name="actor">Who rotates, for the audit record; the library's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the file and key operations.</param>
    /// <returns>The new primary version.</returns>
    /// <exception cref="CryptoException">TH2087: no such set; TH2086: the file is damaged; TH2088: the lock file stayed taken.</exception>
    public async Task<uint> RotateAsync(string name, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        uint version;
        using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw Errors.KeySetUnknown(name);
            version = checked(set.Versions.Max(v => v.Version) + 1);
            var added = await CreateVersionAsync(name, set.Kind, version, cancellationToken).ConfigureAwait(false);
            Write(new KeySetFile(set.Format, set.Name, set.Kind, version, [.. set.Versions, added]));
        }

        await _audit.IntegrityKeyEventAsync("crypto.integrity_key.rotated", name, version, actor, cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>
    /// Removes a version that is not primary: tags, tokens or signatures it made no longer verify. Its
    /// sealed key is deleted from the file. Audited as <c>crypto.integrity_key.retired</c>.
    /// </summary>
    /// <param name="name">The name of an existing set.</param>
    /// <param name="version">The version to remove.</param>
    /// <param name="actor">Who retires it, for the audit record; the library's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the file operations.</param>
    /// <returns>A task that completes when the version is gone from the file.</returns>
    /// <exception cref="CryptoException">TH2087: no such set; TH2072: no such version; TH2073: the version is primary; TH2086: the file is damaged.</exception>
    public async Task RetireAsync(string name, uint version, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw Errors.KeySetUnknown(name);
            if (set.Versions.All(v => v.Version != version))
            {
                throw Errors.UnknownKeyVersion(version);
            }

            if (set.Primary == version)
            {
                throw Errors.PrimaryKeyRemoval(version);
            }

            Write(new KeySetFile(set.Format, set.Name, set.Kind, set.Primary, [.. set.Versions.Where(v => v.Version != version)]));
        }

        await _audit.IntegrityKeyEventAsync("crypto.integrity_key.retired", name, version, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists every sealed key as an envelope with the record key <c>name/vNNNNNNNNNN</c>, in order, for the census and rewrap job.</summary>
    /// <param name="afterRecordKey">Lists only the record keys after this one; <see langword="null"/> from the start.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The sealed keys.</returns>
    public IAsyncEnumerable<StoredEnvelope> ListAsync(string? afterRecordKey, CancellationToken cancellationToken = default) => ListCoreAsync(afterRecordKey, cancellationToken);

    /// <summary>Replaces the header of one sealed key if it still starts with <paramref name="expectedHeader"/> (rewrap under a newer key-encryption key).</summary>
    /// <param name="recordKey">A record key from <see cref="ListAsync"/>.</param>
    /// <param name="expectedHeader">The header the sealed key must still start with.</param>
    /// <param name="replacedHeaderLength">How many bytes of the stored envelope the new header replaces.</param>
    /// <param name="newHeader">The new header.</param>
    /// <param name="cancellationToken">Cancels the file operations.</param>
    /// <returns><see langword="false"/> when the sealed key changed or is gone meanwhile.</returns>
    public async ValueTask<bool> ReplaceHeaderAsync(string recordKey, ReadOnlyMemory<byte> expectedHeader, int replacedHeaderLength, ReadOnlyMemory<byte> newHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordKey);
        var slash = recordKey.LastIndexOf("/v", StringComparison.Ordinal);
        if (slash <= 0 || !uint.TryParse(recordKey.AsSpan(slash + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || !NamePattern().IsMatch(recordKey[..slash]))
        {
            throw new ArgumentException("Not a record key of this store.", nameof(recordKey));
        }

        var name = recordKey[..slash];
        using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            var stored = set?.Versions.SingleOrDefault(v => v.Version == version);
            if (set is null || stored is null || !stored.Sealed.AsSpan().StartsWith(expectedHeader.Span))
            {
                return false;
            }

            byte[] rewrapped = [.. newHeader.Span, .. stored.Sealed.AsSpan(replacedHeaderLength)];
            Write(new KeySetFile(set.Format, set.Name, set.Kind, set.Primary, [.. set.Versions.Select(v => v.Version == version ? new KeySetVersion(v.Version, v.CreatedAt, rewrapped) : v)]));
            return true;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"IntegrityKeyStore({Directory})";

    private async IAsyncEnumerable<StoredEnvelope> ListCoreAsync(string? afterRecordKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        var names = System.IO.Directory.EnumerateFiles(Directory, "*" + FileSuffix)
            .Select(path => Path.GetFileName(path)[..^FileSuffix.Length])
            .Where(name => NamePattern().IsMatch(name))
            .OrderBy(name => name + "/", StringComparer.Ordinal) // the order of the record keys, which resuming relies on
            .ToList();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            foreach (var version in set?.Versions ?? [])
            {
                var recordKey = RecordKey(name, version.Version);
                if (afterRecordKey is null || string.CompareOrdinal(recordKey, afterRecordKey) > 0)
                {
                    yield return new StoredEnvelope(recordKey, version.Sealed);
                }
            }
        }
    }

    private static string RecordKey(string name, uint version) => string.Create(CultureInfo.InvariantCulture, $"{name}/v{version:D10}");

    private static EncryptionContext ContextOf(string name, uint version) =>
        new("telehealth", "integrity-key", string.Create(CultureInfo.InvariantCulture, $"{name}.v{version}"), "key-storage");

    private static void RequireName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException("A key set name is 1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.", nameof(name));
        }
    }

    private static SigningKey ImportSigningKey(KeySetFile set, OpenedKey secret)
    {
        var keyId = string.Create(CultureInfo.InvariantCulture, $"{set.Name}.v{secret.Version}");
        return set.Kind == IntegrityKeyKind.Ed25519Signing
            ? SigningKey.ImportEd25519(keyId, secret.Bytes)
            : SigningKey.ImportEcdsaP256(keyId, secret.Bytes);
    }

    private static byte[] GenerateSecret(IntegrityKeyKind kind)
    {
        if (kind != IntegrityKeyKind.EcdsaP256Signing)
        {
            // HMAC and token keys, and an Ed25519 seed, are 32 random bytes.
            return RandomNumberGenerator.GetBytes(SymmetricKeySize);
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKey();
    }

    private static void Wipe(List<OpenedKey> secrets)
    {
        foreach (var secret in secrets)
        {
            CryptographicOperations.ZeroMemory(secret.Bytes);
        }
    }

    private async Task<(KeySetFile Set, List<OpenedKey> Secrets)> OpenAsync(string name, IntegrityKeyKind kind, CancellationToken cancellationToken)
    {
        RequireName(name);
        var set = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            var created = false;
            using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
            {
                set = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (set is null)
                {
                    var first = await CreateVersionAsync(name, kind, 1, cancellationToken).ConfigureAwait(false);
                    set = new KeySetFile(FormatName, name, kind, 1, [first]);
                    Write(set);
                    created = true;
                }
            }

            if (created)
            {
                await _audit.IntegrityKeyEventAsync("crypto.integrity_key.created", name, 1, null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (set.Kind != kind)
        {
            throw Errors.KeySetKindMismatch(name, set.Kind, kind.ToString());
        }

        return (set, await UnsealAsync(set, cancellationToken).ConfigureAwait(false));
    }

    private async Task<KeySetVersion> CreateVersionAsync(string name, IntegrityKeyKind kind, uint version, CancellationToken cancellationToken)
    {
        var secret = GenerateSecret(kind);
        try
        {
            var sealedKey = await _cipher.EncryptAsync(secret, ContextOf(name, version), cancellationToken).ConfigureAwait(false);
            return new KeySetVersion(version, _time.GetUtcNow(), sealedKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private async Task<List<OpenedKey>> UnsealAsync(KeySetFile set, CancellationToken cancellationToken)
    {
        var secrets = new List<OpenedKey>(set.Versions.Count);
        try
        {
            foreach (var version in set.Versions)
            {
                secrets.Add(new OpenedKey(version.Version, await _cipher.DecryptAsync(version.Sealed, ContextOf(set.Name, version.Version), cancellationToken).ConfigureAwait(false)));
            }

            return secrets;
        }
        catch
        {
            Wipe(secrets);
            throw;
        }
    }

    private Task<FileStream> LockAsync(string name, CancellationToken cancellationToken)
    {
        SecureFiles.EnsureDirectory(Directory);
        return SecureFiles.LockAsync(Path.Combine(Directory, name + ".integrity-keys.lock"), () => Errors.KeySetConflict(name), cancellationToken);
    }

    private async Task<KeySetFile?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var file = new FileStream(Path.Combine(Directory, name + FileSuffix), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                if (file.Length > MaxFileBytes)
                {
                    throw Errors.KeySetDamaged(name, $"larger than {MaxFileBytes} bytes");
                }

                bytes = new byte[file.Length];
                await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (EndOfStreamException ex)
        {
            throw Errors.KeySetDamaged(name, "shorter than its length while read", ex);
        }

        KeySetFile? set;
        try
        {
            set = JsonSerializer.Deserialize(bytes, IntegrityKeyJsonContext.Default.KeySetFile);
        }
        catch (JsonException ex)
        {
            throw Errors.KeySetDamaged(name, "not valid JSON", ex);
        }

        if (set is null || set.Format != FormatName || set.Name != name || !Enum.IsDefined(set.Kind))
        {
            throw Errors.KeySetDamaged(name, $"not a {FormatName} document for this name");
        }

        var versions = set.Versions ?? [];
        if (versions.Count == 0
            || versions.Select(v => v.Version).Distinct().Count() != versions.Count
            || versions.Any(v => v.Version == 0 || v.Sealed is not { Length: > 0 })
            || versions.All(v => v.Version != set.Primary))
        {
            throw Errors.KeySetDamaged(name, "its versions are missing, repeated or without the primary");
        }

        return set;
    }

    private void Write(KeySetFile set) =>
        SecureFiles.WriteAtomically(Path.Combine(Directory, set.Name + FileSuffix), JsonSerializer.SerializeToUtf8Bytes(set, IntegrityKeyJsonContext.Default.KeySetFile));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>An opened key: wiped as soon as the objects built from it hold their own copies.</summary>
    private sealed class OpenedKey(uint version, byte[] bytes)
    {
        public uint Version { get; } = version;

        public byte[] Bytes { get; } = bytes;
    }

    /// <summary>A key set file as stored. Classes, not records: they hold lists and buffers, which records would compare by reference.</summary>
    internal sealed class KeySetFile(string format, string name, IntegrityKeyKind kind, uint primary, List<KeySetVersion> versions)
    {
        public string Format { get; } = format;

        public string Name { get; } = name;

        public IntegrityKeyKind Kind { get; } = kind;

        public uint Primary { get; } = primary;

        public List<KeySetVersion> Versions { get; } = versions;
    }

    internal sealed class KeySetVersion(uint version, DateTimeOffset createdAt, byte[] @sealed)
    {
        public uint Version { get; } = version;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public byte[] Sealed { get; } = @sealed;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(IntegrityKeyStore.KeySetFile))]
internal sealed partial class IntegrityKeyJsonContext : JsonSerializerContext;
