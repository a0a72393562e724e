namespace Telehealth.Media.Srtp;

/// <summary>
/// The highest packet index seen for one SSRC and a sliding bitmap of the indexes just below it (RFC 3711 §3.3.2).
/// Bit <c>i mod size</c> records index <c>i</c> while <c>i</c> is within the window.
/// </summary>
internal sealed class ReplayWindow
{
    private readonly ulong[] _bits;
    private readonly int _size;

    public ReplayWindow(int size)
    {
        _size = size;
        _bits = new ulong[size / 64];
    }

    /// <summary>Gets the highest index accepted, or -1 before the first.</summary>
    public long Highest { get; private set; } = -1;

    /// <summary>Whether <paramref name="index"/> is new: above the highest, or inside the window and not yet seen.</summary>
    public bool IsFresh(long index)
    {
        if (index < 0)
        {
            return false;
        }

        if (Highest < 0 || index > Highest)
        {
            return true;
        }

        if (Highest - index >= _size)
        {
            return false;
        }

        var position = (int)(index % _size);
        return (_bits[position >> 6] & (1UL << (position & 63))) == 0;
    }

    /// <summary>Records <paramref name="index"/>; call only for an index <see cref="IsFresh"/> accepted and whose packet authenticated.</summary>
    public void Accept(long index)
    {
        if (Highest >= 0 && index > Highest)
        {
            var advance = index - Highest;
            if (advance >= _size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (var i = Highest + 1; i <= index; i++)
                {
                    var cleared = (int)(i % _size);
                    _bits[cleared >> 6] &= ~(1UL << (cleared & 63));
                }
            }
        }

        if (index > Highest)
        {
            Highest = index;
        }

        var position = (int)(index % _size);
        _bits[position >> 6] |= 1UL << (position & 63);
    }

    /// <summary>Places the window at <paramref name="highest"/> with nothing below it seen (used when announcing state).</summary>
    public void Reset(long highest)
    {
        Array.Clear(_bits);
        Highest = highest;
    }
}
