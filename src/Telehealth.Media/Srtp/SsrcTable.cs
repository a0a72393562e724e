namespace Telehealth.Media.Srtp;

/// <summary>The replay windows of the SSRCs of one stream kind (SRTP or SRTCP), bounded in number.</summary>
internal sealed class SsrcTable
{
    private readonly Dictionary<uint, SsrcState> _states = [];
    private readonly int _capacity;
    private readonly int _windowSize;

    public SsrcTable(int capacity, int windowSize)
    {
        _capacity = capacity;
        _windowSize = windowSize;
    }

    public bool IsFull => _states.Count >= _capacity;

    public SsrcState? Find(uint ssrc) => _states.GetValueOrDefault(ssrc);

    /// <summary>Creates the state of a new SSRC; the caller has checked <see cref="IsFull"/>.</summary>
    public SsrcState Add(uint ssrc)
    {
        var state = new SsrcState(new ReplayWindow(_windowSize));
        _states.Add(ssrc, state);
        return state;
    }
}

/// <summary>What a session knows of one SSRC: its replay window and, when sending SRTCP, the next SRTCP index.</summary>
internal sealed class SsrcState
{
    public SsrcState(ReplayWindow window)
    {
        Window = window;
    }

    public ReplayWindow Window { get; }

    public uint NextSrtcpIndex { get; set; }
}
