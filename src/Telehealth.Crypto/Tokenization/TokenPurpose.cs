using System.Text;

namespace Telehealth.Crypto;

/// <summary>
/// The namespace a pseudonym belongs to, such as <c>logs</c> or <c>analytics.visits</c>. It is
/// part of the MAC input, so the same identifier gives unrelated tokens in two purposes and tokens
/// cannot be joined across them.
/// </summary>
public sealed class TokenPurpose
{
    /// <summary>The longest purpose name.</summary>
    public const int MaxLength = 64;

    private static readonly byte[] Domain = "tok1"u8.ToArray();

    private readonly byte[] _prefix;

    /// <summary>Initializes a new instance of the <see cref="TokenPurpose"/> class.</summary>
    /// <param name="name">1–64 characters from a-z, 0-9, '.', '_', ':', '/' and '-'.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, too long or has other characters.</exception>
    public TokenPurpose(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or ':' or '/' or '-'))
        {
            throw new ArgumentException($"A token purpose is 1 to {MaxLength} characters from a-z, 0-9, '.', '_', ':', '/' and '-'.", nameof(name));
        }

        Name = name;
        _prefix = [.. Domain, 0x00, (byte)name.Length, .. Encoding.ASCII.GetBytes(name)];
    }

    /// <summary>Gets the purpose name.</summary>
    public string Name { get; }

    /// <summary>Gets the MAC input that precedes the identifier: <c>"tok1" 0x00 len(name) name</c>.</summary>
    internal ReadOnlySpan<byte> Prefix => _prefix;

    /// <summary>Returns the purpose name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
