using System.Globalization;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// The C2SP tlog-tiles layout: the tree is cut into tiles of 256 hashes. A tile of level <c>L</c>
/// holds the hashes of tree level <c>8·L</c> (level 0: leaf hashes), tile <c>N</c> of a level holds
/// that level's hashes <c>256·N</c> to <c>256·N + 255</c>, and a partial tile at the right edge holds
/// fewer (its width). Paths are <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>, with <c>N</c> written in zero-padded groups of three
/// digits, all but the last prefixed with <c>x</c> (1234067 is <c>x001/x234/067</c>).
/// </summary>
internal static class TlogTiles
{
    /// <summary>Tree levels per tile level.</summary>
    public const int Height = 8;

    /// <summary>Hashes in a full tile.</summary>
    public const int Width = 1 << Height;

    /// <summary>Bytes of a full hash tile.</summary>
    public const int FullTileBytes = Width * MerkleHash.Size;

    /// <summary>The highest tile level a tree of at most 2^63 leaves can have.</summary>
    public const int MaxLevel = 7;

    /// <summary>Gets how many hashes tile <paramref name="index"/> of <paramref name="level"/> holds in a tree of <paramref name="treeSize"/> leaves (0 when none).</summary>
    public static int WidthAt(int level, long index, long treeSize)
    {
        var hashes = LevelSize(level, treeSize) - (index * Width);
        return hashes <= 0 ? 0 : (int)Math.Min(Width, hashes);
    }

    /// <summary>Gets how many hashes tree level <c>8·<paramref name="level"/></c> has in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static long LevelSize(int level, long treeSize) => level * Height >= 63 ? 0 : treeSize >> (level * Height);

    /// <summary>Gets how many full tiles <paramref name="level"/> has in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static long FullTiles(int level, long treeSize) => LevelSize(level, treeSize) / Width;

    /// <summary>Gets the path of a hash tile; a width below 256 makes it a partial tile.</summary>
    public static string HashTilePath(int level, long index, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"tile/{level}/{EncodeIndex(index)}{PartialSuffix(width)}");

    /// <summary>Gets the path of an entry bundle; a width below 256 makes it a partial bundle.</summary>
    public static string EntryBundlePath(long index, int width) =>
        "tile/entries/" + EncodeIndex(index) + PartialSuffix(width);

    /// <summary>
    /// Parses a tile path strictly (canonical digits only). <paramref name="level"/> is -1 for an
    /// entry bundle.
    /// </summary>
    public static bool TryParse(string path, out int level, out long index, out int width)
    {
        level = 0;
        index = 0;
        width = Width;
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile")
        {
            return false;
        }

        if (parts[1] == "entries")
        {
            level = -1;
        }
        else if (parts[1].Length != 1 || parts[1][0] < '0' || parts[1][0] > '0' + MaxLevel)
        {
            return false;
        }
        else
        {
            level = parts[1][0] - '0';
        }

        var end = parts.Length;
        if (parts[^1].Length > 0 && parts.Length >= 4 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseDigits(parts[^1], out var w) || w < 1 || w >= Width || parts[^1] != w.ToString(CultureInfo.InvariantCulture))
            {
                return false;
            }

            width = (int)w;
            parts[^2] = parts[^2][..^2];
            end = parts.Length - 1;
        }

        var groups = end - 2;
        if (groups < 1 || groups > 7)
        {
            return false;
        }

        for (var i = 2; i < end; i++)
        {
            var group = parts[i];
            var last = i == end - 1;
            var digits = last ? group : group.StartsWith('x') ? group[1..] : string.Empty;
            if (digits.Length != 3 || !TryParseDigits(digits, out var value))
            {
                return false;
            }

            if (index > (long.MaxValue - value) / 1000)
            {
                return false;
            }

            index = (index * 1000) + value;
        }

        // Only the shortest encoding is canonical: no leading "x000" groups.
        return EncodeIndex(index).Count(c => c == '/') == groups - 1;
    }

    private static string PartialSuffix(int width) =>
        width is > 0 and < Width ? string.Create(CultureInfo.InvariantCulture, $".p/{width}") : string.Empty;

    private static string EncodeIndex(long index)
    {
        var text = index.ToString(CultureInfo.InvariantCulture);
        text = text.PadLeft((text.Length + 2) / 3 * 3, '0');
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i += 3)
        {
            if (i + 3 < text.Length)
            {
                builder.Append('x').Append(text, i, 3).Append('/');
            }
            else
            {
                builder.Append(text, i, 3);
            }
        }

        return builder.ToString();
    }

    private static bool TryParseDigits(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
