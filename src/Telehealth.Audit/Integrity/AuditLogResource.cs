namespace Telehealth.Audit;

/// <summary>One resource of the log in the C2SP tlog-tiles layout, as <see cref="AuditLogTiles"/> serves it.</summary>
/// <param name="Content">The bytes to send.</param>
/// <param name="MediaType">The media type: <c>text/plain; charset=utf-8</c> for the checkpoint, <c>application/octet-stream</c> for tiles and bundles.</param>
/// <param name="Immutable">Whether the resource never changes (tiles and entry bundles), so clients may cache it for good.</param>
public sealed record AuditLogResource(ReadOnlyMemory<byte> Content, string MediaType, bool Immutable)
{
    /// <inheritdoc />
    public bool Equals(AuditLogResource? other) =>
        other is not null && MediaType == other.MediaType && Immutable == other.Immutable && Content.Span.SequenceEqual(other.Content.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MediaType, Immutable, Content.Length);
}
