namespace Telehealth.Audit;

/// <summary>
/// Counts events per key over a sliding window of event time and says when a key reaches a threshold,
/// at most once per window. Not thread-safe: alert rules are evaluated by one thread at a time.
/// </summary>
/// <remarks>
/// <para>
/// An event at time t counts for the half-open window (t - window, t]: an event exactly one window
/// older than the newest has dropped out. Each key keeps its event times sorted, so an entry that
/// arrives slightly out of time order (several nodes, clock skew) still counts where it belongs, and
/// a single far-future timestamp cannot freeze the window of anyone else. Each key keeps at most
/// <c>threshold</c> times at or before the newest event, and keys whose window is empty are swept
/// away, so memory stays proportional to the keys active in the last window.
/// </para>
/// <para>
/// After a key fires it stays quiet until an event at least one window away from the firing event,
/// and it fires again only if the threshold is reached by events inside that later window.
/// </para>
/// </remarks>
internal sealed class SlidingWindowCounter
{
    private const int SweepInterval = 1024;
    private readonly int _threshold;
    private readonly long _window;
    private readonly Dictionary<string, KeyWindow> _keys = new(StringComparer.Ordinal);
    private int _untilSweep = SweepInterval;

    public SlidingWindowCounter(int threshold, TimeSpan window, string thresholdParameter, string windowParameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1, thresholdParameter);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, windowParameter);
        _threshold = threshold;
        _window = window.Ticks;
    }

    /// <summary>Gets how many keys hold state; for tests of the sweep.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>Records one event and returns whether it raises an alert for <paramref name="key"/>.</summary>
    public bool Record(string key, DateTimeOffset occurredAt)
    {
        var now = occurredAt.UtcTicks;
        if (!_keys.TryGetValue(key, out var window))
        {
            window = new KeyWindow();
            _keys.Add(key, window);
        }

        window.DropThrough(now - _window);
        var count = window.Insert(now);
        if (count > _threshold)
        {
            window.Times.RemoveRange(0, count - _threshold);
        }

        var fire = count >= _threshold && window.MayAlert(now, _window);
        if (fire)
        {
            window.LastAlert = now;
        }

        if (--_untilSweep == 0)
        {
            _untilSweep = SweepInterval;
            Sweep(now);
        }

        return fire;
    }

    private void Sweep(long now)
    {
        foreach (var (key, window) in _keys)
        {
            window.DropThrough(now - _window);
            if (window.Times.Count == 0 && window.MayAlert(now, _window))
            {
                _keys.Remove(key);
            }
        }
    }

    private sealed class KeyWindow
    {
        public List<long> Times { get; } = new(4);

        public long? LastAlert { get; set; }

        public bool MayAlert(long now, long window) => LastAlert is not { } last || Math.Abs(now - last) >= window;

        /// <summary>Drops the times at or before <paramref name="cutoff"/>.</summary>
        public void DropThrough(long cutoff)
        {
            var times = Times;
            var stale = 0;
            while (stale < times.Count && times[stale] <= cutoff)
            {
                stale++;
            }

            if (stale > 0)
            {
                times.RemoveRange(0, stale);
            }
        }

        /// <summary>Inserts a time in order and returns how many times are at or before it.</summary>
        public int Insert(long time)
        {
            var times = Times;
            var index = times.Count;
            while (index > 0 && times[index - 1] > time)
            {
                index--;
            }

            times.Insert(index, time);
            return index + 1;
        }
    }
}
