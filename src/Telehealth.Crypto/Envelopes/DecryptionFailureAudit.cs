using System.Globalization;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Audits decryption failures without letting a flood of bad ciphertexts flood the audit log: up to a
/// limit per minute each failure is its own record; beyond it failures are counted per error code and
/// one summary record per minute says how many were not recorded one by one. Memory stays constant,
/// whatever an attacker sends: the counts are keyed by this library's error codes, never by anything
/// read from the ciphertext.
/// </summary>
internal sealed class DecryptionFailureAudit : IDisposable
{
    /// <summary>The action of the summary record.</summary>
    public const string SuppressedAction = "crypto.decrypt.failures_suppressed";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>At most this many codes get a field of their own in a summary; the audit log allows 16 extra fields.</summary>
    private const int MaxCodeFields = 12;

    private readonly KeyAudit _audit;
    private readonly string _keyringId;
    private readonly int _limit;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _suppressed = new(StringComparer.Ordinal);
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _recorded;
    private ITimer? _flush;
    private bool _disposed;

    public DecryptionFailureAudit(KeyAudit audit, string keyringId, int maxRecordsPerMinute, TimeProvider time)
    {
        _audit = audit;
        _keyringId = keyringId;
        _limit = maxRecordsPerMinute;
        _time = time;
    }

    /// <summary>
    /// Records one failure, or counts it when this minute's records are used up. The task completes once
    /// the record is written (or its failure logged); at once for a counted failure. It never faults.
    /// </summary>
    public Task Failed(string keyringId, int version, string code)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                FlushLocked(now);
                _windowStart = now;
                _recorded = 0;
            }

            if (_recorded < _limit)
            {
                _recorded++;
                return _audit.DecryptFailedAsync(keyringId, version, code);
            }

            _suppressed[code] = _suppressed.GetValueOrDefault(code) + 1;
            if (_flush is null && !_disposed)
            {
                // The summary is written when the minute ends, even if no further failure arrives.
                _flush = _time.CreateTimer(static state => ((DecryptionFailureAudit)state!).Flush(), this, _windowStart + Window - now, Timeout.InfiniteTimeSpan);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Writes the summary of anything still counted, so nothing counted is lost on shutdown; <see cref="KeyAudit.DrainAsync"/> waits for it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            FlushLocked(_time.GetUtcNow());
        }
    }

    private void Flush()
    {
        lock (_lock)
        {
            FlushLocked(_time.GetUtcNow());
        }
    }

    private void FlushLocked(DateTimeOffset now)
    {
        _flush?.Dispose();
        _flush = null;
        if (_suppressed.Count == 0)
        {
            return;
        }

        var total = _suppressed.Values.Sum();
        var fields = new List<AuditField>
        {
            AuditField.Operational("failures.suppressed", total.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("window.start", _windowStart.ToString("O", CultureInfo.InvariantCulture)),
            AuditField.Operational("window.end", Min(now, _windowStart + Window).ToString("O", CultureInfo.InvariantCulture)),
        };
        var ranked = _suppressed.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        foreach (var (code, count) in ranked.Take(MaxCodeFields))
        {
            // Field names are lower case: "code.th2005" for TH2005 (every code of this library is TH and four digits).
            fields.Add(AuditField.Operational("code.th" + code[2..], count.ToString(CultureInfo.InvariantCulture)));
        }

        if (ranked.Count > MaxCodeFields)
        {
            fields.Add(AuditField.Operational("code.other", ranked.Skip(MaxCodeFields).Sum(c => c.Value).ToString(CultureInfo.InvariantCulture)));
        }

        _suppressed.Clear();
        _ = _audit.CipherEventAsync(SuppressedAction, _keyringId, AuditOutcome.Failed(ranked[0].Key), [.. fields]);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
