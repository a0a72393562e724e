using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// A bounded pool of read-write sessions on one token. A PKCS#11 session runs one operation at a time,
/// so each call rents a session for its duration. The first session logs in; PKCS#11 login state
/// belongs to the application, so sessions opened later are logged in too for as long as any session
/// of the application stays open, which the first one does until the pool is disposed.
/// </summary>
internal sealed class Pkcs11SessionPool : IDisposable
{
    private readonly ISlot _slot;
    private readonly int _size;
    private readonly SemaphoreSlim _available;
    private readonly ConcurrentBag<ISession> _idle = [];
    private readonly ConcurrentDictionary<ISession, byte> _open = new();
    private int _disposed;

    public Pkcs11SessionPool(ISlot slot, int size, ISession loggedIn)
    {
        _slot = slot;
        _size = size;
        _available = new SemaphoreSlim(size, size);
        _open.TryAdd(loggedIn, 0);
        _idle.Add(loggedIn);
    }

    public T Run<T, TState>(TState state, Func<ISession, TState, T> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _available.Wait(cancellationToken);
        ISession? session = null;
        var healthy = true;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_idle.TryTake(out session))
            {
                session = _slot.OpenSession(SessionType.ReadWrite);
                _open.TryAdd(session, 0);
            }

            return operation(session, state);
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED)
        {
            healthy = false;
            throw;
        }
        finally
        {
            if (session is not null)
            {
                if (healthy)
                {
                    _idle.Add(session);
                }
                else
                {
                    _open.TryRemove(session, out _);
                }
            }

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
            try
            {
                session.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // The token may already have dropped it; closing is best effort.
            }
        }

        _open.Clear();
        _available.Dispose();
    }
}
