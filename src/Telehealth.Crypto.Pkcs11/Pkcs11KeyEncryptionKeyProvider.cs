using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// A key provider whose key-encryption keys live in a PKCS#11 token (an HSM, or SoftHSM2 for
/// development and tests). Each key is an AES-256 key generated inside the token with
/// <c>CKA_SENSITIVE</c> set and <c>CKA_EXTRACTABLE</c> cleared, so it never leaves it; data keys are
/// wrapped and unwrapped by the token with <c>CKM_AES_GCM</c> (12-byte random IV, 128-bit tag, the
/// keyring id and version as associated data). The keyring store keeps only a reference, the key's
/// random <c>CKA_ID</c>. Every method completes synchronously, so the span-based envelope API works
/// with this provider. Thread-safe: calls share a small pool of sessions.
/// </summary>
public sealed class Pkcs11KeyEncryptionKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    /// <summary>The provider name recorded in keyring stores.</summary>
    public const string ProviderName = "pkcs11";

    private const string ReferencePrefix = "pkcs11:v1:";
    private const int KeyIdSize = 16;
    private const int KeySize = 32;
    private const int IvSize = 12;
    private const int TagSize = 16;

    private readonly Pkcs11Module _module;
    private readonly Pkcs11SessionPool _sessions;
    private readonly string _tokenLabel;
    private readonly string _keyLabelPrefix;
    private readonly ConcurrentDictionary<string, IObjectHandle> _handles = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>
    /// Initializes a new instance of the <see cref="Pkcs11KeyEncryptionKeyProvider"/> class: loads the
    /// library (once per process), finds the token by label, logs in as user with the PIN the host
    /// supplied and checks that the token supports the mechanisms the provider uses.
    /// </summary>
    /// <param name="options">The options; they are read once, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="CryptoException">
    /// TH2090 when the library cannot be loaded, TH2091 when no token has the label, TH2092 when login
    /// fails, TH2093 when the PIN is unavailable, TH2097 when the token lacks AES key generation or AES-GCM.
    /// </exception>
    public Pkcs11KeyEncryptionKeyProvider(Pkcs11KeyEncryptionKeyProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Pkcs11KeyEncryptionKeyProviderOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", failures), nameof(options));
        }

        _tokenLabel = options.TokenLabel!;
        _keyLabelPrefix = options.KeyLabelPrefix;
        var pin = new Pkcs11Pin(options.PinFile, options.PinEnvironmentVariable);

        // Fail before loading anything when the host has not supplied the PIN.
        CryptographicOperations.ZeroMemory(pin.Read());
        _module = Pkcs11Module.Acquire(options.LibraryPath);
        Pkcs11SessionPool? sessions = null;
        try
        {
            var slot = FindSlot(_module.Library, _tokenLabel);
            RequireMechanisms(slot, _tokenLabel);
            var tokenLabel = _tokenLabel;
            sessions = new Pkcs11SessionPool(slot, options.MaxSessions, session => LogIn(session, tokenLabel, pin));

            // Opens and logs in the first session now, so a wrong PIN fails here and not on first use.
            sessions.Run(0, static (_, _) => 0, CancellationToken.None);
            _sessions = sessions;
        }
        catch
        {
            sessions?.Dispose();
            _module.Release();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    /// <remarks>
    /// Generates the key in the token (<c>C_GenerateKey</c> with <c>CKM_AES_KEY_GEN</c>) as a private,
    /// sensitive, non-extractable token object that can only encrypt and decrypt, labelled with the
    /// keyring id and version, and returns <c>pkcs11:v1:</c> and the hexadecimal <c>CKA_ID</c>.
    /// </remarks>
    public ValueTask<string> CreateKeyAsync(string keyringId, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyringId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();

        using var activity = Pkcs11Telemetry.Source.StartActivity("telehealth.crypto.pkcs11.create");
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var id = RandomNumberGenerator.GetBytes(KeyIdSize);
            var label = _keyLabelPrefix + keyringId + "/v" + version.ToString(CultureInfo.InvariantCulture);
            var handle = _sessions.Run((Id: id, Label: label), GenerateKey, cancellationToken);
            var reference = ReferencePrefix + Convert.ToHexStringLower(id);
            _handles[reference] = handle;
            succeeded = true;
            return ValueTask.FromResult(reference);
        }
        finally
        {
            Pkcs11Telemetry.Record("create", succeeded, started, activity);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The token encrypts the data key with <c>CKM_AES_GCM</c>; the result is IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes).</remarks>
    public ValueTask<byte[]> WrapAsync(string providerReference, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"A data key is {KeySize} bytes.", nameof(dataKey));
        }

        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var id = ParseReference(providerReference);
        using var activity = Pkcs11Telemetry.Source.StartActivity("telehealth.crypto.pkcs11.wrap");
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var plaintext = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            dataKey.Span.CopyTo(plaintext);
            var ciphertext = WithKey(providerReference, id, "C_Encrypt", (session, key) =>
            {
                using var parameters = _module.Factories.MechanismParamsFactory.CreateCkGcmParams(iv, IvSize * 8, ToArrayOrNull(associatedData), TagSize * 8);
                using var mechanism = _module.Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
                return session.Encrypt(mechanism, key, plaintext);
            }, cancellationToken);

            if (ciphertext.Length != KeySize + TagSize)
            {
                throw Errors.OperationFailed("C_Encrypt", CKR.CKR_GENERAL_ERROR, new InvalidOperationException("The token returned an AES-GCM output of unexpected length."));
            }

            var wrapped = new byte[IvSize + ciphertext.Length];
            iv.CopyTo(wrapped, 0);
            ciphertext.CopyTo(wrapped, IvSize);
            succeeded = true;
            return ValueTask.FromResult(wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            Pkcs11Telemetry.Record("wrap", succeeded, started, activity);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The token decrypts and authenticates with <c>CKM_AES_GCM</c>; a wrong tag, a modified wrapped key or different associated data give TH2037.</remarks>
    public ValueTask UnwrapAsync(string providerReference, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, Memory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var id = ParseReference(providerReference);
        using var activity = Pkcs11Telemetry.Source.StartActivity("telehealth.crypto.pkcs11.unwrap");
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        byte[]? plaintext = null;
        try
        {
            if (wrappedKey.Length != IvSize + KeySize + TagSize || dataKey.Length != KeySize)
            {
                throw Errors.UnwrapFailed();
            }

            var iv = wrappedKey[..IvSize].ToArray();
            var ciphertext = wrappedKey[IvSize..].ToArray();
            try
            {
                plaintext = WithKey(providerReference, id, "C_Decrypt", (session, key) =>
                {
                    using var parameters = _module.Factories.MechanismParamsFactory.CreateCkGcmParams(iv, IvSize * 8, ToArrayOrNull(associatedData), TagSize * 8);
                    using var mechanism = _module.Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
                    return session.Decrypt(mechanism, key, ciphertext);
                }, cancellationToken);
            }
            catch (CryptoException ex) when (ex.InnerException is Pkcs11Exception inner && IsAuthenticationFailure(inner.RV))
            {
                throw Errors.UnwrapFailed(inner);
            }

            if (plaintext.Length != KeySize)
            {
                throw Errors.UnwrapFailed();
            }

            plaintext.CopyTo(dataKey.Span);
            succeeded = true;
            return ValueTask.CompletedTask;
        }
        finally
        {
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }

            Pkcs11Telemetry.Record("unwrap", succeeded, started, activity);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Destroys the token object (<c>C_DestroyObject</c>). A key that is already gone is not an error.</remarks>
    public ValueTask DestroyKeyAsync(string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var id = ParseReference(providerReference);
        using var activity = Pkcs11Telemetry.Source.StartActivity("telehealth.crypto.pkcs11.destroy");
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            _handles.TryRemove(providerReference, out _);
            _sessions.Run(id, DestroyKeys, cancellationToken);
            succeeded = true;
            return ValueTask.CompletedTask;
        }
        finally
        {
            Pkcs11Telemetry.Record("destroy", succeeded, started, activity);
        }
    }

    /// <summary>Closes the provider's sessions, which logs out once no other provider in the process uses the token, and releases the library.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _handles.Clear();
        _sessions.Dispose();
        _module.Release();
    }

    /// <summary>Names the token; never shows the PIN or key material.</summary>
    /// <returns>A description of the provider.</returns>
    public override string ToString() => $"Pkcs11KeyEncryptionKeyProvider(token: {_tokenLabel})";

    /// <summary>Gets the slot of the token, for tests that act on the token directly.</summary>
    internal ISlot Slot => _sessions.Slot;

    /// <summary>Runs an operation on a pooled session, for tests that inspect the token.</summary>
    internal T RunInSession<T>(Func<ISession, T> operation) =>
        _sessions.Run(operation, static (session, op) => op(session), CancellationToken.None);

    /// <summary>Finds the token objects with a reference's <c>CKA_ID</c>, for tests that inspect the token.</summary>
    internal List<IObjectHandle> FindKeys(ISession session, string providerReference) => FindKeys(session, ParseReference(providerReference));

    private static ISlot FindSlot(IPkcs11Library library, string tokenLabel)
    {
        try
        {
            foreach (var slot in library.GetSlotList(SlotsType.WithTokenPresent))
            {
                if (string.Equals(slot.GetTokenInfo().Label.TrimEnd(), tokenLabel, StringComparison.Ordinal))
                {
                    return slot;
                }
            }
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.OperationFailed("C_GetSlotList", ex.RV, ex);
        }

        throw Errors.TokenNotFound(tokenLabel);
    }

    private static void RequireMechanisms(ISlot slot, string tokenLabel)
    {
        List<CKM> mechanisms;
        try
        {
            mechanisms = slot.GetMechanismList();
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.OperationFailed("C_GetMechanismList", ex.RV, ex);
        }

        foreach (var required in (ReadOnlySpan<CKM>)[CKM.CKM_AES_KEY_GEN, CKM.CKM_AES_GCM])
        {
            if (!mechanisms.Contains(required))
            {
                throw Errors.MechanismUnsupported(tokenLabel, required);
            }
        }
    }

    private static void LogIn(ISession session, string tokenLabel, Pkcs11Pin source)
    {
        var pin = source.Read();
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another provider of this process logged in to the token; login state is shared.
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.LoginFailed(tokenLabel, ex.RV, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pin);
        }
    }

    // PKCS#11 3.0 reports a failed GCM tag check as CKR_ENCRYPTED_DATA_INVALID; SoftHSM2 2.6 reports it as
    // CKR_GENERAL_ERROR. The input is always well formed here (fixed IV and ciphertext lengths, a key that
    // was found), so both mean the wrapped key does not open; the PKCS#11 failure stays the inner exception.
    private static bool IsAuthenticationFailure(CKR result) =>
        result is CKR.CKR_ENCRYPTED_DATA_INVALID or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE or CKR.CKR_GENERAL_ERROR;

    private static byte[]? ToArrayOrNull(ReadOnlyMemory<byte> data) => data.IsEmpty ? null : data.ToArray();

    private static byte[] ParseReference(string reference)
    {
        if (!reference.StartsWith(ReferencePrefix, StringComparison.Ordinal) || reference.Length != ReferencePrefix.Length + (KeyIdSize * 2))
        {
            throw Errors.MalformedReference();
        }

        var id = new byte[KeyIdSize];
        if (Convert.FromHexString(reference.AsSpan(ReferencePrefix.Length), id, out _, out var written) != System.Buffers.OperationStatus.Done || written != KeyIdSize)
        {
            throw Errors.MalformedReference();
        }

        return id;
    }

    private List<IObjectHandle> FindKeys(ISession session, byte[] id)
    {
        var attributes = _module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_ID, id),
        };
        try
        {
            return session.FindAllObjects(template);
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.OperationFailed("C_FindObjects", ex.RV, ex);
        }
    }

    private T WithKey<T>(string reference, byte[] id, string operation, Func<ISession, IObjectHandle, T> use, CancellationToken cancellationToken)
    {
        return _sessions.Run((Reference: reference, Id: id, Operation: operation, Use: use), (session, state) =>
        {
            // Handles of token objects are shared by the sessions of the process, so one found once is
            // reused; if the object was destroyed meanwhile (by another process), it is looked up again.
            for (var attempt = 0; ; attempt++)
            {
                var handle = _handles.GetValueOrDefault(state.Reference) ?? FindKey(session, state.Reference, state.Id);
                try
                {
                    return state.Use(session, handle);
                }
                catch (Pkcs11Exception ex) when (attempt == 0 && ex.RV is CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_OBJECT_HANDLE_INVALID)
                {
                    _handles.TryRemove(state.Reference, out _);
                }
                catch (Pkcs11Exception ex)
                {
                    throw Errors.OperationFailed(state.Operation, ex.RV, ex);
                }
            }
        }, cancellationToken);
    }

    private IObjectHandle FindKey(ISession session, string reference, byte[] id)
    {
        var found = FindKeys(session, id);
        var handle = found.Count switch
        {
            0 => throw Errors.KeyNotFound(),
            1 => found[0],
            _ => throw Errors.DuplicateKey(),
        };
        _handles[reference] = handle;
        return handle;
    }

    private IObjectHandle GenerateKey(ISession session, (byte[] Id, string Label) key)
    {
        var attributes = _module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            attributes.Create(CKA.CKA_VALUE_LEN, (ulong)KeySize),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_ENCRYPT, true),
            attributes.Create(CKA.CKA_DECRYPT, true),
            attributes.Create(CKA.CKA_WRAP, false),
            attributes.Create(CKA.CKA_UNWRAP, false),
            attributes.Create(CKA.CKA_SIGN, false),
            attributes.Create(CKA.CKA_VERIFY, false),
            attributes.Create(CKA.CKA_DERIVE, false),
            attributes.Create(CKA.CKA_LABEL, key.Label),
            attributes.Create(CKA.CKA_ID, key.Id),
        };
        using var mechanism = _module.Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN);
        try
        {
            return session.GenerateKey(mechanism, template);
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.OperationFailed("C_GenerateKey", ex.RV, ex);
        }
    }

    private bool DestroyKeys(ISession session, byte[] id)
    {
        foreach (var handle in FindKeys(session, id))
        {
            try
            {
                session.DestroyObject(handle);
            }
            catch (Pkcs11Exception ex)
            {
                throw Errors.OperationFailed("C_DestroyObject", ex.RV, ex);
            }
        }

        return true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
