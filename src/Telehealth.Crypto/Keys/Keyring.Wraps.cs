using Microsoft.Extensions.Logging;

namespace Telehealth.Crypto;

/// <summary>
/// The bound on how many keys one key-encryption key version wraps. AES-GCM with random 96-bit IVs is
/// safe for at most 2^32 encryptions under one key (NIST SP 800-38D), and the local and PKCS#11
/// providers wrap that way, so every wrap is counted against <see cref="KeyringOptions.MaxWrapsPerVersion"/>
/// in the keyring store (<see cref="KeyEncryptionKeyVersion.WrapsReserved"/>). A node reserves wraps in
/// blocks ahead of use, so the store is written once per block, not once per wrap.
/// </summary>
public sealed partial class Keyring
{
    private const long MaxWrapBlock = 65_536;
    private readonly Lock _wrapLock = new();
    private TaskCompletionSource? _reserving;
    private int _wrapVersion;
    private long _wrapsLeft;
    private Func<CryptoException>? _wrapRefusal;
    private int _prefetching;

    /// <summary>Gets how many wraps one reservation takes: 1/65,536 of the limit, between 1 and 65,536.</summary>
    private long WrapBlock => Math.Clamp(_options.MaxWrapsPerVersion / 65_536, 1, MaxWrapBlock);

    /// <summary>
    /// Wraps a key under a version after counting the wrap against the version's bound. The synchronous
    /// path never waits for the store: when this node's reservation is used up it reserves inline if the
    /// store completes synchronously, and otherwise wraps ahead of a reservation already on its way, by
    /// at most one block.
    /// </summary>
    internal async ValueTask<byte[]> WrapAsync(KeyEncryptionKeyVersion version, IKeyEncryptionKeyProvider provider, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> associatedData, bool synchronous, CancellationToken cancellationToken)
    {
        while (!TryTakeWrap(version.Version, synchronous))
        {
            await ReserveWrapsAsync(version.Version, cancellationToken).ConfigureAwait(false);
        }

        var wrapping = provider.WrapAsync(version.ProviderReference, key, associatedData, cancellationToken);
        var wrapped = synchronous
            ? (wrapping.IsCompleted ? wrapping.GetAwaiter().GetResult() : throw Errors.ProviderIsAsynchronous(provider.Name))
            : await wrapping.ConfigureAwait(false);
        if (wrapped.Length is 0 or > EnvelopeLayout.MaxWrappedKeyLength)
        {
            throw Errors.MalformedEnvelope($"key provider '{provider.Name}' returned a wrapped key of unsupported length");
        }

        return wrapped;
    }

    /// <summary>Counts one wrap against this node's reservation; <see langword="false"/> when the caller must reserve first.</summary>
    private bool TryTakeWrap(int version, bool synchronous)
    {
        lock (_wrapLock)
        {
            if (_wrapVersion != version)
            {
                // A new primary: what was left for the old one is not carried over.
                _wrapVersion = version;
                _wrapsLeft = 0;
                _wrapRefusal = null;
            }

            if (_wrapsLeft > 0)
            {
                _wrapsLeft--;
                if (_wrapsLeft < WrapBlock / 2)
                {
                    PrefetchWraps(version);
                }

                return true;
            }

            if (_wrapRefusal is not null)
            {
                throw _wrapRefusal();
            }

            if (!synchronous)
            {
                return false;
            }
        }

        // Synchronous: reserve inline when that completes at once (the file store does), else wrap ahead
        // of the reservation under way, by at most one block.
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _reserving, mine, null) is null)
        {
            var inline = ReserveAsOwnerAsync(mine, version, CancellationToken.None);
            if (inline.IsCompleted)
            {
                inline.GetAwaiter().GetResult();
                return TryTakeWrap(version, synchronous: false) ? true : throw Errors.WrapsNotReserved(Id, version);
            }

            _ = ObserveAsync(inline, version);
        }

        lock (_wrapLock)
        {
            if (_wrapVersion == version && _wrapsLeft > -WrapBlock)
            {
                _wrapsLeft--;
                return true;
            }
        }

        throw Errors.WrapsNotReserved(Id, version);
    }

    /// <summary>Reserves a block of wraps for <paramref name="version"/>, or waits for the reservation another caller is making.</summary>
    private async ValueTask ReserveWrapsAsync(int version, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Interlocked.CompareExchange(ref _reserving, mine, null);
        if (running is not null)
        {
            // Only one reservation at a time; the caller takes from it, or reserves again, when it is done.
            await running.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await ReserveAsOwnerAsync(mine, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a block to the version's count in the store, unless a reservation just landed, then lets
    /// the waiting callers go (they take from it, or meet the refusal recorded here).
    /// </summary>
    private async ValueTask ReserveAsOwnerAsync(TaskCompletionSource mine, int version, CancellationToken cancellationToken)
    {
        try
        {
            lock (_wrapLock)
            {
                if (_wrapVersion == version && _wrapsLeft > 0 && _wrapsLeft >= WrapBlock / 2)
                {
                    return;
                }
            }

            for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
            {
                var current = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
                var target = current.Find(version) ?? throw Errors.UnknownKeyVersion(Id, version);
                if (target.State is KeyEncryptionKeyState.Disabled or KeyEncryptionKeyState.Destroyed || target.WrapsReserved >= _options.MaxWrapsPerVersion)
                {
                    var state = target.State;
                    Func<CryptoException> refusal = state switch
                    {
                        KeyEncryptionKeyState.Disabled => () => Errors.KeyDisabled(Id, version),
                        KeyEncryptionKeyState.Destroyed => () => Errors.KeyDestroyed(Id, version),
                        _ => () => Errors.WrapLimitReached(Id, version, _options.MaxWrapsPerVersion),
                    };
                    lock (_wrapLock)
                    {
                        if (_wrapVersion == version)
                        {
                            _wrapRefusal = refusal;
                        }
                    }

                    LogWrapsRefused(Id, version, target.WrapsReserved);
                    throw refusal();
                }

                var take = Math.Min(WrapBlock, _options.MaxWrapsPerVersion - target.WrapsReserved);
                var next = current with
                {
                    Revision = current.Revision + 1,
                    Versions = [.. current.Versions.Select(v => v.Version == version ? v with { WrapsReserved = v.WrapsReserved + take } : v)],
                };
                if (await _store.TryWriteAsync(next, current.Revision, cancellationToken).ConfigureAwait(false))
                {
                    Publish(next);
                    lock (_wrapLock)
                    {
                        if (_wrapVersion == version)
                        {
                            _wrapsLeft += take;
                        }
                    }

                    return;
                }
            }

            throw Errors.StoreConflict(Id);
        }
        finally
        {
            Volatile.Write(ref _reserving, null);
            mine.SetResult();
        }
    }

    /// <summary>Starts reserving the next block in the background, so callers rarely wait for the store.</summary>
    private void PrefetchWraps(int version)
    {
        if (Interlocked.Exchange(ref _prefetching, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ReserveWrapsAsync(version, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CryptoException or IOException)
            {
                LogReservationFailed(Id, version, ex);
            }
            finally
            {
                Volatile.Write(ref _prefetching, 0);
            }
        });
    }

    private async Task ObserveAsync(ValueTask reservation, int version)
    {
        try
        {
            await reservation.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            LogReservationFailed(Id, version, ex);
        }
    }

    /// <summary>The wraps each version has reserved, and the bound, for the census.</summary>
    private List<KeyWrapCount> WrapCounts(KeyringDocument document) =>
        [.. document.Versions.Where(v => v.State != KeyEncryptionKeyState.Destroyed).Select(v => new KeyWrapCount(Id, v.Version, v.WrapsReserved, _options.MaxWrapsPerVersion))];

    [LoggerMessage(Level = LogLevel.Error, Message = "Keyring {KeyringId} version {Version} refuses more wraps ({Reserved} reserved); rotate the keyring.")]
    private partial void LogWrapsRefused(string keyringId, int version, long reserved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reserving wraps of keyring {KeyringId} version {Version} failed; encryption continues on what is left.")]
    private partial void LogReservationFailed(string keyringId, int version, Exception exception);
}
