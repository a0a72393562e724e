using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// A bounded pool of read-write sessions on one token. A PKCS#11 session runs one operation at a time,
/// so each call rents a session for its duration. PKCS#11 login state belongs to the application: a
/// session opened while another is logged in is logged in too, so the pool logs in only when a new
/// session is not (the first one, or after the token dropped every session, e.g. on a restart).
/// </summary>
internal sealed class Pkcs11SessionPool : IDisposable
{
    private readonly ISlot _slot;
    private readonly Action<ISession> _logIn;
    private readonly int _size;
    private readonly SemaphoreSlim _available;
    private readonly ConcurrentBag<ISession> _idle = [];
    private readonly ConcurrentDictionary<ISession, byte> _open = new();
    private int _disposed;

    public Pkcs11SessionPool(ISlot slot, int size, Action<ISession> logIn)
    {
        _slot = slot;
        _logIn = logIn;
        _size = size;
        _available = new SemaphoreSlim(size, size);
    }

    public ISlot Slot => _slot;

    public T Run<T, TState>(TState state, Func<ISession, TState, T> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _available.Wait(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            for (var attempt = 0; ; attempt++)
            {
                var session = _idle.TryTake(out var idle) ? idle : Open();
                var lost = false;
                try
                {
                    return operation(session, state);
                }
                catch (Exception ex) when (IsSessionLost(ex))
                {
                    // The token dropped its sessions (restart, removal): the idle ones are gone too.
                    // Retry once on a new session, which logs in again.
                    lost = true;
                    Discard(session);
                    while (_idle.TryTake(out var stale))
                    {
                        Discard(stale);
                    }

                    if (attempt > 0)
                    {
                        throw;
                    }
                }
                finally
                {
                    if (!lost)
                    {
                        _idle.Add(session);
                    }
                }
            }
        }
        finally
        {
            _available.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Wait for the calls in flight, so no session is closed under one of them.
        for (var i = 0; i < _size; i++)
        {
            _available.Wait();
        }

        foreach (var session in _open.Keys)
        {
            Close(session);
        }

        _open.Clear();
        _available.Dispose();
    }

    private static bool IsSessionLost(Exception exception) =>
        (exception as Pkcs11Exception ?? exception.InnerException as Pkcs11Exception)?.RV
            is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_USER_NOT_LOGGED_IN;

    private static void Close(ISession session)
    {
        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The token may already have dropped it; closing is best effort.
        }
    }

    private void Discard(ISession session)
    {
        _open.TryRemove(session, out _);
        Close(session);
    }

    private ISession Open()
    {
        ISession session;
        try
        {
            session = _slot.OpenSession(SessionType.ReadWrite);
        }
        catch (Pkcs11Exception ex)
        {
            throw Errors.OperationFailed("C_OpenSession", ex.RV, ex);
        }

        try
        {
            if (session.GetSessionInfo().State != CKS.CKS_RW_USER_FUNCTIONS)
            {
                _logIn(session);
            }
        }
        catch
        {
            Close(session);
            throw;
        }

        _open.TryAdd(session, 0);
        return session;
    }
}
