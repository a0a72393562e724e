using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto;

/// <summary>
/// What a ciphertext belongs to: tenant, record type, record id, purpose and, for crypto-shredding, the
/// data subject. The context is bound to the ciphertext as associated data and never stored in it, so a
/// ciphertext moved to another record, tenant or purpose fails to decrypt. Build it from the record's
/// identity, not from values an attacker can choose.
/// </summary>
public sealed class EncryptionContext
{
    /// <summary>The largest size, in UTF-8 bytes, of one context value.</summary>
    public const int MaxValueBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _hash;

    /// <summary>Initializes a new instance of the <see cref="EncryptionContext"/> class.</summary>
    /// <param name="tenant">The tenant (organization) that owns the record.</param>
    /// <param name="recordType">The kind of record, such as <c>visit-note</c>.</param>
    /// <param name="recordId">The record's stable identifier.</param>
    /// <param name="purpose">What the ciphertext is for, such as <c>storage</c> or <c>backup</c>.</param>
    /// <param name="subject">
    /// The data subject (for example the patient id) whose subject key the record is also encrypted
    /// under, so destroying that key makes exactly this subject's records unreadable; <see langword="null"/>
    /// for records not tied to one subject.
    /// </param>
    public EncryptionContext(string tenant, string recordType, string recordId, string purpose, string? subject = null)
    {
        Tenant = Require(tenant, nameof(tenant));
        RecordType = Require(recordType, nameof(recordType));
        RecordId = Require(recordId, nameof(recordId));
        Purpose = Require(purpose, nameof(purpose));
        Subject = subject is null ? null : Require(subject, nameof(subject));
        _hash = ComputeHash();
    }

    /// <summary>Gets the tenant that owns the record.</summary>
    public string Tenant { get; }

    /// <summary>Gets the kind of record.</summary>
    public string RecordType { get; }

    /// <summary>Gets the record's identifier.</summary>
    public string RecordId { get; }

    /// <summary>Gets what the ciphertext is for.</summary>
    public string Purpose { get; }

    /// <summary>Gets the data subject for crypto-shredding, or <see langword="null"/>.</summary>
    public string? Subject { get; }

    /// <summary>Gets the SHA-256 of the canonical encoding (FORMAT.md), which is what the ciphertext binds.</summary>
    internal ReadOnlySpan<byte> Hash => _hash;

    /// <summary>Returns the tenant and record type only; record ids and subjects may identify a patient.</summary>
    /// <returns>A description without identifiers.</returns>
    public override string ToString() => $"EncryptionContext(tenant: {Tenant}, recordType: {RecordType})";

    private static string Require(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("The value is not valid Unicode text.", parameterName);
        }

        if (length > MaxValueBytes)
        {
            throw new ArgumentException($"The value is longer than {MaxValueBytes} UTF-8 bytes.", parameterName);
        }

        return value;
    }

    private byte[] ComputeHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("THCTX1"u8);
        Append(hash, 1, Tenant);
        Append(hash, 2, RecordType);
        Append(hash, 3, RecordId);
        Append(hash, 4, Purpose);
        if (Subject is not null)
        {
            Append(hash, 5, Subject);
        }

        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, byte tag, string value)
    {
        var bytes = StrictUtf8.GetBytes(value);
        Span<byte> prefix = stackalloc byte[3];
        prefix[0] = tag;
        BinaryPrimitives.WriteUInt16BigEndian(prefix[1..], (ushort)bytes.Length);
        hash.AppendData(prefix);
        hash.AppendData(bytes);
    }
}
