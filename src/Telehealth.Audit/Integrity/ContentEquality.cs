namespace Telehealth.Audit;

/// <summary>Equality over contents for the package's records that hold buffers or lists (a record's own equality compares those by reference).</summary>
internal static class ContentEquality
{
    public static bool Hashes(IReadOnlyList<byte[]> left, IReadOnlyList<byte[]> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!left[i].AsSpan().SequenceEqual(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int HashOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes[..Math.Min(bytes.Length, 32)]);
        hash.Add(bytes.Length);
        return hash.ToHashCode();
    }
}
