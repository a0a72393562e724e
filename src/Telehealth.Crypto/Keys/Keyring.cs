using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// A keyring of versioned key-encryption keys shared by every node through an <see cref="IKeyringStore"/>.
/// Rotation is staged: a new version is added as <see cref="KeyEncryptionKeyState.Pending"/>, every node
/// reads it within <see cref="KeyringOptions.RefreshInterval"/>, and only after
/// <see cref="KeyringOptions.PropagationDelay"/> is it promoted, so no node encrypts under a key another
/// node cannot yet read. Every key operation is written to the audit log with the key id, never the key.
/// </summary>
public sealed partial class Keyring
{
    private const int MaxWriteAttempts = 8;
    private readonly IKeyringStore _store;
    private readonly Dictionary<string, IKeyEncryptionKeyProvider> _providers;
    private readonly KeyringOptions _options;
    private readonly TimeProvider _time;
    private readonly KeyAudit _audit;
    private readonly ILogger _logger;
    private int _backgroundRefresh;
    private long _refreshAttemptedAt;
    private volatile Snapshot? _snapshot;

    /// <summary>Initializes a new instance of the <see cref="Keyring"/> class.</summary>
    /// <param name="store">Where the keyring state lives.</param>
    /// <param name="providers">The key providers; new versions use the one named in <see cref="KeyringOptions.Provider"/>.</param>
    /// <param name="options">The keyring options.</param>
    /// <param name="timeProvider">The clock for rotation schedules; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where key operations are recorded; <see langword="null"/> only in tests and tools.</param>
    /// <param name="logger">The logger.</param>
    public Keyring(
        IKeyringStore store,
        IEnumerable<IKeyEncryptionKeyProvider> providers,
        KeyringOptions options,
        TimeProvider? timeProvider = null,
        IAuditLog? auditLog = null,
        ILogger<Keyring>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        KeyringIds.Require(options.KeyringId, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWrapsPerVersion, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxWrapsPerVersion, 1L << 32, nameof(options));
        _store = store;
        _providers = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _audit = new KeyAudit(auditLog, _time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (!_providers.ContainsKey(options.Provider))
        {
            throw Errors.UnknownProvider(options.Provider);
        }
    }

    /// <summary>Gets the keyring id.</summary>
    public string Id => _options.KeyringId;

    /// <summary>Gets the keyring state this node last read, loading it on first use.</summary>
    public KeyringDocument Current => CurrentSnapshot().Document;

    /// <summary>Gets the options of the keyring.</summary>
    internal KeyringOptions Options => _options;

    /// <summary>
    /// Loads the keyring, creating it with a primary version 1 when it is missing and
    /// <see cref="KeyringOptions.CreateIfMissing"/> is set. Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the keyring is ready.</returns>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        var document = await _store.LoadAsync(Id, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            if (!_options.CreateIfMissing)
            {
                throw Errors.UnknownKeyring(Id);
            }

            document = await CreateAsync(cancellationToken).ConfigureAwait(false);
        }

        Publish(document);
    }

    /// <summary>Re-reads the keyring store now.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the state is current.</returns>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default)
    {
        // Concurrent refreshes are harmless: Publish keeps the highest revision read.
        var document = await _store.LoadAsync(Id, cancellationToken).ConfigureAwait(false) ?? throw Errors.UnknownKeyring(Id);
        Publish(document);
    }

    /// <summary>Adds a new pending version, distributed to every node before it may become primary.</summary>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new version.</returns>
    public async ValueTask<KeyEncryptionKeyVersion> AddPendingVersionAsync(AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        using var activity = CryptoTelemetry.Source.StartActivity("crypto.key.add_pending");
        activity?.SetTag("telehealth.crypto.keyring", Id);
        var provider = _providers[_options.Provider];
        KeyEncryptionKeyVersion? added = null;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
            var number = current.Versions.Count == 0 ? 1 : current.Versions[^1].Version + 1;
            var reference = await provider.CreateKeyAsync(Id, number, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            added = new KeyEncryptionKeyVersion
            {
                Version = number,
                State = KeyEncryptionKeyState.Pending,
                Provider = provider.Name,
                ProviderReference = reference,
                CreatedAt = now,
                StateChangedAt = now,
            };
            var next = current with { Revision = current.Revision + 1, Versions = [.. current.Versions, added] };
            if (await _store.TryWriteAsync(next, current.Revision, cancellationToken).ConfigureAwait(false))
            {
                Publish(next);
                await _audit.KeyEventAsync("crypto.key.created", Id, number, actor, cancellationToken).ConfigureAwait(false);
                LogVersionChanged(Id, number, KeyEncryptionKeyState.Pending);
                return added;
            }

            await provider.DestroyKeyAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        throw Errors.StoreConflict(Id);
    }

    /// <summary>
    /// Makes a pending version primary; the previous primary becomes decrypt-only. Refused until the
    /// version has been pending for <see cref="KeyringOptions.PropagationDelay"/>.
    /// </summary>
    /// <param name="version">The pending version.</param>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The promoted version.</returns>
    public ValueTask<KeyEncryptionKeyVersion> PromoteAsync(int version, AuditActor? actor = null, CancellationToken cancellationToken = default) =>
        ChangeAsync("crypto.key.promoted", version, actor, (document, target, now) =>
        {
            if (target.State != KeyEncryptionKeyState.Pending)
            {
                throw Errors.InvalidTransition(Id, version, target.State, "promoted");
            }

            var waited = now - target.CreatedAt;
            if (waited < _options.PropagationDelay)
            {
                throw Errors.PromotedTooEarly(Id, version, _options.PropagationDelay - waited);
            }

            return document.Versions.Select(v =>
                v.Version == version ? v with { State = KeyEncryptionKeyState.Primary, PromotedAt = now, StateChangedAt = now }
                : v.State == KeyEncryptionKeyState.Primary ? v with { State = KeyEncryptionKeyState.DecryptOnly, StateChangedAt = now }
                : v).ToList();
        }, cancellationToken);

    /// <summary>
    /// Disables a version that is not primary: it refuses to decrypt until enabled again. Refused
    /// (<see cref="KeyVersionInUseException"/>, TH2100, nothing changed) while a record, subject key or
    /// integrity key of this keyring is still on the version (<see cref="TakeCensusAsync"/>).
    /// </summary>
    /// <param name="version">The version.</param>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The disabled version.</returns>
    public async ValueTask<KeyEncryptionKeyVersion> DisableAsync(int version, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
        var target = current.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
        if (target.State is not (KeyEncryptionKeyState.Pending or KeyEncryptionKeyState.DecryptOnly))
        {
            throw Errors.InvalidTransition(Id, version, target.State, "disabled");
        }

        if (target.State == KeyEncryptionKeyState.DecryptOnly)
        {
            RequireSettled(current, version, "disabled");
        }

        await RequireNotNeededAsync(version, "disabled", v => v == version, cancellationToken).ConfigureAwait(false);
        return await SetStateAsync("crypto.key.disabled", version, actor, "disabled", KeyEncryptionKeyState.Disabled, [KeyEncryptionKeyState.Pending, KeyEncryptionKeyState.DecryptOnly], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enables a disabled version again as decrypt-only.</summary>
    /// <param name="version">The version.</param>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The enabled version.</returns>
    public ValueTask<KeyEncryptionKeyVersion> EnableAsync(int version, AuditActor? actor = null, CancellationToken cancellationToken = default) =>
        SetStateAsync("crypto.key.enabled", version, actor, "enabled", KeyEncryptionKeyState.DecryptOnly, [KeyEncryptionKeyState.Disabled], cancellationToken);

    /// <summary>
    /// Destroys a disabled version: the provider erases the key and the store forgets its reference.
    /// Refused (<see cref="KeyVersionInUseException"/>, TH2100, nothing changed) while a record, subject
    /// key or integrity key of this keyring is still on the version (<see cref="TakeCensusAsync"/>).
    /// </summary>
    /// <param name="version">The disabled version.</param>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The destroyed version.</returns>
    public async ValueTask<KeyEncryptionKeyVersion> DestroyAsync(int version, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
        var target = current.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
        if (target.State != KeyEncryptionKeyState.Disabled)
        {
            throw Errors.InvalidTransition(Id, version, target.State, "destroyed (disable it first)");
        }

        await RequireNotNeededAsync(version, "destroyed", v => v == version, cancellationToken).ConfigureAwait(false);

        // The intent is in the audit log before anything is erased: if it cannot be written, nothing is.
        await _audit.KeyEventAsync("crypto.key.destroy_requested", Id, version, actor, cancellationToken).ConfigureAwait(false);
        KeyEncryptionKeyVersion destroyed;
        try
        {
            destroyed = await SetStateAsync(action: null, version, actor, "destroyed", KeyEncryptionKeyState.Destroyed, [KeyEncryptionKeyState.Disabled], cancellationToken).ConfigureAwait(false);
            await ProviderOf(target).DestroyKeyAsync(target.ProviderReference, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptoException ex)
        {
            await _audit.KeyEventAsync("crypto.key.destroyed", Id, version, actor, CancellationToken.None, AuditOutcome.Failed(ex.Code)).ConfigureAwait(false);
            throw;
        }

        await _audit.KeyEventAsync("crypto.key.destroyed", Id, version, actor, CancellationToken.None).ConfigureAwait(false);
        return destroyed;
    }

    /// <summary>
    /// Retires every version below <paramref name="version"/>: they refuse to decrypt from now on. Refused
    /// (<see cref="KeyVersionInUseException"/>, TH2100, nothing changed) while a record, subject key or
    /// integrity key of this keyring is still on a version it would retire (<see cref="TakeCensusAsync"/>).
    /// Lowering the minimum is never refused.
    /// </summary>
    /// <param name="version">The lowest version that may still decrypt.</param>
    /// <param name="actor">Who asked for it; the keyring's service identity when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    public async ValueTask SetMinimumDecryptionVersionAsync(int version, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
            var target = current.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
            var primary = current.FindPrimary();
            if (primary is not null && primary.Version < version)
            {
                throw Errors.InvalidTransition(Id, primary.Version, primary.State, "retired while primary");
            }

            if (version > current.MinimumDecryptionVersion)
            {
                RequireSettled(current, version, "made the minimum decryption version");

                // Versions below the current minimum are retired already, and destroyed ones hold nothing readable.
                var from = current.MinimumDecryptionVersion;
                await RequireNotNeededAsync(version, "made the minimum decryption version", v => v >= from && v < version && current.Find(v)?.State != KeyEncryptionKeyState.Destroyed, cancellationToken).ConfigureAwait(false);
            }

            var next = current with { Revision = current.Revision + 1, MinimumDecryptionVersion = target.Version };
            if (await _store.TryWriteAsync(next, current.Revision, cancellationToken).ConfigureAwait(false))
            {
                Publish(next);
                await _audit.KeyEventAsync("crypto.key.minimum_version_set", Id, version, actor, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        throw Errors.StoreConflict(Id);
    }

    /// <summary>
    /// Runs one step of scheduled rotation: adds a pending version when the primary is older than
    /// <see cref="KeyringOptions.RotationPeriod"/> or has reserved half of <see cref="KeyringOptions.MaxWrapsPerVersion"/>, and promotes a pending version once it has waited
    /// <see cref="KeyringOptions.PropagationDelay"/>. Call it periodically (the hosted rotation service does).
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What the step did.</returns>
    public async ValueTask<KeyRotationStep> RunScheduledRotationAsync(CancellationToken cancellationToken = default)
    {
        var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var pending = current.Versions.LastOrDefault(v => v.State == KeyEncryptionKeyState.Pending);
        if (pending is not null)
        {
            if (now - pending.CreatedAt < _options.PropagationDelay)
            {
                return KeyRotationStep.WaitingForPropagation;
            }

            try
            {
                await PromoteAsync(pending.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (CryptoException ex) when (ex.Code == CryptoErrorCodes.InvalidTransition)
            {
                // Another node promoted it first.
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            return KeyRotationStep.Promoted;
        }

        var primary = current.FindPrimary();
        if (primary is null || now - (primary.PromotedAt ?? primary.CreatedAt) >= _options.RotationPeriod || primary.WrapsReserved >= _options.MaxWrapsPerVersion / 2)
        {
            await AddPendingVersionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return KeyRotationStep.AddedPending;
        }

        return KeyRotationStep.None;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Keyring({Id})";

    /// <summary>
    /// The primary version and its provider, for encryption, from a state read within the refresh
    /// interval when the store can be read at once (the file store can): an idle node does not encrypt
    /// under a primary that was replaced while it slept.
    /// </summary>
    internal (KeyEncryptionKeyVersion Version, IKeyEncryptionKeyProvider Provider) GetPrimary()
    {
        var snapshot = _snapshot is { } known && IsStale(known) ? RefreshForEncryption() : CurrentSnapshot();
        var primary = snapshot.Primary ?? throw Errors.NoPrimaryKey(Id);
        return (primary, ProviderOf(primary));
    }

    /// <summary>As <see cref="GetPrimary"/>, waiting for the store when the state is older than the refresh interval.</summary>
    internal async ValueTask<(KeyEncryptionKeyVersion Version, IKeyEncryptionKeyProvider Provider)> GetPrimaryAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } known && IsStale(known))
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CryptoException or IOException)
            {
                // The last state read stays in use, as with every failed refresh.
                LogRefreshFailed(Id, ex);
            }
        }

        return GetPrimary();
    }

    /// <summary>A version that may decrypt, or the specific reason it may not.</summary>
    internal (KeyEncryptionKeyVersion Version, IKeyEncryptionKeyProvider Provider) GetForDecryption(string keyringId, int version)
    {
        if (!string.Equals(keyringId, Id, StringComparison.Ordinal))
        {
            throw Errors.UnknownKeyring(keyringId);
        }

        var snapshot = CurrentSnapshot();
        var document = snapshot.Document;
        var found = snapshot.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
        return found.State switch
        {
            KeyEncryptionKeyState.Disabled => throw Errors.KeyDisabled(Id, version),
            KeyEncryptionKeyState.Destroyed => throw Errors.KeyDestroyed(Id, version),
            _ when version < document.MinimumDecryptionVersion => throw Errors.KeyRetired(Id, version, document.MinimumDecryptionVersion),
            _ => (found, ProviderOf(found)),
        };
    }

    /// <summary>Whether the snapshot knows <paramref name="version"/>; used to force a refresh on a miss.</summary>
    internal bool Knows(int version) => CurrentSnapshot().Find(version) is not null;

    /// <summary>Refreshes when the last read is older than the refresh interval; returns whether it read.</summary>
    internal async ValueTask<bool> RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && _time.GetUtcNow() - snapshot.ReadAt < _options.RefreshInterval)
        {
            return false;
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private bool IsStale(Snapshot snapshot) => _time.GetUtcNow() - snapshot.ReadAt >= _options.RefreshInterval;

    /// <summary>
    /// Re-reads the store now when it answers at once; otherwise refreshes in the background and keeps the
    /// current state. Attempts are spaced by the refresh interval, so a store that fails to read does not
    /// cost every encryption a read.
    /// </summary>
    private Snapshot RefreshForEncryption()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var attempted = Interlocked.Read(ref _refreshAttemptedAt);
        if (now - attempted < _options.RefreshInterval.Ticks || Interlocked.CompareExchange(ref _refreshAttemptedAt, now, attempted) != attempted)
        {
            return CurrentSnapshot();
        }

        try
        {
            var loading = _store.LoadAsync(Id, CancellationToken.None);
            if (loading.IsCompleted)
            {
                Publish(loading.GetAwaiter().GetResult() ?? throw Errors.UnknownKeyring(Id));
                return _snapshot!;
            }

            _ = PublishWhenLoadedAsync(loading);
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            LogRefreshFailed(Id, ex);
        }

        return CurrentSnapshot();
    }

    private async Task PublishWhenLoadedAsync(ValueTask<KeyringDocument?> loading)
    {
        try
        {
            Publish(await loading.ConfigureAwait(false) ?? throw Errors.UnknownKeyring(Id));
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            LogRefreshFailed(Id, ex);
        }
    }

    /// <summary>
    /// Refuses to retire a former primary until the current primary has been primary for a refresh
    /// interval: before that, a node that has not re-read the keyring may still encrypt under it.
    /// </summary>
    private void RequireSettled(KeyringDocument current, int version, string operation)
    {
        if (current.FindPrimary() is not { } primary)
        {
            return;
        }

        var since = _time.GetUtcNow() - (primary.PromotedAt ?? primary.CreatedAt);
        if (since < _options.RefreshInterval)
        {
            throw Errors.RetiredTooEarly(Id, version, operation, primary.Version, _options.RefreshInterval - since);
        }
    }

    private Snapshot CurrentSnapshot()
    {
        var snapshot = _snapshot ?? InitializeSynchronously();
        if (_time.GetUtcNow() - snapshot.ReadAt >= _options.RefreshInterval && Interlocked.Exchange(ref _backgroundRefresh, 1) == 0)
        {
            // Refresh off the caller's path; the current state stays in use until the new one is read.
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshIfStaleAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is CryptoException or IOException)
                {
                    LogRefreshFailed(Id, ex);
                }
                finally
                {
                    Volatile.Write(ref _backgroundRefresh, 0);
                }
            });
        }

        return snapshot;
    }

    /// <summary>First use without InitializeAsync: fine when the store completes synchronously (the file store does).</summary>
    private Snapshot InitializeSynchronously()
    {
        var initializing = InitializeAsync(CancellationToken.None);
        if (initializing.IsCompleted)
        {
            initializing.GetAwaiter().GetResult();
            return _snapshot!;
        }

        // The state is published before the audit records of a new keyring are written; only a store
        // that does not complete synchronously leaves nothing to use yet.
        _ = initializing.AsTask().ContinueWith(t => LogRefreshFailed(Id, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return _snapshot ?? throw new InvalidOperationException("The keyring store completes asynchronously; call InitializeAsync (the hosted service does at start-up) before using the keyring.");
    }

    private IKeyEncryptionKeyProvider ProviderOf(KeyEncryptionKeyVersion version) =>
        _providers.TryGetValue(version.Provider, out var provider) ? provider : throw Errors.UnknownProvider(version.Provider);

    private async ValueTask<KeyringDocument> LoadForWriteAsync(CancellationToken cancellationToken) =>
        await _store.LoadAsync(Id, cancellationToken).ConfigureAwait(false) ?? throw Errors.UnknownKeyring(Id);

    private async ValueTask<KeyringDocument> CreateAsync(CancellationToken cancellationToken)
    {
        var provider = _providers[_options.Provider];
        var reference = await provider.CreateKeyAsync(Id, 1, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var document = new KeyringDocument
        {
            KeyringId = Id,
            Revision = 1,
            Versions =
            [
                new KeyEncryptionKeyVersion
                {
                    Version = 1,
                    State = KeyEncryptionKeyState.Primary,
                    Provider = provider.Name,
                    ProviderReference = reference,
                    CreatedAt = now,
                    PromotedAt = now,
                    StateChangedAt = now,
                },
            ],
        };
        if (await _store.TryWriteAsync(document, 0, cancellationToken).ConfigureAwait(false))
        {
            // Usable at once; the audit records follow (a synchronous first use need not wait for them).
            Publish(document);
            await _audit.KeyEventAsync("crypto.key.created", Id, 1, null, cancellationToken).ConfigureAwait(false);
            await _audit.KeyEventAsync("crypto.key.promoted", Id, 1, null, cancellationToken).ConfigureAwait(false);
            LogVersionChanged(Id, 1, KeyEncryptionKeyState.Primary);
            return document;
        }

        // Another node created the keyring at the same moment; use theirs.
        await provider.DestroyKeyAsync(reference, cancellationToken).ConfigureAwait(false);
        return await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<KeyEncryptionKeyVersion> SetStateAsync(
        string? action, int version, AuditActor? actor, string operation, KeyEncryptionKeyState state, KeyEncryptionKeyState[] allowedFrom, CancellationToken cancellationToken) =>
        ChangeAsync(action, version, actor, (document, target, now) =>
        {
            if (!allowedFrom.Contains(target.State))
            {
                throw Errors.InvalidTransition(Id, version, target.State, operation);
            }

            var changed = target with
            {
                State = state,
                StateChangedAt = now,
                ProviderReference = state == KeyEncryptionKeyState.Destroyed ? string.Empty : target.ProviderReference,
            };
            return document.Versions.Select(v => v.Version == version ? changed : v).ToList();
        }, cancellationToken);

    /// <summary>Applies a change to one version by compare-and-swap, then audits it as <paramref name="action"/> (unless the caller audits it itself).</summary>
    private async ValueTask<KeyEncryptionKeyVersion> ChangeAsync(
        string? action,
        int version,
        AuditActor? actor,
        Func<KeyringDocument, KeyEncryptionKeyVersion, DateTimeOffset, List<KeyEncryptionKeyVersion>> change,
        CancellationToken cancellationToken)
    {
        using var activity = CryptoTelemetry.Source.StartActivity(action ?? "crypto.key.change");
        activity?.SetTag("telehealth.crypto.keyring", Id);
        activity?.SetTag("telehealth.crypto.key_version", version);
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
            var target = current.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
            var versions = change(current, target, _time.GetUtcNow());
            var next = current with { Revision = current.Revision + 1, Versions = versions };
            if (await _store.TryWriteAsync(next, current.Revision, cancellationToken).ConfigureAwait(false))
            {
                Publish(next);
                if (action is not null)
                {
                    await _audit.KeyEventAsync(action, Id, version, actor, cancellationToken).ConfigureAwait(false);
                }

                var changed = next.Find(version)!;
                LogVersionChanged(Id, version, changed.State);
                return changed;
            }
        }

        throw Errors.StoreConflict(Id);
    }

    private void Publish(KeyringDocument document)
    {
        KeyringValidation.Validate(document, Id);
        RequireBoundReferences(document);
        var next = new Snapshot(document, _time.GetUtcNow());
        while (true)
        {
            var previous = _snapshot;
            if (previous is not null && document.Revision < previous.Document.Revision)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _snapshot, next, previous) == previous)
            {
                ForgetRetiredKeys(document, previous?.Document);
                return;
            }
        }
    }

    /// <summary>
    /// Tells providers that keep keys in memory to drop those of versions that can no longer decrypt,
    /// including a destroyed version whose reference only the previous state still names.
    /// </summary>
    private void ForgetRetiredKeys(KeyringDocument document, KeyringDocument? previous)
    {
        foreach (var version in document.Versions)
        {
            var retired = version.State is KeyEncryptionKeyState.Disabled or KeyEncryptionKeyState.Destroyed || version.Version < document.MinimumDecryptionVersion;
            if (!retired || !_providers.TryGetValue(version.Provider, out var provider) || provider is not ICachingKeyProvider caching)
            {
                continue;
            }

            if (version.ProviderReference.Length > 0)
            {
                caching.Forget(version.ProviderReference);
            }

            if (previous?.Find(version.Version)?.ProviderReference is { Length: > 0 } before)
            {
                caching.Forget(before);
            }
        }
    }

    /// <summary>Refuses a local key reference that names another keyring or version than the entry holding it.</summary>
    private void RequireBoundReferences(KeyringDocument document)
    {
        foreach (var version in document.Versions)
        {
            if (version.State != KeyEncryptionKeyState.Destroyed
                && string.Equals(version.Provider, LocalKeyEncryptionKeyProvider.ProviderName, StringComparison.Ordinal)
                && !LocalKeyEncryptionKeyProvider.IsReferenceFor(version.ProviderReference, Id, version.Version))
            {
                throw Errors.StoreDamaged(string.Create(CultureInfo.InvariantCulture, $"keyring '{Id}' v{version.Version} holds a local key reference made for another keyring or version"));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Keyring {KeyringId} version {Version} is now {State}.")]
    private partial void LogVersionChanged(string keyringId, int version, KeyEncryptionKeyState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing keyring {KeyringId} failed; the last state read stays in use.")]
    private partial void LogRefreshFailed(string keyringId, Exception exception);

    private sealed class Snapshot(KeyringDocument document, DateTimeOffset readAt)
    {
        public KeyringDocument Document { get; } = document;

        public KeyEncryptionKeyVersion? Primary { get; } = document.FindPrimary();

        public DateTimeOffset ReadAt { get; } = readAt;

        /// <summary>Finds a version without allocating (this runs on every decryption).</summary>
        public KeyEncryptionKeyVersion? Find(int version)
        {
            var versions = Document.Versions;
            for (var i = 0; i < versions.Count; i++)
            {
                if (versions[i].Version == version)
                {
                    return versions[i];
                }
            }

            return null;
        }
    }
}
